#!/usr/bin/env node
// An example app: a page with no token (index.html + app.js) and, on the same origin, the proxy of
// `unified-inference/server` that calls the provider with the server's token. Offline: the provider is the
// built-in mock (startMockProvider), whose `fetch` is the proxy's upstream. Swap `fetch: mock.fetch` and the
// token for `accessToken: process.env.HF_TOKEN` and it talks to Hugging Face.
//
// Run: npm run demo:proxy  (or: npm run build && node examples/proxy-app/server.mjs [--port 8788] [--host 127.0.0.1])
// Serves until Ctrl-C.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { createInferenceHandler, toNodeListener } from "../../dist/server/index.js";
import { startMockProvider } from "../../dist/testing/index.js";

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const port = Number(option("port", process.env.PORT ?? "8788"));
const host = option("host", "127.0.0.1");

const mock = await startMockProvider();
mock.mapModel("Qwen/Qwen3-32B", [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);

const proxy = toNodeListener(
  createInferenceHandler({
    accessToken: "hf_example_server_token", // stays in this process; the page never sees it
    allow: { tasks: ["conversational"], models: ["Qwen/*"] },
    rateLimit: { requests: 60, windowMs: 60_000 },
    fetch: mock.fetch,
  }),
);

// The page's script: the client from dist/ bundled for the browser once, at start.
const bundled = await build({
  entryPoints: [fileURLToPath(new URL("app.js", import.meta.url))],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  write: false,
  logLevel: "silent",
});
const appJs = bundled.outputFiles[0].text;
const html = await readFile(new URL("index.html", import.meta.url), "utf8");

const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  if (path.startsWith("/api/inference/")) return proxy(req, res);
  if (req.method !== "GET" && req.method !== "HEAD") return res.writeHead(405).end();
  if (path === "/") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  if (path === "/app.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(appJs);
  res.writeHead(404, { "content-type": "text/plain" }).end("not found");
});
await new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(port, host, resolve);
});
const shown = host.includes(":") ? `[${host}]` : host;
console.log(
  `proxy app: open http://${shown}:${server.address().port}/ (the proxy is POST /api/inference/<task>; Ctrl-C stops)`,
);

const stop = () => {
  server.closeAllConnections();
  server.close();
  mock.close().finally(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

/**
 * The proxy with a real browser: headless Chromium (Debian's `chromium`, driven by `playwright-core`, as in
 * scripts/runtimes.mjs) loads a page whose `InferenceClient` has `proxyUrl: "/api/inference"` and no token.
 * The page and the proxy share an origin (the documented setup); the proxy calls the mock provider with the
 * server's token. The page gets results, a stream, a Blob, a typed error; every request it makes goes to its
 * own origin, and no response it receives contains the token. Skipped without Chromium or without dist/.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "./support/chromium.js";
import { createInferenceHandler, toNodeListener } from "../src/server/index.js";
import { mockAnswer, startMockProvider, type MockProvider } from "../src/testing/index.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const ready = existsSync(CHROMIUM) && existsSync(DIST);

/** The page's script: calls through the proxy, results on `globalThis.__proxy`. */
const PAGE_ENTRY = `
import { InferenceClient } from ${JSON.stringify(DIST)};
const client = new InferenceClient(undefined, { proxyUrl: "/api/inference" });
const messages = [{ role: "user", content: "Hello from the page" }];
async function main() {
  const out = {};
  const chat = await client.chatCompletion({ model: "Qwen/Qwen3-32B", messages });
  out.chat = chat.choices[0].message.content;
  let text = "";
  for await (const c of client.chatCompletionStream({ model: "Qwen/Qwen3-32B", messages })) {
    text += c.choices[0]?.delta?.content ?? "";
  }
  out.stream = text;
  const image = await client.textToImage(
    { model: "test-org/text-to-image", provider: "hf-inference", inputs: "a cat" },
    { outputType: "blob" },
  );
  out.image = { isBlob: image instanceof Blob, type: image.type, head: Array.from(new Uint8Array(await image.arrayBuffer()).slice(0, 4)) };
  try {
    await client.chatCompletion({ model: "meta-llama/Llama-3.3-70B-Instruct", messages });
    out.denied = "no error";
  } catch (e) {
    out.denied = { name: e.name, status: e.status };
  }
  return out;
}
main().then((r) => (globalThis.__proxy = { result: r }), (e) => (globalThis.__proxy = { error: String(e?.stack ?? e) }));
`;

let mock: MockProvider;
let server: Server;
let origin: string;

beforeAll(async () => {
  if (!ready) return;
  mock = await startMockProvider();
  mock.mapModel("Qwen/Qwen3-32B", [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
  mock.mapModel("test-org/text-to-image", [
    { provider: "hf-inference", providerId: "test-org/text-to-image-hf", task: "text-to-image" },
  ]);
  const built = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const js = built.outputFiles[0]!.text;
  const html = `<!doctype html><meta charset="utf-8"><title>proxy</title><script type="module" src="/page.js"></script>`;
  const proxy = toNodeListener(
    createInferenceHandler({
      accessToken: TOKEN,
      allow: {
        tasks: ["conversational", "text-to-image"],
        models: ["Qwen/*", "test-org/*"],
        providers: ["auto", "hf-inference"],
      },
      fetch: mock.fetch,
    }),
  );
  server = createServer((req, res) => {
    if (req.url?.startsWith("/api/inference/")) return proxy(req, res);
    if (req.url === "/page.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    if (req.url === "/") return res.writeHead(200, { "content-type": "text/html" }).end(html);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});

afterAll(async () => {
  if (!ready) return;
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await mock.close();
});

describe.skipIf(!ready)("a page in headless Chromium uses the proxy", () => {
  it("gets results, a stream, a Blob and a typed error; the token never reaches the page", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      const bodies: Promise<string>[] = [];
      page.on("request", (r) => requested.push(r.url()));
      page.on("response", (r) => {
        bodies.push(
          r.body().then(
            (b) => `${JSON.stringify(r.headers())}\n${b.toString("latin1")}`,
            () => JSON.stringify(r.headers()),
          ),
        );
      });
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (globalThis as { __proxy?: unknown }).__proxy, undefined, { timeout: 60_000 });
      const got = (await page.evaluate(() => (globalThis as { __proxy?: unknown }).__proxy)) as {
        result?: Record<string, any>;
        error?: string;
      };
      expect(got.error).toBeUndefined();
      const r = got.result!;
      expect(r.chat).toBe(mockAnswer("Hello from the page"));
      expect(r.stream).toBe(mockAnswer("Hello from the page"));
      expect(r.image).toEqual({ isBlob: true, type: "image/png", head: [0x89, 0x50, 0x4e, 0x47] });
      expect(r.denied).toEqual({ name: "ProviderApiError", status: 403 });

      // Upstream calls carried the server's token; the page only ever talked to its own origin.
      const chats = mock.find("/chat/completions");
      expect(chats).toHaveLength(2);
      expect(chats.every((c) => c.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(requested.length).toBeGreaterThanOrEqual(6);
      expect(requested.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
      const seen = await Promise.all(bodies);
      expect(seen.length).toBeGreaterThanOrEqual(6);
      for (const s of seen) expect(s).not.toContain(TOKEN);
      expect(await page.content()).not.toContain(TOKEN);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

// The proxy in Deno (runtime matrix): `Deno.serve` on a free loopback port runs the token-keeping proxy of
// `unified-inference/server` (see proxy-core.mjs); the checks call it over HTTP, then one JSON line of results.
import * as server from "../../dist/server/index.js";
import * as testing from "../../dist/testing/browser.js";
import { createProxyApp, proxyChecks } from "./proxy-core.mjs";

const app = createProxyApp(server, testing);
const served = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app);
try {
  const results = await proxyChecks(`http://127.0.0.1:${served.addr.port}`);
  console.log(JSON.stringify({ results }));
} finally {
  await served.shutdown();
}

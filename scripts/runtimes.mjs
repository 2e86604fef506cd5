#!/usr/bin/env node
// The runtime matrix (run by .ci/run after `npm test`): the built library (dist/) runs the same smoke checks
// (test/runtimes/smoke-core.mjs: chat, streaming, featureExtraction, textToImage) against the mock provider,
// which this script starts in Node on loopback. Every call is real HTTP; nothing leaves the machine.
//
//   node        this Node (20 in CI), plus 18 and 22 from the npm packages that ship a node binary
//               (node-<platform>-<arch>), fetched once into node_modules/.cache with `npm pack`
//   deno, bun   the npm packages in devDependencies
//   chromium    headless, driven by playwright-core (Debian package `chromium`, see .ci/run); the page is
//               bundled with esbuild and served from another origin, so every call is a CORS request
//   workerd     Cloudflare's Workers runtime (npm package), a worker bundled with esbuild
//
// Two more entries run the proxy handler of `unified-inference/server` (dist/server/ for Deno, dist/modules/server/ for workerd) inside a runtime,
// with the in-process mock (createMockFetch) as its upstream, and call it over loopback
// (test/runtimes/proxy-core.mjs: chat, stream, refusals with no upstream request, the token in no response):
//   deno-proxy     Deno.serve, called from the same Deno process (test/runtimes/proxy-deno.mjs)
//   workerd-proxy  the worker's fetch handler (test/runtimes/proxy-worker-entry.mjs), called from this runner
//
// Usage: node scripts/runtimes.mjs [name...]   e.g. `node scripts/runtimes.mjs deno chromium`
// Prints one line per runtime (pass, FAIL or skip with the reason) and exits 1 if any runtime failed.
// A runtime that cannot run on this machine (no chromium binary, no registry access for Node 18/22) is
// skipped with a note; set RUNTIMES_STRICT=1 to count skips as failures.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { connect } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = join(ROOT, "test/runtimes");
const CACHE = join(ROOT, "node_modules/.cache/unified-inference-runtimes");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const STRICT = process.env.RUNTIMES_STRICT === "1";
const RUNTIME_TIMEOUT_MS = 120_000;
const require = createRequire(import.meta.url);

// The bytes the mock answers for textToImage: a 1x1 PNG.
const PNG_1x1 = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

/** Runs a command; resolves with its exit code and output, killing it after `timeoutMs`. */
function exec(cmd, args, { timeoutMs = RUNTIME_TIMEOUT_MS, cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, stdout, stderr: `${stderr}${e.message}`, timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, timedOut });
    });
  });
}

/** The smoke results printed by a runtime as its last JSON line. */
function parseResults(out) {
  const line = out.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) {
    const why = out.timedOut ? `timed out after ${RUNTIME_TIMEOUT_MS / 1000}s` : `exit code ${out.code}`;
    throw new Error(`no results (${why}): ${(out.stderr || out.stdout).trim().slice(-800)}`);
  }
  return JSON.parse(line).results;
}

/** A Node binary of another major version, from the npm package that ships it (cached). */
function nodeBinary(major) {
  const os = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  const pkg = `node-${os}-${process.arch}`;
  const dir = join(CACHE, `node-${major}`);
  const bin = join(dir, "package", "bin", process.platform === "win32" ? "node.exe" : "node");
  if (existsSync(bin)) return { bin };
  if (!os) return { skip: `no node binary package for ${process.platform}` };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packed = spawnSync("npm", ["pack", `${pkg}@${major}`, "--pack-destination", dir, "--silent"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 180_000,
  });
  const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (packed.status !== 0 || !tgz) {
    return {
      skip: `could not fetch ${pkg}@${major} from the npm registry: ${(packed.stderr || "").trim().split("\n").at(-1)}`,
    };
  }
  const untar = spawnSync("tar", ["xzf", tgz], { cwd: dir, encoding: "utf8" });
  rmSync(join(dir, tgz), { force: true });
  if (untar.status !== 0 || !existsSync(bin)) return { skip: `could not unpack ${tgz}: ${untar.stderr}` };
  return { bin };
}

async function runNode(bin, mockUrl) {
  const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
  const out = await exec(bin, [join(FIXTURES, "smoke-cli.mjs"), mockUrl]);
  return { version, results: parseResults(out) };
}

async function bundle(entry, platform) {
  const esbuild = await import("esbuild");
  const built = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform,
    target: "es2022",
    conditions: platform === "neutral" ? ["workerd", "worker", "browser"] : [],
    mainFields: ["browser", "module", "main"],
    write: false,
    logLevel: "silent",
  });
  return built.outputFiles[0].text;
}

async function runChromium(mock) {
  if (!existsSync(CHROMIUM)) {
    return { skip: `no chromium at ${CHROMIUM} (Debian: apt-get install -y chromium; or set CHROMIUM_PATH)` };
  }
  const { chromium } = await import("playwright-core");
  const js = await bundle(join(FIXTURES, "browser-entry.mjs"), "browser");
  const html = `<!doctype html><meta charset="utf-8"><title>unified-inference smoke</title><script type="module" src="/smoke.js"></script>`;
  // The page is served by this server, the API by the mock: two origins, so fetch does real CORS.
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/smoke.js")) res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    else if (req.url === "/" || req.url?.startsWith("/?"))
      res.writeHead(200, { "content-type": "text/html" }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const pageOrigin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const before = mock.requests.length;
    await page.goto(`${pageOrigin}/?mock=${encodeURIComponent(mock.url)}`);
    await page.waitForFunction(() => globalThis.__smoke, undefined, { timeout: 60_000 });
    const smoke = await page.evaluate(() => globalThis.__smoke);
    if (smoke.error) throw new Error(`${smoke.error} ${errors.join("; ")}`);
    // The calls must have been cross-origin requests from the page, not something else.
    const fromPage = mock.requests.slice(before).filter((r) => r.headers.origin === pageOrigin).length;
    smoke.results.push({
      name: "cors",
      ok: fromPage >= smoke.results.filter((r) => r.ok && !r.skipped).length,
      detail: `${fromPage} cross-origin requests from ${pageOrigin}`,
    });
    const version = browser.version();
    return { version: `chromium ${version}`, results: smoke.results };
  } finally {
    await browser.close();
    server.close();
  }
}

/** A free loopback port (the listener is closed right away; workerd binds it next). */
async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** Serves the worker bundled from `entry` with workerd on a free loopback port; `use(origin)` gives the outcome. */
async function withWorkerd(entry, use) {
  let workerd;
  try {
    workerd = require("workerd");
  } catch {
    return { skip: "the workerd package is not installed" };
  }
  const bin = workerd.default;
  if (!bin || !existsSync(bin)) return { skip: `no workerd binary for ${process.platform}-${process.arch}` };
  const dir = mkdtempSync(join(tmpdir(), "unified-inference-workerd-"));
  const port = await freePort();
  writeFileSync(join(dir, "worker.js"), await bundle(entry, "neutral"));
  // Workers may not reach private addresses by default; the mock is on loopback ("local").
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smoke),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const smoke :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${workerd.compatibilityDate}",
  globalOutbound = "loopback",
);
`,
  );
  const child = spawn(bin, ["serve", join(dir, "config.capnp")], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((r) => child.on("exit", (code) => r(code)));
  try {
    // Ready once the socket accepts a connection.
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}: ${log.trim().slice(-800)}`);
      const open = await new Promise((r) => {
        const sock = connect(port, "127.0.0.1", () => (sock.destroy(), r(true)));
        sock.on("error", () => r(false));
      });
      if (open) break;
      if (Date.now() > deadline) throw new Error(`workerd did not listen: ${log.trim().slice(-800)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const outcome = await use(`http://127.0.0.1:${port}`).catch((e) => {
      throw new Error(`${e.message} ${log.trim().slice(-800)}`);
    });
    return { version: `workerd ${workerd.version}`, ...outcome };
  } finally {
    if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function runWorkerd(mockUrl) {
  return withWorkerd(join(FIXTURES, "worker-entry.mjs"), async (origin) => {
    const res = await fetch(`${origin}/?mock=${encodeURIComponent(mockUrl)}`, { signal: AbortSignal.timeout(60_000) });
    return { results: (await res.json()).results };
  });
}

/** The proxy handler as the worker's fetch handler (test/runtimes/proxy-core.mjs), called from here. */
async function runWorkerdProxy() {
  const { proxyChecks } = await import(join(FIXTURES, "proxy-core.mjs"));
  return withWorkerd(join(FIXTURES, "proxy-worker-entry.mjs"), async (origin) => ({
    results: await proxyChecks(origin),
  }));
}

function binIn(name) {
  const p = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
  return existsSync(p) ? p : undefined;
}

async function main() {
  if (!existsSync(join(ROOT, "dist", "index.js"))) {
    console.log("dist/ is missing: building with tsup");
    const built = spawnSync("npx", ["tsup"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) process.exit(1);
  }
  const { startMockProvider } = await import(join(ROOT, "dist/testing/index.js"));
  const mock = await startMockProvider();
  mock.on("/runtime-smoke/text-to-image", { bytes: PNG_1x1, headers: { "content-type": "image/png" } });

  const smokeFile = join(FIXTURES, "smoke-cli.mjs");
  const runtimes = [
    { name: "node", run: () => runNode(process.execPath, mock.url) },
    ...["18", "22"].map((major) => ({
      name: `node${major}`,
      run: () => {
        const found = nodeBinary(major);
        return found.skip ? found : runNode(found.bin, mock.url);
      },
    })),
    {
      name: "deno",
      run: async () => {
        const deno = binIn("deno");
        if (!deno) return { skip: "the deno package is not installed" };
        const version = spawnSync(deno, ["--version"], { encoding: "utf8" }).stdout.split(" (")[0];
        const args = ["run", "--quiet", "--no-prompt", "--no-lock", "--allow-net=127.0.0.1", smokeFile, mock.url];
        return { version, results: parseResults(await exec(deno, args)) };
      },
    },
    {
      name: "bun",
      run: async () => {
        const bun = binIn("bun");
        if (!bun) return { skip: "the bun package is not installed" };
        const version = `bun ${spawnSync(bun, ["--version"], { encoding: "utf8" }).stdout.trim()}`;
        return { version, results: parseResults(await exec(bun, [smokeFile, mock.url])) };
      },
    },
    { name: "chromium", run: () => runChromium(mock) },
    { name: "workerd", run: () => runWorkerd(mock.url) },
    {
      name: "deno-proxy",
      run: async () => {
        const deno = binIn("deno");
        if (!deno) return { skip: "the deno package is not installed" };
        const version = spawnSync(deno, ["--version"], { encoding: "utf8" }).stdout.split(" (")[0];
        const script = join(FIXTURES, "proxy-deno.mjs");
        const args = ["run", "--quiet", "--no-prompt", "--no-lock", "--allow-net=127.0.0.1", script];
        return { version, results: parseResults(await exec(deno, args)) };
      },
    },
    { name: "workerd-proxy", run: () => runWorkerdProxy() },
  ];
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !runtimes.some((r) => r.name === w));
  if (unknown.length) {
    console.error(`unknown runtime ${unknown.join(", ")}; known: ${runtimes.map((r) => r.name).join(", ")}`);
    process.exit(2);
  }

  let failed = 0;
  let skipped = 0;
  const started = Date.now();
  for (const rt of runtimes) {
    if (wanted.length && !wanted.includes(rt.name)) continue;
    const t0 = Date.now();
    let outcome;
    try {
      outcome = await rt.run();
    } catch (e) {
      outcome = { error: e?.message ?? String(e) };
    }
    const secs = `${((Date.now() - t0) / 1000).toFixed(1)}s`;
    if (outcome.skip) {
      skipped++;
      console.log(`${STRICT ? "FAIL" : "skip"} ${rt.name.padEnd(13)} ${outcome.skip}`);
      continue;
    }
    if (outcome.error) {
      failed++;
      console.log(`FAIL ${rt.name.padEnd(13)} ${outcome.error} (${secs})`);
      continue;
    }
    const bad = outcome.results.filter((r) => !r.ok);
    const checks = outcome.results
      .map((r) => `${r.name}${r.skipped ? " (skipped)" : r.ok ? (r.detail ? ` (${r.detail})` : "") : " FAILED"}`)
      .join(", ");
    console.log(`${bad.length ? "FAIL" : "pass"} ${rt.name.padEnd(13)} ${outcome.version}: ${checks} (${secs})`);
    for (const r of bad) console.log(`       ${r.name}: ${r.detail}`);
    if (bad.length) failed++;
  }
  await mock.close();
  const total = `${((Date.now() - started) / 1000).toFixed(1)}s`;
  if (failed || (STRICT && skipped)) {
    console.log(`runtime matrix: ${failed} failed, ${skipped} skipped (${total})`);
    process.exit(1);
  }
  console.log(`runtime matrix: all passed${skipped ? `, ${skipped} skipped` : ""} (${total})`);
}

await main();

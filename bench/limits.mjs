// `npm run bench:limits` (also the last section of `npm run bench`): many calls at once against a provider
// that allows 50 requests a second. A loopback feature-extraction provider (bench/limits-provider.mjs: a
// token bucket of RATE a second with a burst of RATE/10, 429 + `Retry-After: 1` without a token, 10 ms per
// answer) takes N one-text embedding calls made four ways:
//   (a) Promise.all over client.featureExtraction, no limits (retries on: 2 by default, the library's backoff)
//   (b) a p-limit(8) loop over the same calls, no limits (over the first SHORT_N inputs)
//   (c) limits: { "*": { requestsPerSecond } } and client.map, concurrency 8, batchSize 1: once with the
//       provider's own rate (over the first SHORT_N inputs: each 429 pauses the client for 1 s, which makes
//       this row slow), once 2 % under it (UNDER, over all N inputs)
//       (c') UNDER with batchSize 8 (8 texts a request), reported on its own
//   (d) (c) split over 4 child processes sharing the limit through a Redis store (a real redis-server on a
//       free loopback port; skipped with a message when redis-server is missing), at RATE and at UNDER
// The ideal time is requests / RATE (the provider's rate). Options (environment): BENCH_LIMITS_N (default
// 1000, so the ideal is 20 s at 50/s; 5,000 would take 100 s a variant), BENCH_LIMITS_RATE (default 50),
// BENCH_LIMITS_UNDER (default floor(0.98 * RATE)), BENCH_LIMITS_SHORT_N (default 250).
// Prints a Markdown table and writes bench/limits-results.md. Needs dist/ (the npm scripts build first).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createServer as createTcpServer } from "node:net";
import os from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import pLimit from "p-limit";
import * as prettier from "prettier";
import { startProvider } from "./limits-provider.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
if (!existsSync(join(dist, "index.js"))) throw new Error("dist/index.js is missing: run `npm run build` first");
const { InferenceClient } = await import(pathToFileURL(join(dist, "index.js")).href);

const N = Number(process.env.BENCH_LIMITS_N ?? 1000);
const RATE = Number(process.env.BENCH_LIMITS_RATE ?? 50);
const BURST = Math.max(1, Math.floor(RATE / 10));
// The client's limit a little under the provider's (2 %, rounded down): the headline rows. The slow rows
// ((b), and the client's limit at exactly RATE) run over the first SHORT_N inputs only, to keep the run short.
const UNDER = Number(process.env.BENCH_LIMITS_UNDER ?? Math.floor(RATE * 0.98));
const SHORT_N = Math.min(N, Number(process.env.BENCH_LIMITS_SHORT_N ?? 250));
const PROCESSES = 4;
const started = Date.now();
const log = (msg) => process.stderr.write(`[bench:limits ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`);

const provider = await startProvider({ rate: RATE, burst: BURST, latencyMs: 10 });
const inputs = Array.from({ length: N }, (_, i) => `text number ${i}`);
const rows = [];

async function variant(name, requestsIdeal, run, items = N) {
  await new Promise((r) => setTimeout(r, 1100));
  provider.reset();
  log(`${name}...`);
  const t0 = performance.now();
  const extra = await run();
  const ms = performance.now() - t0;
  const { requests, rejected } = provider.stats;
  const idealMs = (requestsIdeal / RATE) * 1000;
  const row = { name, items, ms, ratio: ms / idealMs, requests, rejected, pct: (100 * rejected) / requests, ...extra };
  rows.push(row);
  log(
    `${name}: ${(ms / 1000).toFixed(1)} s (${row.ratio.toFixed(2)}x ideal), ${requests} requests, ` +
      `${row.pct.toFixed(1)} % 429, ${row.failed} items failed`,
  );
}

const plain = () => new InferenceClient("hf_bench", { endpointUrl: provider.url });
const settle = async (promises) => ({
  failed: (await Promise.allSettled(promises)).filter((r) => r.status === "rejected").length,
});

// (a) Every call at once, each retrying on its own.
await variant("(a) Promise.all, no limits", N, () => {
  const client = plain();
  return settle(inputs.map((text) => client.featureExtraction({ inputs: text })));
});

// (b) 8 in flight, each retrying on its own.
// Over the first SHORT_N inputs: a call waiting 1 s for its retry holds its place, so this runs ~10 items a second.
await variant(
  "(b) p-limit(8), no limits",
  SHORT_N,
  () => {
    const client = plain();
    const limit = pLimit(8);
    return settle(inputs.slice(0, SHORT_N).map((text) => limit(() => client.featureExtraction({ inputs: text }))));
  },
  SHORT_N,
);

// (c) The client's limits pace the calls; map keeps 8 in flight.
const mapped = async (rate, batchSize, count) => {
  const client = new InferenceClient("hf_bench", {
    endpointUrl: provider.url,
    limits: { "*": { requestsPerSecond: rate } },
  });
  const results = await client.map(
    "featureExtraction",
    inputs.slice(0, count).map((text) => ({ inputs: text })),
    { concurrency: 8, batchSize },
  );
  return { failed: results.filter((r) => r.error).length };
};
await variant(
  `(c) limits ${RATE}/s + map(concurrency 8, batchSize 1)`,
  SHORT_N,
  () => mapped(RATE, 1, SHORT_N),
  SHORT_N,
);
await variant(`(c) limits ${UNDER}/s + map(concurrency 8, batchSize 1)`, N, () => mapped(UNDER, 1, N));
await variant(`(c') limits ${UNDER}/s + map(concurrency 8, batchSize 8)`, Math.ceil(N / 8), () => mapped(UNDER, 8, N));

// (d) (c) over 4 processes, one limit through Redis.
const hasRedis = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
let skipped;
if (!hasRedis) {
  skipped = "(d) skipped: redis-server is not installed (apt-get install -y redis-server)";
  log(skipped);
} else {
  const port = await new Promise((resolve) => {
    const s = createTcpServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const redisProc = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  try {
    // Wait until it answers.
    const { createClient } = createRequire(import.meta.url)("redis");
    for (let i = 0; ; i++) {
      const c = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
      c.on("error", () => {});
      try {
        await (await c.connect()).quit();
        break;
      } catch (e) {
        if (i > 100) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // The children start (import, connect) before the clock does: the parent waits for each "ready".
    const crowd = async (rate, count) => {
      const prefix = `bench-${rate}-${Date.now()}:`;
      const share = Math.ceil(count / PROCESSES);
      const children = Array.from({ length: PROCESSES }, (_, k) => {
        const first = k * share;
        const n = Math.max(0, Math.min(share, count - first));
        const args = [dist, provider.url, String(port), prefix, String(first), String(n), String(rate)];
        const child = spawn(process.execPath, [join(here, "limits-child.mjs"), ...args], {
          stdio: ["pipe", "pipe", "inherit"],
        });
        let out = "";
        const ready = new Promise((r) => child.stdout.on("data", (d) => (out += d).includes("ready\n") && r()));
        const done = new Promise((r, j) =>
          child.on("exit", (code) =>
            code === 0 ? r(JSON.parse(out.trim().split("\n").at(-1))) : j(new Error(`child exited with ${code}`)),
          ),
        );
        return { child, ready, done };
      });
      await Promise.all(children.map((c) => c.ready));
      await variant(
        `(d) limits ${rate}/s, ${PROCESSES} processes, Redis store`,
        count,
        async () => {
          for (const c of children) c.child.stdin.end("go\n");
          const outs = await Promise.all(children.map((c) => c.done));
          return { failed: outs.reduce((s, o) => s + o.failed, 0) };
        },
        count,
      );
    };
    await crowd(RATE, SHORT_N);
    await crowd(UNDER, N);
  } finally {
    redisProc.kill("SIGTERM");
  }
}
await provider.close();

// --- report --------------------------------------------------------------------------------------------
const cpus = os.cpus();
const table = [
  "| Variant | Total time | vs ideal | Requests sent | Answered 429 | Items failed |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${(r.ms / 1000).toFixed(1)} s | ${r.ratio.toFixed(2)}x | ${r.requests} | ${r.pct.toFixed(1)} % (${r.rejected}) | ${r.failed} of ${r.items} |`,
  ),
];
const md = [
  "# Many calls at once: measured",
  "",
  `${N} one-text embedding calls against a loopback provider allowing ${RATE} requests a second (token bucket,` +
    ` burst ${BURST}; 429 with \`Retry-After: 1\` without a token; 10 ms an answer). Ideal: ${N} / ${RATE} =` +
    ` ${(N / RATE).toFixed(0)} s (${Math.ceil(N / 8)} / ${RATE} = ${(Math.ceil(N / 8) / RATE).toFixed(1)} s for batches of 8).` +
    ` Retries: the library's defaults (2 retries, honouring \`Retry-After\`). (b) and the rows at exactly ${RATE}/s run` +
    ` the first ${SHORT_N} inputs only (ideal ${(SHORT_N / RATE).toFixed(0)} s); "vs ideal" is to the provider's ${RATE}/s in every row.`,
  "",
  ...table,
  ...(skipped ? ["", skipped] : []),
  "",
  `Node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? "cpu"}, ${os.platform()}; load average ${os.loadavg()[0].toFixed(2)};` +
    ` ${new Date().toISOString().slice(0, 10)}. Regenerate: \`npm run bench:limits\` (BENCH_LIMITS_N, BENCH_LIMITS_RATE, BENCH_LIMITS_UNDER, BENCH_LIMITS_SHORT_N).`,
  "",
].join("\n");
// Formatted as the repository's prettier settings want it (`npm run check` runs `prettier --check .`).
const file = join(here, "limits-results.md");
const formatted = await prettier.format(md, { ...((await prettier.resolveConfig(file)) ?? {}), filepath: file });
writeFileSync(file, formatted);
process.stdout.write(formatted);

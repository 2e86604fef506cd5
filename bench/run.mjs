// `npm run bench`: CPU, import and bundle measures of unified-inference (dist/) next to raw fetch (the floor),
// @huggingface/inference and openai@6, in one run. Prints a Markdown report and writes bench/results.md.
// Options (environment): BENCH_ROUNDS (default 11), BENCH_IMPORT_REPEATS (default 15), BENCH_HELD_REPEATS
// (default 3: processes per library holding 1,000 open streams), BENCH_BASELINE=<git revision>: builds that
// revision of unified-inference in a temporary git worktree and runs it next to this tree, interleaved, as the
// library "baseline" (BENCH_BASELINE_KEEP=1 keeps that worktree for the next run, which then reuses its build).
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import {
  BURST_CHUNKS,
  EMBED_DIM,
  EMBED_ROWS,
  FIRST_GAP_MS,
  HELD_STREAMS,
  IMAGE_BYTES,
  PACE_MS,
  PACED_CHUNKS,
} from "./config.mjs";
import { bundleSize, measureImports } from "./footprint.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
// In this working tree (node_modules may be a link shared with other trees), where imports still resolve.
const snapshot = join(root, ".bench-out", "dist");
const dist = join(snapshot, "index.js");
// What bundlers get from the package (its `module` condition, listed before `node`): the module tree.
const bundled = join(snapshot, "modules", "index.js");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const IMPORT_REPEATS = Number(process.env.BENCH_IMPORT_REPEATS ?? 15);
const HELD_REPEATS = Number(process.env.BENCH_HELD_REPEATS ?? 3);
const BASELINE = process.env.BENCH_BASELINE;
const started = Date.now();
const loadBefore = os.loadavg()[0];
const log = (msg) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`);

// The working tree is shared: another build may clean dist/ while the bench runs. Everything below uses a
// private copy of dist/ (with a package.json so that its .js files load as ES modules).
async function snapshotDist() {
  const built = join(root, "dist", "index.js");
  for (let i = 0; !existsSync(built); i++) {
    if (i === 60) throw new Error("dist/index.js is missing: run `npm run build` first (npm run bench does)");
    await new Promise((r) => setTimeout(r, 1000));
  }
  rmSync(snapshot, { recursive: true, force: true });
  mkdirSync(snapshot, { recursive: true });
  cpSync(join(root, "dist"), snapshot, { recursive: true });
  writeFileSync(join(snapshot, "package.json"), `${JSON.stringify({ type: "module", sideEffects: false })}\n`);
  if (!existsSync(dist)) throw new Error("dist/ changed while it was copied: run the bench again");
}
await snapshotDist();

// --- baseline: another revision, built in its own worktree ------------------------------------------------
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
/** Removes the git worktree at `dir` (or, if git no longer knows it, the folder), and forgets it. */
const removeWorktree = (dir) => {
  try {
    git("worktree", "remove", "--force", dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
  git("worktree", "prune");
};
let baseline;
if (BASELINE) {
  const sha = git("rev-parse", "--verify", `${BASELINE}^{commit}`);
  const dir = join(os.tmpdir(), `unified-inference-baseline-${sha.slice(0, 12)}`);
  const built = join(dir, "dist", "index.js");
  const reuse = existsSync(built) && existsSync(join(dir, ".git"));
  if (!reuse) {
    log(`baseline ${sha.slice(0, 12)}: git worktree and build in ${dir}`);
    if (existsSync(dir)) removeWorktree(dir);
    else git("worktree", "prune");
    git("worktree", "add", "--detach", dir, sha);
    // The same dependencies as this tree (no install).
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    execFileSync("npm", ["run", "build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  } else log(`baseline ${sha.slice(0, 12)}: reusing the build in ${dir}`);
  baseline = {
    sha,
    dir,
    dist: built,
    subject: git("log", "-1", "--format=%s", sha),
    remove() {
      if (process.env.BENCH_BASELINE_KEEP !== "1") removeWorktree(dir);
    },
  };
}
const LIBS = ["fetch", "unified-inference", ...(baseline ? ["baseline"] : []), "@huggingface/inference", "openai"];
const emptyModule = join(snapshot, "empty.js");
writeFileSync(emptyModule, "export {};\n");

// --- statistics -------------------------------------------------------------------------------------
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};
const median = (xs) => quantile(xs, 0.5);
/** Ratios round by round (each round runs every library back to back), so slow phases of the machine cancel. */
const pairedRatios = (xs, floor) => xs.map((x, i) => x / floor[i]);

// --- CPU: server and client in two child processes --------------------------------------------------
function startServer() {
  const child = spawn(process.execPath, [join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl !== -1) resolve({ child, port: JSON.parse(buf.slice(0, nl)).port });
    });
  });
}

/** Runs `node --expose-gc <args>` and resolves with the JSON it prints on stdout (`what` names it in errors). */
function runJsonChild(args, what) {
  const child = spawn(process.execPath, ["--expose-gc", ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`${what} exited with code ${code}`));
      resolve(JSON.parse(out));
    });
  });
}

function runClient(baseUrl) {
  const args = [join(here, "client.mjs"), baseUrl, String(ROUNDS), dist, ...(baseline ? [baseline.dist] : [])];
  return runJsonChild(args, "bench client");
}

/** One fresh process holding HELD_STREAMS open streams of one library: bytes of RSS and heap per stream. */
function runHeld(baseUrl, lib) {
  const path = lib === "baseline" ? baseline.dist : dist;
  return runJsonChild([join(here, "held-streams.mjs"), baseUrl, lib, path], `held-streams (${lib})`);
}

// --- measure ----------------------------------------------------------------------------------------
log("bundle sizes");
const bundles = {};
const BUNDLES = {
  "chat-only": {
    "unified-inference": `export { chatCompletion } from ${JSON.stringify(bundled)};`,
    "@huggingface/inference": `export { chatCompletion } from "@huggingface/inference";`,
    openai: `export { OpenAI } from "openai";`,
  },
  "whole client": {
    "unified-inference": `export { InferenceClient } from ${JSON.stringify(bundled)};`,
    "@huggingface/inference": `export { InferenceClient } from "@huggingface/inference";`,
    openai: `export { OpenAI } from "openai";`,
  },
  // What test/bundle-size.test.ts budgets: the same entries bundled from the TypeScript sources.
  "chat-only from src/": {
    "unified-inference": `export { chatCompletion } from ${JSON.stringify(join(root, "src", "index.ts"))};`,
  },
  "whole client from src/": {
    "unified-inference": `export { InferenceClient } from ${JSON.stringify(join(root, "src", "index.ts"))};`,
  },
};
for (const [kind, entries] of Object.entries(BUNDLES)) {
  bundles[kind] = {};
  for (const [lib, code] of Object.entries(entries)) bundles[kind][lib] = await bundleSize(code, root);
}

log(`cold import and heap (${IMPORT_REPEATS} processes each)`);
const imports = measureImports(
  root,
  {
    "unified-inference": pathToFileURL(dist).href,
    "@huggingface/inference": "@huggingface/inference",
    openai: "openai",
    // Node's own cost of loading any ES module file, for reading the figures above.
    "empty module": pathToFileURL(emptyModule).href,
    ...(baseline ? { baseline: pathToFileURL(baseline.dist).href } : {}),
  },
  IMPORT_REPEATS,
);
// The Node entry loads its engine with the first call: import and one call together show what that moves.
log(`cold import and one call (${IMPORT_REPEATS} processes each)`);
const REFUSED = "http://127.0.0.1:9";
const MSGS = `[{ role: "user", content: "Hi" }]`;
const firstCall = measureImports(
  root,
  {
    "unified-inference": {
      spec: pathToFileURL(dist).href,
      call: `await mod.chatCompletion({ endpointUrl: "${REFUSED}", model: "m", messages: ${MSGS} }, { maxRetries: 0 });`,
    },
    "@huggingface/inference": {
      spec: "@huggingface/inference",
      call: `await mod.chatCompletion({ endpointUrl: "${REFUSED}", model: "m", messages: ${MSGS} }, { retry_on_error: false });`,
    },
    openai: {
      spec: "openai",
      call: `await new mod.OpenAI({ apiKey: "x", baseURL: "${REFUSED}/v1", maxRetries: 0 }).chat.completions.create({ model: "m", messages: ${MSGS} });`,
    },
    ...(baseline
      ? {
          baseline: {
            spec: pathToFileURL(baseline.dist).href,
            call: `await mod.chatCompletion({ endpointUrl: "${REFUSED}", model: "m", messages: ${MSGS} }, { maxRetries: 0 });`,
          },
        }
      : {}),
  },
  IMPORT_REPEATS,
  `await fetch("${REFUSED}/v1/chat/completions", { method: "POST", body: "{}" });`,
);

log(`CPU (${ROUNDS} rounds, libraries interleaved)`);
const server = await startServer();
let cpu;
// openai is left out of the open-streams figure (its own process per repeat would lengthen the run).
const HELD_LIBS = LIBS.filter((l) => l !== "openai");
const held = Object.fromEntries(HELD_LIBS.map((l) => [l, { rss: [], heap: [] }]));
try {
  cpu = await runClient(`http://127.0.0.1:${server.port}`);
  log(`${HELD_STREAMS} open streams (${HELD_REPEATS} processes per library, interleaved)`);
  for (let r = 0; r < HELD_REPEATS; r++) {
    for (let i = 0; i < HELD_LIBS.length; i++) {
      const lib = HELD_LIBS[(i + r) % HELD_LIBS.length];
      const m = await runHeld(`http://127.0.0.1:${server.port}`, lib);
      held[lib].rss.push(m.rss);
      held[lib].heap.push(m.heap);
    }
  }
} finally {
  server.child.removeAllListeners("exit");
  server.child.kill();
  baseline?.remove();
}
log("done");

// --- report -----------------------------------------------------------------------------------------
const SCENARIO_LABEL = {
  "chat-seq": "Chat request, sequential (µs CPU / request)",
  "chat-c64": "Chat request, 64 concurrent (µs CPU / request)",
  "stream-burst": `Stream chunk, burst: ${BURST_CHUNKS} chunks in one write (µs CPU / chunk)`,
  "stream-paced": `Stream chunk, paced: one write per chunk, ${PACE_MS} ms apart (µs CPU / chunk)`,
  "stream-burst-normalized": `Stream chunk, burst, \`normalize: true\` (µs CPU / chunk; fetch: the plain burst)`,
  embed: `Feature extraction, ${EMBED_ROWS} x ${EMBED_DIM} floats (ms CPU / response)`,
  image: `Image, ${IMAGE_BYTES / 1024 / 1024} MiB binary answer (ms CPU / response)`,
  "first-chunk": "Stream, first body byte to first chunk in the caller's hands (µs, median of 15 streams)",
};
const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const kb = (b) => (b / 1024).toFixed(1);
const signed = (v, digits = 1) => `${v >= 0 ? "+" : ""}${fmt(v, digits)}`;

const summary = {
  cpu: {},
  latency: {},
  held: {},
  imports: {},
  bundles: {},
  baseline: baseline && { sha: baseline.sha },
};
const range = (xs) => `${fmt(quantile(xs, 0.25), 2)}–${fmt(quantile(xs, 0.75), 2)}`;
const cpuRows = [];
const latencyRows = [];
for (const [id, byLib] of Object.entries(cpu.scenarios)) {
  const floor = byLib.fetch;
  const ms = id === "embed" || id === "image";
  const latency = id === "first-chunk";
  const row = [SCENARIO_LABEL[id] ?? id];
  const into = latency ? summary.latency : summary.cpu;
  into[id] = {};
  for (const lib of LIBS) {
    const xs = byLib[lib];
    if (!xs?.length) {
      row.push("—");
      continue;
    }
    const value = median(xs) / (ms ? 1000 : 1);
    if (latency) {
      // Clock offsets between the two processes cancel in the difference to raw fetch of the same round.
      const over = median(xs.map((x, i) => x - floor[i]));
      into[id][lib] = { value, over };
      row.push(lib === "fetch" ? fmt(value, 0) : `${fmt(value, 0)} (${signed(over, 0)})`);
      continue;
    }
    const ratios = pairedRatios(xs, floor);
    const ratio = median(ratios);
    into[id][lib] = { value, ratio, p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75) };
    row.push(lib === "fetch" ? fmt(value, 1) : `${fmt(value)} (${fmt(ratio, 2)}x)`);
  }
  if (latency) {
    latencyRows.push(row);
    continue;
  }
  const o = into[id]["unified-inference"];
  row.push(o ? `${fmt(o.p25, 2)}–${fmt(o.p75, 2)}` : "—");
  const vsRef = byLib["@huggingface/inference"]?.length
    ? median(pairedRatios(byLib["unified-inference"], byLib["@huggingface/inference"]))
    : NaN;
  into[id].oursVsReference = vsRef;
  row.push(Number.isFinite(vsRef) ? `${fmt(vsRef, 2)}x` : "—");
  if (baseline) {
    const vs = byLib.baseline?.length ? pairedRatios(byLib["unified-inference"], byLib.baseline) : [];
    into[id].oursVsBaseline = vs.length
      ? { ratio: median(vs), p25: quantile(vs, 0.25), p75: quantile(vs, 0.75) }
      : undefined;
    row.push(vs.length ? `${fmt(median(vs), 2)}x (${range(vs)})` : "—");
  }
  cpuRows.push(row);
}
const heldCell = (l, key) => (held[l] ? fmt(median(held[l][key]) / 1024, 1) : "—");
const heldRows = [
  ["RSS per open stream, KB", ...LIBS.map((l) => heldCell(l, "rss"))],
  ["Heap + external per open stream, KB", ...LIBS.map((l) => heldCell(l, "heap"))],
];
for (const l of HELD_LIBS) summary.held[l] = { rss: median(held[l].rss), heap: median(held[l].heap) };

const bare = imports.bare;
/** Median of the differences to the bare-node process of the same repeat (run in the same rotation, same machine state). */
const overBare = (name, key) => median(imports[name][key].map((v, i) => v - bare[key][i]));
const importRow = ["Cold import, ms from process start (over bare node)", fmt(median(bare.t))];
const importCpuRow = ["Cold import, CPU ms of the process (over bare node)", fmt(median(bare.cpu))];
const heapRow = ["Heap after import + gc, MB (over bare node)", fmt(median(bare.heap) / 2 ** 20, 2)];
const IMPORT_LIBS = LIBS.filter((l) => l !== "fetch");
for (const lib of IMPORT_LIBS) {
  const t = overBare(lib, "t");
  const heap = overBare(lib, "heap") / 2 ** 20;
  const cpuMs = overBare(lib, "cpu");
  summary.imports[lib] = { ms: t, cpuMs, mb: heap };
  importRow.push(signed(t));
  importCpuRow.push(signed(cpuMs));
  heapRow.push(signed(heap, 2));
}
importRow.push(`${fmt(summary.imports["unified-inference"].ms / summary.imports["@huggingface/inference"].ms, 2)}x`);
heapRow.push(`${fmt(summary.imports["unified-inference"].mb / summary.imports["@huggingface/inference"].mb, 2)}x`);
importCpuRow.push(
  `${fmt(summary.imports["unified-inference"].cpuMs / summary.imports["@huggingface/inference"].cpuMs, 2)}x`,
);
const callBare = firstCall.bare;
const overBareCall = (name, key) => median(firstCall[name][key].map((v, i) => v - callBare[key][i]));
const callCpuRow = [
  "Cold import + one call, CPU ms of the process (over bare node + one fetch)",
  fmt(median(callBare.cpu)),
];
const callHeapRow = [
  "Heap after import + one call + gc, MB (over bare node + one fetch)",
  fmt(median(callBare.heap) / 2 ** 20, 2),
];
for (const lib of IMPORT_LIBS) {
  if (!firstCall[lib]) {
    callCpuRow.push("—");
    callHeapRow.push("—");
    continue;
  }
  const cpuMs = overBareCall(lib, "cpu");
  const mb = overBareCall(lib, "heap") / 2 ** 20;
  summary.imports[lib] = { ...summary.imports[lib], firstCallCpuMs: cpuMs, firstCallMb: mb };
  callCpuRow.push(signed(cpuMs));
  callHeapRow.push(signed(mb, 2));
}
callCpuRow.push(
  `${fmt(summary.imports["unified-inference"].firstCallCpuMs / summary.imports["@huggingface/inference"].firstCallCpuMs, 2)}x`,
);
callHeapRow.push(
  `${fmt(summary.imports["unified-inference"].firstCallMb / summary.imports["@huggingface/inference"].firstCallMb, 2)}x`,
);
const bundleRows = Object.entries(bundles).map(([kind, byLib]) => {
  summary.bundles[kind] = {};
  const row = [`Bundle, ${kind}: KB gzip (KB minified)`, "—"];
  for (const lib of IMPORT_LIBS) {
    const b = byLib[lib];
    if (!b) {
      row.push("—");
      continue;
    }
    summary.bundles[kind][lib] = { gzip: b.gzip, min: b.min };
    row.push(`${kb(b.gzip)} (${kb(b.min)})`);
  }
  const refBundle = byLib["@huggingface/inference"];
  row.push(refBundle ? `${fmt(byLib["unified-inference"].gzip / refBundle.gzip, 2)}x` : "—");
  return row;
});

const ours = "unified-inference";
// Each per-call CPU figure must also be at or below the reference's (the "ours / reference" column).
// A figure left out of the run (BENCH_ONLY) has no value; its row is left out of the table.
const cpuTarget = (name, id, max) => [name, `≤ ${fmt(max, 2)}x fetch`, summary.cpu[id]?.[ours]?.ratio, max, "x"];
const TARGETS = /** @type {Array<[string, string, number | undefined, number, string]>} */ ([
  cpuTarget("CPU per chat request, sequential", "chat-seq", 1.08),
  cpuTarget("CPU per chat request, 64 concurrent", "chat-c64", 1.08),
  cpuTarget("CPU per stream chunk, burst", "stream-burst", 1.1),
  cpuTarget("CPU per stream chunk, paced", "stream-paced", 1.1),
  cpuTarget("CPU per 1 MiB binary answer", "image", 1.2),
  cpuTarget("CPU per embeddings answer", "embed", 1.05),
  ["Cold import over bare node (wall time)", "≤ 15 ms", summary.imports?.[ours]?.ms, 15, " ms"],
  ["Cold import over bare node (CPU time, for reference)", "≤ 15 ms", summary.imports?.[ours]?.cpuMs, 15, " ms"],
  ["Heap after import over bare node", "≤ 0.5 MB", summary.imports?.[ours]?.mb, 0.5, " MB"],
  ...["chat-only", "chat-only from src/"].map((kind) => [
    `Bundle, ${kind.replace("chat-only", "chat-only (chatCompletion)")}`,
    "≤ 5 KB gzip",
    summary.bundles?.[kind]?.[ours]?.gzip / 1024,
    5,
    " KB",
  ]),
  ...["whole client", "whole client from src/"].map((kind) => [
    `Bundle, ${kind.replace("whole client", "whole client (InferenceClient)")}`,
    "≤ 25 KB gzip",
    summary.bundles?.[kind]?.[ours]?.gzip / 1024,
    25,
    " KB",
  ]),
]).filter((row) => typeof row[2] === "number" && !Number.isNaN(row[2]));

const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i ? "---:" : "---")).join(" | ")} |`]
    .concat(rows.map((r) => `| ${r.join(" | ")} |`))
    .join("\n");

const cpus = os.cpus();
const md = `# Benchmark results

- Date: ${new Date().toISOString()}
- Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${os.platform()} ${os.release()}, Node ${process.version}; load average ${fmt(loadBefore, 2)} at start, ${fmt(os.loadavg()[0], 2)} at end (other work on the machine adds noise)
- CPU: medians of ${cpu.notes.rounds} rounds; each round runs every library back to back (order rotated). Ratios are to raw \`fetch\` in the same round, median over rounds. Server in a separate process.
- Imports: ${IMPORT_REPEATS} fresh processes per library, each compared with the bare-node process of the same repeat (run in the same rotation); figures are medians of those differences.
- unified-inference image call: \`${cpu.notes.oursImageApi}\`; @huggingface/inference: \`textToImage\`. Reads per chunk with raw fetch: paced ${fmt(cpu.notes.pacedReadsPerChunk, 2)}, burst ${fmt(cpu.notes.burstReadsPerChunk, 3)}.

## CPU of the client process

${table(
  [
    "Measure",
    "fetch",
    ...LIBS.slice(1),
    "ours / fetch, p25–p75",
    "ours / reference",
    ...(baseline ? ["ours / baseline, p25–p75"] : []),
  ],
  cpuRows,
)}
${
  baseline
    ? `
"baseline" is revision \`${baseline.sha.slice(0, 12)}\` (${baseline.subject}), built in a temporary git worktree with the same \`node_modules\` and run in the same rounds as this tree. Ratios to it are taken round by round, like those to fetch.
`
    : ""
}
## Streams: first chunk and open streams

${table(["Measure", ...LIBS], [...latencyRows.map((r) => [r[0], ...r.slice(1)]), ...heldRows])}

The first-chunk figure is wall time from the server's write of the first event (sent ${FIRST_GAP_MS} ms after the headers, so the client is waiting) to the chunk in the caller's hands; in brackets, the median difference to raw fetch over the rounds (the absolute figure includes loopback and any clock offset between the two processes, the difference does not). Open streams: ${HELD_STREAMS} streams held at once, each having handed its first chunk to the caller, in a fresh process per library (${HELD_REPEATS} processes each, interleaved; medians); RSS and heap after minus before, divided by ${HELD_STREAMS}.

## Footprint

${table(["Measure", "bare node", ...LIBS.slice(1), "ours / reference"], [importRow, importCpuRow, heapRow, callCpuRow, callHeapRow, ...bundleRows])}

Importing an empty ES module file costs ${signed(overBare("empty module", "t"))} ms (${signed(overBare("empty module", "cpu"))} ms CPU) and ${signed(overBare("empty module", "heap") / 2 ** 20, 2)} MB over bare node (Node's module loader): that share is in every import figure above.

The "one call" rows: the process imports the library, then makes one chat call to a closed loopback port without retries (it fails at once); bare node makes one \`fetch\` to the same port. unified-inference's Node entry loads its engine with the first call, so these rows show what the import figures leave out.

Bundles: esbuild, \`platform: "browser"\`, ESM, minified, gzip (zlib default level); unified-inference from \`dist/modules/index.js\` (what an app's bundler takes from the npm package: its \`module\` condition) and, in the "from src/" rows, from the TypeScript sources (what \`test/bundle-size.test.ts\` budgets). openai is one class: both of its rows bundle \`OpenAI\`.

## Targets (unified-inference)

${table(
  ["Target", "Budget", "Measured", "Met"],
  TARGETS.map(([name, budget, v, max, unit]) => [name, budget, `${fmt(v, 2)}${unit}`, v <= max ? "yes" : "**no**"]),
)}
`;

// Written in the repository's format, so that `prettier --check .` passes after a run.
const pretty = async (text, file) => {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
};
const mdFile = join(here, "results.md");
const jsonFile = join(here, "results.json");
const report = await pretty(md, mdFile);
writeFileSync(mdFile, report);
writeFileSync(jsonFile, await pretty(JSON.stringify({ summary, raw: { cpu, imports } }), jsonFile));
process.stdout.write(report);

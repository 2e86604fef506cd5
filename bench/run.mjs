// `npm run bench`: CPU, import and bundle measures of unified-inference (dist/) next to raw fetch (the floor),
// @huggingface/inference and openai@6, in one run. Prints a Markdown report and writes bench/results.md.
// Options (environment): BENCH_ROUNDS (default 11), BENCH_IMPORT_REPEATS (default 15).
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { BURST_CHUNKS, EMBED_DIM, EMBED_ROWS, IMAGE_BYTES, PACE_MS, PACED_CHUNKS } from "./config.mjs";
import { bundleSize, measureImports } from "./footprint.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const snapshot = join(root, "node_modules", ".cache", "unified-inference-bench", "dist");
const dist = join(snapshot, "index.js");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const IMPORT_REPEATS = Number(process.env.BENCH_IMPORT_REPEATS ?? 15);
const LIBS = ["fetch", "unified-inference", "@huggingface/inference", "openai"];
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

function runClient(baseUrl) {
  const child = spawn(process.execPath, ["--expose-gc", join(here, "client.mjs"), baseUrl, String(ROUNDS), dist], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`bench client exited with code ${code}`));
      resolve(JSON.parse(out));
    });
  });
}

// --- measure ----------------------------------------------------------------------------------------
log("bundle sizes");
const bundles = {};
const BUNDLES = {
  "chat-only": {
    "unified-inference": `export { chatCompletion } from ${JSON.stringify(dist)};`,
    "@huggingface/inference": `export { chatCompletion } from "@huggingface/inference";`,
    openai: `export { OpenAI } from "openai";`,
  },
  "whole client": {
    "unified-inference": `export { InferenceClient } from ${JSON.stringify(dist)};`,
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
  },
  IMPORT_REPEATS,
);

log(`CPU (${ROUNDS} rounds, libraries interleaved)`);
const server = await startServer();
let cpu;
try {
  cpu = await runClient(`http://127.0.0.1:${server.port}`);
} finally {
  server.child.removeAllListeners("exit");
  server.child.kill();
}
log("done");

// --- report -----------------------------------------------------------------------------------------
const SCENARIO_LABEL = {
  "chat-seq": "Chat request, sequential (µs CPU / request)",
  "chat-c64": "Chat request, 64 concurrent (µs CPU / request)",
  "stream-burst": `Stream chunk, burst: ${BURST_CHUNKS} chunks in one write (µs CPU / chunk)`,
  "stream-paced": `Stream chunk, paced: one write per chunk, ${PACE_MS} ms apart (µs CPU / chunk)`,
  embed: `Feature extraction, ${EMBED_ROWS} x ${EMBED_DIM} floats (ms CPU / response)`,
  image: `Image, ${IMAGE_BYTES / 1024 / 1024} MiB binary answer (ms CPU / response)`,
};
const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const kb = (b) => (b / 1024).toFixed(1);
const signed = (v, digits = 1) => `${v >= 0 ? "+" : ""}${fmt(v, digits)}`;

const summary = { cpu: {}, imports: {}, bundles: {} };
const cpuRows = [];
for (const [id, byLib] of Object.entries(cpu.scenarios)) {
  const floor = byLib.fetch;
  const ms = id === "embed" || id === "image";
  const row = [SCENARIO_LABEL[id] ?? id];
  summary.cpu[id] = {};
  for (const lib of LIBS) {
    const xs = byLib[lib];
    if (!xs?.length) {
      row.push("—");
      continue;
    }
    const value = median(xs) / (ms ? 1000 : 1);
    const ratios = pairedRatios(xs, floor);
    const ratio = median(ratios);
    summary.cpu[id][lib] = { value, ratio, p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75) };
    row.push(lib === "fetch" ? fmt(value, ms ? 1 : 1) : `${fmt(value)} (${fmt(ratio, 2)}x)`);
  }
  const o = summary.cpu[id]["unified-inference"];
  row.push(o ? `${fmt(o.p25, 2)}–${fmt(o.p75, 2)}` : "—");
  const vsRef = byLib["@huggingface/inference"]?.length
    ? median(pairedRatios(byLib["unified-inference"], byLib["@huggingface/inference"]))
    : NaN;
  summary.cpu[id].oursVsReference = vsRef;
  row.push(`${fmt(vsRef, 2)}x`);
  cpuRows.push(row);
}

const bare = imports.bare;
/** Median of the differences to the bare-node process of the same repeat (run in the same rotation, same machine state). */
const overBare = (name, key) => median(imports[name][key].map((v, i) => v - bare[key][i]));
const importRow = ["Cold import, ms from process start (over bare node)", fmt(median(bare.t))];
const importCpuRow = ["Cold import, CPU ms of the process (over bare node)", fmt(median(bare.cpu))];
const heapRow = ["Heap after import + gc, MB (over bare node)", fmt(median(bare.heap) / 2 ** 20, 2)];
for (const lib of LIBS.slice(1)) {
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
const bundleRows = Object.entries(bundles).map(([kind, byLib]) => {
  summary.bundles[kind] = {};
  const row = [`Bundle, ${kind}: KB gzip (KB minified)`, "—"];
  for (const lib of LIBS.slice(1)) {
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
const TARGETS = [
  ["CPU per chat request, sequential", "≤ 1.05x fetch", summary.cpu["chat-seq"][ours].ratio, 1.05, "x"],
  ["CPU per chat request, 64 concurrent", "≤ 1.05x fetch", summary.cpu["chat-c64"][ours].ratio, 1.05, "x"],
  ["CPU per stream chunk, burst", "≤ 1.05x fetch", summary.cpu["stream-burst"][ours].ratio, 1.05, "x"],
  ["CPU per stream chunk, paced", "≤ 1.05x fetch", summary.cpu["stream-paced"][ours].ratio, 1.05, "x"],
  ["Cold import over bare node (wall time)", "≤ 15 ms", summary.imports[ours].ms, 15, " ms"],
  ["Cold import over bare node (CPU time, for reference)", "≤ 15 ms", summary.imports[ours].cpuMs, 15, " ms"],
  ["Heap after import over bare node", "≤ 0.5 MB", summary.imports[ours].mb, 0.5, " MB"],
  ...["chat-only", "chat-only from src/"].map((kind) => [
    `Bundle, ${kind.replace("chat-only", "chat-only (chatCompletion)")}`,
    "≤ 5 KB gzip",
    summary.bundles[kind][ours].gzip / 1024,
    5,
    " KB",
  ]),
  ...["whole client", "whole client from src/"].map((kind) => [
    `Bundle, ${kind.replace("whole client", "whole client (InferenceClient)")}`,
    "≤ 25 KB gzip",
    summary.bundles[kind][ours].gzip / 1024,
    25,
    " KB",
  ]),
];

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

${table(["Measure", "fetch", ...LIBS.slice(1), "ours / fetch, p25–p75", "ours / reference"], cpuRows)}

## Footprint

${table(["Measure", "bare node", ...LIBS.slice(1), "ours / reference"], [importRow, importCpuRow, heapRow, ...bundleRows])}

Importing an empty ES module file costs ${signed(overBare("empty module", "t"))} ms (${signed(overBare("empty module", "cpu"))} ms CPU) and ${signed(overBare("empty module", "heap") / 2 ** 20, 2)} MB over bare node (Node's module loader): that share is in every import figure above.

Bundles: esbuild, \`platform: "browser"\`, ESM, minified, gzip (zlib default level); unified-inference from \`dist/index.js\` (what an app bundles from the npm package) and, in the "from src/" rows, from the TypeScript sources (what \`test/bundle-size.test.ts\` budgets). openai is one class: both of its rows bundle \`OpenAI\`.

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

// Footprint measures: cold import time and heap after import (child processes), bundle size (esbuild).
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { clockForBundlers } from "../scripts/clock-for-bundlers.mjs";

// The same code runs for bare node and for each import, so the difference is the import alone.
// performance.now() counts from the process's time origin, i.e. from process start; process.cpuUsage() is
// the CPU time of the process since it started (less sensitive than wall time to other load on the machine).
// With BENCH_CALL, the process also makes one call after the import (to a closed loopback port, so it fails at
// once, without retries): what a process that imports the library and calls it once pays, the first fetch
// included (bare node makes that one fetch too).
const PROBE = `
const spec = process.env.BENCH_IMPORT;
const mod = spec ? await import(spec) : undefined;
if (process.env.BENCH_CALL) await new Function("mod", "return (async () => {" + process.env.BENCH_CALL + "})()")(mod).catch(() => {});
const t = performance.now();
const u = process.cpuUsage();
globalThis.gc();
globalThis.gc();
process.stdout.write(JSON.stringify({ t, cpu: (u.user + u.system) / 1000, heap: process.memoryUsage().heapUsed }));
`;

function probe(cwd, spec, call) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  if (spec) env.BENCH_IMPORT = spec;
  else delete env.BENCH_IMPORT;
  if (call) env.BENCH_CALL = call;
  else delete env.BENCH_CALL;
  const r = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", PROBE], {
    cwd,
    env,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`import probe for ${spec ?? "bare node"} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Cold import time (wall ms and CPU ms from process start) and heap after import and gc (bytes) for each
 * target, `repeats` fresh processes each, interleaved. Returns { [name]: { t, cpu, heap } } (arrays); the
 * name "bare" is plain node. A target is a module specifier, or `{ spec, call }` with the code of one call
 * made after the import (`mod` is the module; bare node's call is `bareCall`).
 */
export function measureImports(cwd, targets, repeats, bareCall) {
  const all = { bare: bareCall ? { call: bareCall } : undefined, ...targets };
  const out = Object.fromEntries(Object.keys(all).map((n) => [n, { t: [], cpu: [], heap: [] }]));
  // One unmeasured pass warms the file system cache.
  const run = (target) => (typeof target === "object" ? probe(cwd, target.spec, target.call) : probe(cwd, target));
  for (const target of Object.values(all)) run(target);
  const entries = Object.entries(all);
  for (let i = 0; i < repeats; i++) {
    // Rotated each repeat, so that no target always runs first (or right after a heavy one).
    for (let j = 0; j < entries.length; j++) {
      const [name, target] = entries[(i + j) % entries.length];
      const { t, cpu, heap } = run(target);
      out[name].t.push(t);
      out[name].cpu.push(cpu);
      out[name].heap.push(heap);
    }
  }
  return out;
}

/** Minified and gzipped size of `code` bundled for the browser (ESM), plus esbuild's metafile. */
export async function bundleSize(code, resolveDir) {
  const r = await esbuild.build({
    stdin: { contents: code, resolveDir, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    // Bundled from src/: what dist/modules/ gives (no shared clock). A no-op for the other bundles.
    plugins: [clockForBundlers],
  });
  const bytes = r.outputFiles[0].contents;
  return { min: bytes.byteLength, gzip: gzipSync(bytes).byteLength, metafile: r.metafile };
}

// Footprint measures: cold import time and heap after import (child processes), bundle size (esbuild).
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

// The same code runs for bare node and for each import, so the difference is the import alone.
// performance.now() counts from the process's time origin, i.e. from process start; process.cpuUsage() is
// the CPU time of the process since it started (less sensitive than wall time to other load on the machine).
const PROBE = `
const spec = process.env.BENCH_IMPORT;
if (spec) await import(spec);
const t = performance.now();
const u = process.cpuUsage();
globalThis.gc();
globalThis.gc();
process.stdout.write(JSON.stringify({ t, cpu: (u.user + u.system) / 1000, heap: process.memoryUsage().heapUsed }));
`;

function probe(cwd, spec) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  if (spec) env.BENCH_IMPORT = spec;
  else delete env.BENCH_IMPORT;
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
 * name "bare" is plain node.
 */
export function measureImports(cwd, targets, repeats) {
  const all = { bare: undefined, ...targets };
  const out = Object.fromEntries(Object.keys(all).map((n) => [n, { t: [], cpu: [], heap: [] }]));
  // One unmeasured pass warms the file system cache.
  for (const spec of Object.values(all)) probe(cwd, spec);
  const entries = Object.entries(all);
  for (let i = 0; i < repeats; i++) {
    // Rotated each repeat, so that no target always runs first (or right after a heavy one).
    for (let j = 0; j < entries.length; j++) {
      const [name, spec] = entries[(i + j) % entries.length];
      const { t, cpu, heap } = probe(cwd, spec);
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
  });
  const bytes = r.outputFiles[0].contents;
  return { min: bytes.byteLength, gzip: gzipSync(bytes).byteLength, metafile: r.metafile };
}

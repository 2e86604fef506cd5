/**
 * Runs a short script against the library's sources in a child Node process, to see what a real process
 * does once the script's calls settle (exits by itself, or is held by a timer or a socket).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The library's entry point, for `import ... from ${LIBRARY}` in a script (a JSON string literal). */
export const LIBRARY = JSON.stringify(resolve(__dirname, "../../src/index.ts").replace(/\\/g, "/"));

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Bundles `script` (TypeScript, top-level await allowed) with esbuild and runs it with `args`. The process
 * must end by itself: a kill after `guardMs` only keeps a failure from hanging the suite, and shows as
 * `signal: "SIGKILL"`.
 */
export async function runScript(script: string, args: string[] = [], guardMs = 15_000): Promise<ChildRun> {
  const { build } = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "ui-child-"));
  try {
    const entry = join(dir, "entry.ts");
    writeFileSync(entry, script);
    const outfile = join(dir, "script.mjs");
    await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile, logLevel: "silent" });
    const child = spawn(process.execPath, [outfile, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const guard = setTimeout(() => child.kill("SIGKILL"), guardMs);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on("exit", (c, s) => r([c, s])),
    );
    clearTimeout(guard);
    return { code, signal, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

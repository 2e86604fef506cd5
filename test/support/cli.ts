/**
 * The built command line (`dist/cli.js`; `npm test` builds first) as a child process. Asynchronous on
 * purpose: the mock provider a run talks to lives in the test's own process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

export interface CliOptions {
  /**
   * The child's environment besides PATH (nothing else of this process leaks in); a value of undefined
   * removes the variable.
   */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Piped to stdin, then stdin is closed. Without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Called on every stdout chunk with the whole stdout so far. */
  onStdout?: (all: string) => void;
  /** Called once the child is running. */
  started?: (child: ChildProcess) => void;
  /** Options for Node itself, before the script (e.g. `--require`). */
  nodeArgs?: string[];
}

/** The environment a run against the mock provider needs: the token, and every URL sent to the mock. */
export const mockEnv = (mock: { readonly url: string }, token: string): Record<string, string> => ({
  HF_TOKEN: token,
  UNIFIED_INFERENCE_FETCH_PROXY: mock.url,
});

/** Runs `node dist/cli.js ...args` to its end. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], {
      ...(opts.cwd !== undefined && { cwd: opts.cwd }),
      env,
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      out.push(d);
      opts.onStdout?.(Buffer.concat(out).toString("utf8"));
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const bytes = Buffer.concat(out);
      resolve({ code, signal, stdout: bytes.toString("utf8"), stdoutBytes: bytes, stderr });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    opts.started?.(child);
  });
}

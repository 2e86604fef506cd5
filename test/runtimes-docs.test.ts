/**
 * The runtime tables of the README and docs/runtimes.md name what scripts/runtimes.mjs runs: the runner's own list
 * of runtimes (printed for an unknown name, before any runtime starts) is the list docs/runtimes.md gives, and
 * each proxy entry of the matrix has the same row in both tables.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), "utf8");
const built = existsSync(new URL("../dist/testing/index.js", import.meta.url));

function knownRuntimes(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["scripts/runtimes.mjs", "no-such-runtime"],
      { cwd: ROOT, timeout: 30_000 },
      (error, _stdout, stderr) => {
        const m = /known: (.+)$/m.exec(stderr);
        if (error?.code !== 2 || !m)
          return reject(new Error(`expected exit 2 and the list, got ${error?.code}: ${stderr}`));
        resolve(m[1]!.split(", "));
      },
    );
  });
}

describe.skipIf(!built)("the documented runtime matrix", () => {
  it("lists exactly the runtimes the runner knows, with a row for each proxy entry in both tables", async () => {
    const known = await knownRuntimes();
    expect(known).toEqual(expect.arrayContaining(["node", "deno", "workerd", "deno-proxy", "workerd-proxy"]));
    const docs = read("docs/runtimes.md");
    const readme = read("README.md");
    expect(docs).toContain(`# some of them: ${known.join(", ")}\n`);
    const rowOf = (text: string, name: string) =>
      text.split("\n").filter((l) => l.startsWith("|") && l.includes(`| \`${name}\``));
    for (const name of known.filter((n) => n.endsWith("-proxy"))) {
      const inDocs = rowOf(docs, name);
      expect(inDocs, name).toHaveLength(1);
      expect(rowOf(readme, name), name).toEqual(inDocs);
    }
  });
});

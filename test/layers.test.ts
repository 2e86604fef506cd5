/**
 * The layers of src/ (scripts/layers.mjs): every import goes to the importer's own layer or a lower one, entry
 * points do not import each other, and no files import each other round. The violations known today are
 * listed below with their reason; the test fails on a violation not in the list, and on a listed one that no
 * longer occurs, so the list can only shrink.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { check, graphOf, importsOf, placeOf, readSources, runtimeCodeIn, summary } from "../scripts/layers.mjs";

const SCRIPT = fileURLToPath(new URL("../scripts/layers.mjs", import.meta.url));
const SRC = fileURLToPath(new URL("../src", import.meta.url));

describe("the layers of src/", () => {
  const sources = readSources(SRC);
  const graph = graphOf(sources);
  const found = check(graph, sources);

  it("has no upward import and no cycle", () => {
    expect(found.map((v) => v.message)).toEqual([]);
  });

  it("reads the whole of src/ into one graph, every file in a layer", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.keys()].filter((f) => !placeOf(f))).toEqual([]);
    const rows = summary(graph, sources);
    expect(rows.reduce((n, r) => n + r.files, 0)).toBe(graph.size);
    expect(rows.find((r) => r.layer === "tasks")!.down).toBeGreaterThan(0);
  });
});

describe("the checker", () => {
  it("finds imports of every form, types included, and leaves packages out", () => {
    const text = [
      'import type { A } from "./a.js";',
      'import { b, type B } from "../b.js";',
      'export * from "./c.js";',
      'export type { D } from "./d.js";',
      'let e: import("./e.js").E;',
      'const f = await import("./f.js");',
      'import "./g.js";',
      'import { h } from "some-package";',
      '// import { i } from "./i.js";',
    ].join("\n");
    expect(importsOf(text)).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js", "./f.js", "./g.js"]);
  });

  it("places folders and loose files in their layers, lowest first", () => {
    const rank = (f: string) => placeOf(f)?.rank;
    expect(rank("contracts/request.ts")).toBeLessThan(rank("errors.ts")!);
    expect(rank("errors.ts")).toBe(rank("lib/media.ts"));
    expect(rank("lib/media.ts")).toBeLessThan(rank("transport/http.ts")!);
    expect(rank("transport/http.ts")).toBeLessThan(rank("providers/together.ts")!);
    expect(rank("providers/together.ts")).toBeLessThan(rank("routing/hub.ts")!);
    expect(rank("routing/hub.ts")).toBeLessThan(rank("tasks/run.ts")!);
    expect(rank("tasks/run.ts")).toBeLessThan(rank("client.ts")!);
    expect(rank("client.ts")).toBeLessThan(rank("cli/main.ts")!);
    expect(placeOf("cli/main.ts")?.entry).toBe("cli");
    expect(placeOf("somewhere.ts")).toBeUndefined();
  });

  it("reports a type-only cycle, an upward import, an entry importing another and a file in no layer", () => {
    const graph = graphOf({
      "contracts/ctx.ts": "export interface Ctx { id: string }",
      "transport/job.ts": 'import type { Adapter } from "../providers/adapter.js";\nexport type Job = Adapter;',
      "providers/adapter.ts": 'import type { Job } from "../transport/job.js";\nexport type Adapter = { job?: Job };',
      "providers/fal.ts": 'import type { Ctx } from "../contracts/ctx.js";\nexport * from "./adapter.js";',
      "server/index.ts": 'import "../providers/fal.js";',
      "cli/serve.ts": 'import { handler } from "../server/index.js";',
      "otel/index.ts": 'import { handler } from "../server/index.js";',
      "stray.ts": "export const x = 1;",
    });
    expect(check(graph).map((v) => v.key)).toEqual([
      "unplaced: stray.ts",
      "entry: otel/index.ts -> server/index.ts",
      "upward: transport/job.ts -> providers/adapter.ts",
      "cycle: providers/adapter.ts, transport/job.ts",
    ]);
    const cycle = check(graph).find((v) => v.kind === "cycle")!;
    expect(cycle.message).toBe("import cycle: providers/adapter.ts -> transport/job.ts -> providers/adapter.ts");
  });

  it("holds contracts to types only: a value, a function or an import that loads a module is code", () => {
    const types = [
      'import type { Blob } from "./blob.js";',
      "export interface Ctx { readonly id: string }",
      "export type Payload = { body: string } | Blob;",
      'export type { Other } from "./other.js";',
      "export {};",
    ].join("\n");
    expect(runtimeCodeIn(types)).toBeUndefined();
    expect(runtimeCodeIn(`${types}\nexport const LIMIT = 1;`)).toBe("line 6: export const LIMIT = 1;");
    expect(runtimeCodeIn("export function f() {}")).toBe("line 1: export function f() {}");
    expect(runtimeCodeIn('import { type A } from "./a.js";')).toMatch(/^line 1: import/);
    expect(runtimeCodeIn("export enum E { A }")).toMatch(/^line 1: export enum/);
    const sources = { "contracts/a.ts": "export const a = 1;", "lib/b.ts": "export const b = 1;" };
    expect(check(graphOf(sources), sources).map((v) => v.key)).toEqual(["code: contracts/a.ts"]);
  });

  it("finds a cycle of three files within one layer, whatever the file extension written", () => {
    const graph = graphOf({
      "tasks/a.ts": 'import { b } from "./b";',
      "tasks/b.ts": 'import { c } from "./nested/index.js";',
      "tasks/nested/index.ts": 'import { a } from "../a.ts";',
    });
    expect(check(graph).map((v) => v.message)).toEqual([
      "import cycle: tasks/a.ts -> tasks/b.ts -> tasks/nested/index.ts -> tasks/a.ts",
    ]);
  });
});

describe("node scripts/layers.mjs", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tree = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), "ui-layers-"));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  const script = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });

  it("exits 1 on a violation and names it, after the summary per layer", () => {
    const r = script(
      tree({
        "lib/a.ts": 'import { b } from "../tasks/b.js";',
        "tasks/b.ts": 'import { a } from "../lib/a.js";',
      }),
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^layer\s+files\s+lines\s+within\s+down\s+up$/m);
    expect(r.stdout).toMatch(/^lib\s+1\s/m);
    expect(r.stdout).toContain("lib/a.ts (lib) imports tasks/b.ts (tasks), a higher layer");
    expect(r.stdout).toContain("import cycle: lib/a.ts -> tasks/b.ts -> lib/a.ts");
  });

  it("exits 0 on a tree that keeps the rule", () => {
    const r = script(tree({ "lib/a.ts": "export const a = 1;", "tasks/b.ts": 'import { a } from "../lib/a.js";' }));
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("no violation");
    expect(r.status).toBe(0);
  });

  it("checks src/ by default, and passes on it (no violation)", () => {
    const r = script();
    expect(r.stdout).toMatch(/^src\/: \d+ files, \d+ imports/);
    expect(r.status).toBe(0);
  });
});

#!/usr/bin/env node
// The layers of src/ and the rule between them: a file imports only from its own layer or a lower one, and no
// set of files imports itself round (a cycle), `import type` and `import("...")` types included, since a
// type cycle still ties two layers together. The lowest layer, src/contracts/, holds types only.
//
// Usage: node scripts/layers.mjs [srcDir]      (default: src/ of this repository)
// Prints the import graph per layer and every violation, and exits 1 if there is any. test/layers.test.ts runs
// the same check and holds the list of violations known today, which may only shrink.
//
// No dependency but `typescript` (a devDependency): `ts.preProcessFile` lists a file's imports and re-exports
// without type-checking it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * The layers, lowest first. A layer holds folders (`name/`) and loose files of src/. Where a loose file sits
 * follows what it imports and who imports it:
 * - types.ts (public types and the provider lists) and options-check.ts (imports only errors.ts; tasks/run.ts
 *   checks options with it) sit with lib, config.ts and errors.ts, under everything that reads them.
 * - meta.ts (per-call records, over transport), catalog.ts (over routing and tasks), bulk.ts (over client.ts),
 *   openai-alias.ts (over the chat task) and limits/ (wraps a client's calls, over transport) sit at the top
 *   with client.ts and index.ts: nothing below them imports them. So do engine.ts (everything that does the
 *   work of a call), lazy.ts (which loads it with the first call), client-deps.ts and client-deps.lazy.ts (what
 *   the client calls, imported or loaded with the first call), prices.ts (the catalog's model objects and
 *   their prices), index.node.ts (the Node entry) and surface.ts (the names both entries give as they are).
 */
export const LAYERS = [
  { name: "contracts", holds: ["contracts/"] },
  { name: "lib", holds: ["lib/", "config.ts", "errors.ts", "types.ts", "options-check.ts"] },
  { name: "transport", holds: ["transport/"] },
  { name: "providers", holds: ["providers/"] },
  { name: "routing", holds: ["routing/"] },
  { name: "tasks", holds: ["tasks/"] },
  {
    name: "client",
    holds: [
      "client.ts",
      "client-deps.ts",
      "client-deps.lazy.ts",
      "index.ts",
      "index.node.ts",
      "surface.ts",
      "engine.ts",
      "lazy.ts",
      "meta.ts",
      "catalog.ts",
      "prices.ts",
      "bulk.ts",
      "openai-alias.ts",
      "limits/",
    ],
  },
  // Each entry point (a package subpath or the CLI) may import any layer below, but not another entry point.
  { name: "entries", entries: true, holds: ["cli/", "server/", "testing/", "otel/", "redis/"] },
];

/**
 * Entry points that may import another: the CLI's `serve` command runs the server entry's handler (the server
 * never imports the CLI, so this makes no cycle).
 */
export const ENTRY_IMPORTS = [["cli", "server"]];

const EXTENSIONS = [".ts", ".mts", ".tsx"];

/** The unit of `file` (path relative to src/, `/`-separated): its layer, and for an entry its folder. */
export function placeOf(file) {
  for (const [rank, layer] of LAYERS.entries()) {
    for (const hold of layer.holds) {
      const hit = hold.endsWith("/") ? file.startsWith(hold) : file === hold;
      if (hit) return { layer: layer.name, rank, entry: layer.entries ? hold.slice(0, -1) : undefined };
    }
  }
  return undefined;
}

/** The relative module specifiers `text` imports or re-exports (type-only and `import("...")` types included). */
export function importsOf(text) {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith("./") || name.startsWith("../"));
}

/** The file a relative specifier names, among `files` (paths relative to src/), or undefined. */
function resolveSpecifier(from, specifier, files) {
  const base = join(dirname(from), specifier).split(sep).join("/");
  const stem = base.replace(/\.(m?js|jsx|tsx?|mts)$/, "");
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => files.has(c));
}

/**
 * The import graph of a set of sources: `{ "tasks/run.ts": "<text>", ... }` (paths relative to src/) to
 * `Map<file, Set<file>>`. Imports of packages, and of files outside the set, are left out.
 */
export function graphOf(sources) {
  const files = new Set(Object.keys(sources));
  const graph = new Map();
  for (const [file, text] of Object.entries(sources)) {
    const targets = new Set();
    for (const spec of importsOf(text)) {
      const target = resolveSpecifier(file, spec, files);
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The TypeScript sources under `dir`, keyed by their path relative to it. */
export function readSources(dir) {
  const sources = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith(".d.ts")) {
        sources[relative(dir, path).split(sep).join("/")] = readFileSync(path, "utf8");
      }
    }
  };
  walk(dir);
  return sources;
}

/** Strongly connected components of more than one file (Tarjan), each sorted, in a stable order. */
function cyclesOf(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One shortest way round a cycle, from its first file back to it, for the message. */
function pathRound(graph, component) {
  const inside = new Set(component);
  const start = component[0];
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (inside.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

/**
 * The first statement of a contracts file that is not types only (an interface, a type alias, `import type`,
 * `export type`, `export {}`), as `line N: <text>`; undefined when there is none. `import { type X }` counts as
 * code: with `verbatimModuleSyntax` it still loads the module.
 */
export function runtimeCodeIn(text) {
  const file = ts.createSourceFile("contract.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const typeOnly = (st) =>
    ts.isInterfaceDeclaration(st) ||
    ts.isTypeAliasDeclaration(st) ||
    (ts.isImportDeclaration(st) && st.importClause?.isTypeOnly === true) ||
    (ts.isExportDeclaration(st) &&
      (st.isTypeOnly ||
        (st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.length === 0))) ||
    ts.isEmptyStatement(st);
  const code = file.statements.find((st) => !typeOnly(st));
  if (!code) return undefined;
  const line = file.getLineAndCharacterOfPosition(code.getStart(file)).line + 1;
  return `line ${line}: ${code.getText(file).split("\n")[0]}`;
}

/**
 * Every violation of the rule in `graph`, each with a stable `key` (what the allow list names) and a
 * `message`: an import into a higher layer (`upward`), an entry point importing another (`entry`), files
 * importing each other round (`cycle`), a file no layer holds (`unplaced`) and, given the `sources`, runtime
 * code in the contracts layer (`code`).
 */
export function check(graph, sources = {}) {
  const violations = [];
  for (const [file, text] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
    if (placeOf(file)?.layer !== "contracts") continue;
    const code = runtimeCodeIn(text);
    if (code) {
      violations.push({
        kind: "code",
        key: `code: ${file}`,
        message: `${file} (contracts) holds runtime code, ${code}; contracts are types only`,
      });
    }
  }
  for (const file of [...graph.keys()].sort()) {
    if (!placeOf(file)) {
      violations.push({ kind: "unplaced", key: `unplaced: ${file}`, message: `${file} belongs to no layer` });
    }
  }
  for (const [from, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    const a = placeOf(from);
    if (!a) continue;
    for (const to of [...targets].sort()) {
      const b = placeOf(to);
      if (!b) continue;
      if (b.rank > a.rank) {
        violations.push({
          kind: "upward",
          key: `upward: ${from} -> ${to}`,
          message: `${from} (${a.layer}) imports ${to} (${b.layer}), a higher layer`,
        });
      } else if (a.entry && b.entry && a.entry !== b.entry) {
        if (ENTRY_IMPORTS.some(([x, y]) => x === a.entry && y === b.entry)) continue;
        violations.push({
          kind: "entry",
          key: `entry: ${from} -> ${to}`,
          message: `${from} (entry ${a.entry}) imports ${to} (entry ${b.entry})`,
        });
      }
    }
  }
  for (const component of cyclesOf(graph)) {
    const path = pathRound(graph, component);
    const more = component.length > path.length - 1 ? `; the files tied together: ${component.join(", ")}` : "";
    violations.push({
      kind: "cycle",
      key: `cycle: ${component.join(", ")}`,
      message: `import cycle: ${path.join(" -> ")}${more}`,
    });
  }
  return violations;
}

/** Per layer: files, lines, and imports within the layer, down to lower layers, and up to higher ones. */
export function summary(graph, sources = {}) {
  const rows = new Map(LAYERS.map((l) => [l.name, { layer: l.name, files: 0, lines: 0, within: 0, down: 0, up: 0 }]));
  const unplaced = { layer: "(no layer)", files: 0, lines: 0, within: 0, down: 0, up: 0 };
  for (const [from, targets] of graph) {
    const a = placeOf(from);
    const row = a ? rows.get(a.layer) : unplaced;
    row.files++;
    row.lines += (sources[from]?.match(/\n/g) ?? []).length;
    for (const to of targets) {
      const b = placeOf(to);
      if (!a || !b) continue;
      if (b.rank > a.rank) row.up++;
      else if (b.rank < a.rank) row.down++;
      else row.within++;
    }
  }
  return [...rows.values(), ...(unplaced.files ? [unplaced] : [])];
}

function formatSummary(rows, graph) {
  const head = ["layer", "files", "lines", "within", "down", "up"];
  const body = rows.map((r) => [r.layer, r.files, r.lines, r.within, r.down, r.up].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const edges = [...graph.values()].reduce((n, t) => n + t.size, 0);
  return [`src/: ${graph.size} files, ${edges} imports (within a layer, down, up)`, line(head), ...body.map(line)].join(
    "\n",
  );
}

/** Reads `srcDir`, prints the summary and the violations; the number of violations. */
export function run(srcDir, out = console.log) {
  const sources = readSources(srcDir);
  const graph = graphOf(sources);
  const violations = check(graph, sources);
  out(formatSummary(summary(graph, sources), graph));
  out(violations.length ? `\n${violations.length} violation(s):` : "\nno violation");
  for (const v of violations) out(`  ${v.message}`);
  return violations.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "src"));
  process.exitCode = run(srcDir) > 0 ? 1 : 0;
}

/**
 * Keeps the README's task x provider table true: it is generated from the library's list of tasks
 * (src/tasks/list.ts) and the adapter tables its task functions use. Run
 * `UPDATE_README=1 npx vitest run test/readme-support-table.test.ts` to rewrite it after adding a task or an
 * adapter.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROUTER_DROPPED_PROVIDERS } from "../src/config.js";
import { TASKS } from "../src/tasks/list.js";
import { INFERENCE_PROVIDERS } from "../src/types.js";

interface Row {
  task: string;
  functions: string[];
  adapters: Record<string, unknown>;
}

/** One row per pipeline task, with the functions that run it (a task and its streaming variant share one). */
function taskRows(): Row[] {
  const rows = new Map<string, Row>();
  for (const [name, [, def]] of Object.entries(TASKS)) {
    const row: Row = rows.get(def.task) ?? { task: def.task, functions: [], adapters: def.adapters };
    row.functions.push(`\`${name}\``);
    rows.set(def.task, row);
  }
  return [...rows.values()].sort((a, b) => a.task.localeCompare(b.task));
}

/** The cell of a served pair: "✓", or "direct" for a provider the router dropped (its own key only). */
const mark = (provider: string) => (ROUTER_DROPPED_PROVIDERS.includes(provider) ? "direct" : "✓");

export function supportTable(): string {
  const defs = taskRows();
  const providers = INFERENCE_PROVIDERS.filter((p) => defs.some((d) => d.adapters[p]));
  const head = `| task | function | ${providers.join(" | ")} |`;
  const sep = `| --- | --- | ${providers.map(() => ":-:").join(" | ")} |`;
  const rows = defs.map(
    (d) =>
      `| ${d.task} | ${d.functions.join(", ")} | ${providers.map((p) => (d.adapters[p] ? mark(p) : "")).join(" | ")} |`,
  );
  return [head, sep, ...rows].join("\n");
}

/** Cell contents only: the formatter may pad the columns. */
const norm = (table: string) =>
  table
    .trim()
    .split("\n")
    .map((line) =>
      line
        .split("|")
        .map((c) => c.trim().replace(/^:?-+:?$/, "-"))
        .join("|"),
    )
    .join("\n");

const START = "<!-- support-table:start -->";
const END = "<!-- support-table:end -->";

describe("README support table", () => {
  it("matches the list of tasks and their adapter tables", () => {
    const readmePath = new URL("../README.md", import.meta.url);
    const readme = readFileSync(readmePath, "utf8");
    const table = supportTable();
    expect(table.split("\n").length).toBeGreaterThan(5);
    const i = readme.indexOf(START);
    const j = readme.indexOf(END);
    expect(i, "README has the support-table markers").toBeGreaterThan(0);
    const current = readme.slice(i + START.length, j).trim();
    if (process.env.UPDATE_README && norm(current) !== norm(table)) {
      writeFileSync(readmePath, `${readme.slice(0, i + START.length)}\n${table}\n${readme.slice(j)}`);
      return;
    }
    expect(norm(current)).toBe(norm(table));
  });
});

/// <reference types="vite/client" />
/**
 * Keeps the README's task x provider table true: it is generated from the adapter tables the task
 * functions actually use. Run `UPDATE_README=1 npx vitest run test/readme-support-table.test.ts` to
 * rewrite it after adding an adapter.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROUTER_DROPPED_PROVIDERS } from "../src/config.js";
import { INFERENCE_PROVIDERS } from "../src/types.js";

interface Def {
  task: string;
  adapters: Record<string, unknown>;
  autoChat?: unknown;
}
const modules = import.meta.glob("../src/tasks/**/*.ts", { eager: true }) as Record<string, Record<string, unknown>>;

function taskDefs(): Def[] {
  const defs = new Map<string, Def>();
  for (const [file, mod] of Object.entries(modules)) {
    if (file.includes("/custom/") || file.endsWith("/run.ts")) continue;
    for (const v of Object.values(mod)) {
      if (v && typeof v === "object" && "task" in v && "adapters" in v && typeof (v as Def).task === "string") {
        const d = v as Def;
        defs.set(d.task, d);
      }
    }
  }
  return [...defs.values()].sort((a, b) => a.task.localeCompare(b.task));
}

/** The cell of a served pair: "✓", or "direct" for a provider the router dropped (its own key only). */
const mark = (provider: string) => (ROUTER_DROPPED_PROVIDERS.includes(provider) ? "direct" : "✓");

export function supportTable(): string {
  const defs = taskDefs();
  const providers = INFERENCE_PROVIDERS.filter((p) => defs.some((d) => d.adapters[p]));
  const head = `| task | ${providers.join(" | ")} |`;
  const sep = `| --- | ${providers.map(() => ":-:").join(" | ")} |`;
  const rows = defs.map((d) => `| ${d.task} | ${providers.map((p) => (d.adapters[p] ? mark(p) : "")).join(" | ")} |`);
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
  it("matches the adapter tables", () => {
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

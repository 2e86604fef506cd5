/**
 * docs/reliability.md is the README's "Reliability" section as a page of its own: the same text, its `###`
 * headings one level up. A change to one that the other misses fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

/** The lines of a markdown section from its heading to the next heading of the same level (heading excluded). */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(heading)![0];
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^${level} `).test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

const trim = (lines: string[]) => lines.join("\n").trim();

describe("docs pages that repeat a README section", () => {
  it("docs/reliability.md says what the README's Reliability section says", () => {
    const readme = section(read("README.md"), "## Reliability").map((l) => l.replace(/^### /, "## "));
    const page = read("docs/reliability.md").split("\n");
    expect(page[0]).toMatch(/^# Reliability/);
    expect(trim(page.slice(1))).toBe(trim(readme));
  });
});

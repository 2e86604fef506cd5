/**
 * test/fixtures/README.md stays true: it names every folder of fixtures, the synthetic media start with the
 * header of their format (what sniffing reads), and the recorded-shape answers parse as what they claim to be
 * (JSON, or an event stream of `data:` lines).
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureBytes, fixturePath, fixtureText } from "./support/fixtures.js";

const ROOT = fixturePath(".");
const README = fixtureText("README.md");

function walk(dir: string, out: { dirs: string[]; files: string[] }) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = relative(ROOT, path).split(sep).join("/");
    if (statSync(path).isDirectory()) {
      out.dirs.push(rel);
      walk(path, out);
    } else if (rel !== "README.md") {
      out.files.push(rel);
    }
  }
  return out;
}
const { dirs, files } = walk(ROOT, { dirs: [], files: [] });

/** The start of each synthetic format, by extension. */
const HEADERS: Record<string, (b: Uint8Array) => boolean> = {
  png: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  pdf: (b) => ascii(b, 0, 5) === "%PDF-",
  flac: (b) => ascii(b, 0, 4) === "fLaC",
  wav: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE",
  mp3: (b) => b[0] === 0xff && (b[1]! & 0xe0) === 0xe0,
};
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const extension = (file: string) => file.slice(file.lastIndexOf(".") + 1);

describe("test/fixtures", () => {
  it("README names every folder (text/<provider>/ for the providers' folders)", () => {
    expect(dirs.length).toBeGreaterThan(5);
    const named = (dir: string) => {
      const provider = dir.split("/")[1] ?? "";
      return [...README.matchAll(/`([^`]+)`/g)].some((m) =>
        m[1]!.replace("<provider>", provider).startsWith(`${dir}/`),
      );
    };
    expect(dirs.filter((d) => !named(d))).toEqual([]);
  });

  it("every file is a synthetic medium with its format's header, a recorded answer, or the job script", () => {
    const other = files.filter(
      (f) => !(extension(f) in HEADERS) && !f.endsWith(".json") && !f.endsWith(".txt") && f !== "media/job-script.ts",
    );
    expect(other).toEqual([]);
    const media = files.filter((f) => extension(f) in HEADERS);
    expect(media.length).toBeGreaterThan(10);
    expect(media.filter((f) => !HEADERS[extension(f)]!(fixtureBytes(f)))).toEqual([]);
    // "tens to hundreds of bytes"
    expect(media.filter((f) => fixtureBytes(f).length > 1024)).toEqual([]);
  });

  it("recorded answers parse: JSON documents, and event streams of data: lines", () => {
    for (const f of files.filter((f) => f.endsWith(".json"))) expect(() => JSON.parse(fixtureText(f)), f).not.toThrow();
    const streams = files.filter((f) => f.endsWith(".txt"));
    expect(streams.length).toBeGreaterThan(20);
    for (const f of streams) {
      const events = fixtureText(f)
        .split(/\r?\n\r?\n/)
        .filter((e) => e.trim() !== "");
      expect(events.length, f).toBeGreaterThan(1);
      for (const e of events) expect(e, f).toMatch(/^(data|event|id|retry|:)/m);
    }
  });
});

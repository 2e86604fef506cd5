// `unified-inference run <task> --input-file items.jsonl`: the built binary (npm test builds first) as a child
// process against the mock provider, reached through UNIFIED_INFERENCE_FETCH_PROXY.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/errors.js";
import { vector, type MockRequest } from "../src/testing/index.js";
import { CLI, mockEnv, runCli } from "./support/cli.js";
import { useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const EMBED = "sentence-transformers/all-MiniLM-L6-v2";
const IMAGE = "black-forest-labs/FLUX.1-dev";
const mock = useMockProvider();
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ui-cli-bulk-"));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  mock.mapModel(EMBED, [{ provider: "hf-inference", providerId: EMBED, task: "feature-extraction" }]);
  mock.mapModel(IMAGE, [{ provider: "hf-inference", providerId: IMAGE, task: "text-to-image" }]);
});

const cli = (args: string[]) => runCli(args, { cwd: work, env: mockEnv(mock, TOKEN) });

function jsonl(name: string, lines: unknown[]): string {
  const file = join(work, name);
  writeFileSync(
    file,
    lines.map((l) => (typeof l === "string" && l.startsWith("#raw ") ? l.slice(5) : JSON.stringify(l))).join("\n") +
      "\n",
  );
  return file;
}

const inputsOf = (r: MockRequest): unknown => (r.json as { inputs?: unknown } | undefined)?.inputs;
const embedRequests = () => mock.requests.filter((r) => r.path.endsWith("/pipeline/feature-extraction"));
const parseLines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as { index: number; value?: unknown; error?: { name: string; message: string; status?: number } },
    );

describe.skipIf(!existsSync(CLI))("run <task> --input-file", () => {
  it("streams results in input order although the first item finishes last; exit 0", async () => {
    let answered = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    mock.on("/pipeline/feature-extraction", async (req) => {
      if (inputsOf(req) === "first") await held;
      else if (++answered === 2) release();
      return undefined;
    });
    const file = jsonl("order.jsonl", ["first", { inputs: "second" }, "third"]);
    const res = await cli(["run", "feature-extraction", "-m", EMBED, "--input-file", file, "--concurrency", "3"]);
    expect(res.code).toBe(EXIT.ok);
    expect(parseLines(res.stdout)).toEqual([
      { index: 0, value: vector("first") },
      { index: 1, value: vector("second") },
      { index: 2, value: vector("third") },
    ]);
    // Not a terminal: one plain summary line.
    expect(res.stderr).toBe("unified-inference: 3 done, 0 failed\n");
  });

  it("failed items are error lines with name, message and status; exit code 6; the token is never printed", async () => {
    mock.on((r) => inputsOf(r) === "bad", { status: 422, json: { error: `rejected (token ${TOKEN})` } });
    const file = jsonl("partial.jsonl", ["ok", "bad", "fine"]);
    const res = await cli(["run", "feature-extraction", "-m", EMBED, "--input-file", file]);
    expect(res.code).toBe(EXIT.partial);
    expect(res.code).toBe(6);
    const lines = parseLines(res.stdout);
    expect(lines.map((l) => l.index)).toEqual([0, 1, 2]);
    expect(lines[0]!.value).toEqual(vector("ok"));
    expect(lines[1]!.error).toMatchObject({ name: "ProviderApiError", status: 422 });
    expect(lines[1]!.error!.message).toContain("rejected");
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
    expect(lines[2]!.value).toEqual(vector("fine"));
    expect(res.stderr).toContain("3 done, 1 failed");
  });

  it("--batch-size sends lists and splits the answers back per line", async () => {
    const texts = ["a", "b", "c", "d", "e"];
    const file = jsonl("batch.jsonl", texts);
    const res = await cli([
      "run",
      "feature-extraction",
      "-m",
      EMBED,
      // featureExtraction is batched when the provider is named (where one text's answer nests is known).
      "-p",
      "hf-inference",
      "--input-file",
      file,
      "--batch-size",
      "2",
      "--concurrency",
      "1",
    ]);
    expect(res.code).toBe(EXIT.ok);
    expect(embedRequests().map(inputsOf)).toEqual([["a", "b"], ["c", "d"], "e"]);
    expect(parseLines(res.stdout).map((l) => l.value)).toEqual(texts.map((t) => vector(t)));
  });

  it("media outputs go to --output <dir> as <index>.<ext>; without it, a usage error before any call", async () => {
    const file = jsonl("images.jsonl", ["a red cube", "a blue ball"]);
    const refused = await cli(["run", "text-to-image", "-m", IMAGE, "--input-file", file]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain("--output <dir>");
    expect(mock.requests).toHaveLength(0);

    const dir = join(work, "images");
    const res = await cli(["run", "text-to-image", "-m", IMAGE, "--input-file", file, "-o", dir]);
    expect(res.code).toBe(EXIT.ok);
    const lines = parseLines(res.stdout) as {
      index: number;
      value: { file: string; contentType: string; bytes: number };
    }[];
    expect(lines.map((l) => l.index)).toEqual([0, 1]);
    for (const { index, value } of lines) {
      expect(value.file).toBe(
        join(dir, `${index}.${value.contentType.split("/")[1] === "jpeg" ? "jpg" : value.contentType.split("/")[1]}`),
      );
      expect(readFileSync(value.file).byteLength).toBe(value.bytes);
    }
  });

  it("a line that is not JSON is a usage error naming the line", async () => {
    const file = jsonl("broken.jsonl", ["fine", "#raw {nope"]);
    const res = await cli(["run", "feature-extraction", "-m", EMBED, "--input-file", file]);
    expect(res.code).toBe(EXIT.usage);
    expect(res.stderr).toContain("line 2 is not JSON");
  });
});

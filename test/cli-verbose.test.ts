/**
 * `-v` / `--verbose` of the command line, end to end: the built binary (`node dist/cli.js`) runs against
 * the mock provider (reached through UNIFIED_INFERENCE_FETCH_PROXY) and prints, on stderr after the call,
 * who served it, the request id, attempts, timings, tokens and the estimated cost; stdout is the same as
 * without the flag, and the token is never printed.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatCallInfo } from "../src/cli/verbose.js";
import { EXIT } from "../src/cli/errors.js";
import { mockAnswer, vector } from "../src/testing/index.js";
import { CLI, mockEnv, runCli } from "./support/cli.js";
import { useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const CHAT_MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const EMBED_MODEL = "sentence-transformers/all-MiniLM-L6-v2";
const P = "unified-inference: ";

const mock = useMockProvider();
let work: string;

const cli = (args: string[]) => runCli(args, { cwd: work, env: { HOME: work, ...mockEnv(mock, TOKEN) } });

/** The verbose lines of stderr, by their label. */
function fields(stderr: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stderr.split("\n")) {
    const m = /^unified-inference: ([a-z ]+): (.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsup, or npm test which builds)`);
  work = mkdtempSync(join(tmpdir(), "unified-inference-cli-verbose-"));
});
beforeEach(() => {
  mock.mapModel(CHAT_MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
  mock.mapModel(EMBED_MODEL, [{ provider: "hf-inference", providerId: EMBED_MODEL, task: "feature-extraction" }]);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("chat -v", () => {
  it("after a streamed answer: served by, request id, attempts, timings with first token, tokens, catalog cost", async () => {
    const plain = await cli(["chat", "-m", CHAT_MODEL, "-p", "together", "Capital of France?"]);
    // The router's answers carry a request id: the mock's own answer, with that header added.
    let inner = false;
    mock.on("/together/", async (req) => {
      if (inner) return undefined;
      inner = true;
      try {
        const reply = await mock.answer(req);
        return { ...reply, headers: { ...reply.headers, "x-request-id": "req-cli-v-1" } };
      } finally {
        inner = false;
      }
    });
    const r = await cli(["chat", "-v", "-m", CHAT_MODEL, "-p", "together", "Capital of France?"]);
    expect(r.code).toBe(EXIT.ok);
    // stdout is exactly what it is without -v.
    expect(r.stdout).toBe(`${mockAnswer("Capital of France?")}\n`);
    expect(r.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe("");
    const f = fields(r.stderr);
    expect(f["served by"]).toBe("together (x-inference-provider: together)");
    expect(f.model).toBe(`${CHAT_MODEL} (as meta-llama/Llama-3.3-70B-Instruct-Turbo)`);
    expect(f["request id"]).toBe("req-cli-v-1");
    expect(f.attempts).toBe("1");
    expect(f.timings).toMatch(/^first byte \d+ ms, first token \d+ ms, total \d+ ms$/);
    // The usage of the stream's last event, as the mock sent it.
    const sent = mock.find("/v1/chat/completions").at(-1)!;
    expect(sent.json.stream).toBe(true);
    expect(f.usage).toMatch(/^\d+ input, \d+ output tokens$/);
    const [input, output] = f.usage!.match(/\d+/g)!.map(Number);
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // Priced from the router catalog (the mock's /v1/models), and said to be an estimate.
    expect(f["estimated cost"]).toMatch(/^\$[\d.e-]+ \(estimate, source: catalog-estimate\)$/);
    expect(mock.find("/v1/models").length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain(TOKEN);
    // Every stderr line is a verbose line.
    expect(
      r.stderr
        .trimEnd()
        .split("\n")
        .every((l) => l.startsWith(P)),
    ).toBe(true);
  });

  it("a retried call (503 once): two attempts, the retry named, the answer unchanged", async () => {
    mock.once("/together/", { status: 503, json: { error: "busy" }, headers: { "retry-after": "0" } });
    const r = await cli(["chat", "--verbose", "-m", CHAT_MODEL, "-p", "together", "Hi"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("Hi")}\n`);
    expect(r.stderr).toMatch(/^unified-inference: retrying in \d+\.\ds \(attempt 1, HTTP 503\)\n/);
    expect(fields(r.stderr).attempts).toBe("2 (1 retry: HTTP 503)");
    expect(mock.find("/together/v1/chat/completions")).toHaveLength(2);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("the cost is 'unknown' when the catalog has no price (an endpoint URL)", async () => {
    const r = await cli(["chat", "-v", "-e", mock.url, "Hello local"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("Hello local")}\n`);
    const f = fields(r.stderr);
    expect(f["estimated cost"]).toBe("unknown");
    expect(f["served by"]).toContain("no x-inference-provider header");
    expect(mock.find("/v1/models")).toHaveLength(0);
  });

  it("--json -v: the whole completion on stdout, the record on stderr", async () => {
    const r = await cli(["chat", "--json", "-v", "-m", CHAT_MODEL, "-p", "together", "Hi"]);
    expect(r.code).toBe(EXIT.ok);
    const body = JSON.parse(r.stdout);
    expect(body.choices[0].message.content).toBe(mockAnswer("Hi"));
    const f = fields(r.stderr);
    expect(f.usage).toBe(`${body.usage.prompt_tokens} input, ${body.usage.completion_tokens} output tokens`);
    expect(f.timings).toMatch(/^first byte \d+ ms, total \d+ ms$/);
  });
});

describe("run -v", () => {
  it("a non-stream task (feature-extraction): JSON on stdout unchanged, the record on stderr", async () => {
    const argv = ["run", "feature-extraction", "-m", EMBED_MODEL, "-p", "hf-inference", "one"];
    const plain = await cli(argv);
    const r = await cli([...argv, "-v"]);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual(vector("one", JSON.parse(plain.stdout).length));
    expect(r.stdout).toBe(plain.stdout);
    const f = fields(r.stderr);
    expect(f["served by"]).toMatch(/^hf-inference \(/);
    expect(f["request id"]).toBeDefined();
    expect(f.attempts).toBe("1");
    expect(f.timings).toMatch(/^first byte \d+ ms, total \d+ ms$/);
    expect(f["estimated cost"]).toBeDefined();
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("run chat-completion --stream -v reads the record of the client's stream", async () => {
    const r = await cli(["run", "chat-completion", "--stream", "-v", "-m", CHAT_MODEL, "-p", "together", "Hi"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("Hi")}\n`);
    const f = fields(r.stderr);
    expect(f["served by"]).toBe("together (x-inference-provider: together)");
    expect(f.timings).toMatch(/first token \d+ ms/);
    expect(f.usage).toMatch(/^\d+ input, \d+ output tokens$/);
  });

  it("--verbose with --input-file is a usage error", async () => {
    const r = await cli(["run", "feature-extraction", "--input-file", "-", "-v", "-m", EMBED_MODEL]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("--verbose");
  });
});

describe("formatCallInfo", () => {
  it("names each provider tried on a fallback, the provider asked for, and an unknown cost", () => {
    const lines = formatCallInfo({
      requestId: "req-9",
      provider: "auto",
      servedBy: "together",
      model: CHAT_MODEL,
      attempts: [
        { provider: "groq", error: { name: "InferenceClientProviderApiError", message: "HTTP 503" } },
        { provider: "together" },
      ],
      polls: [],
      retries: [],
      timings: { firstByteMs: 12.4, totalMs: 30 },
      usage: {},
      cost: "unknown",
    });
    expect(lines).toEqual([
      "served by: together (x-inference-provider: together, asked for auto)",
      `model: ${CHAT_MODEL}`,
      "request id: req-9",
      "attempts: 2",
      "providers tried: groq (failed: HTTP 503) -> together",
      "timings: first byte 12 ms, total 30 ms",
      "usage: unknown",
      "estimated cost: unknown",
    ]);
    expect(formatCallInfo({ ...base(), cost: { usd: 0.5, source: "provider-estimate" } }).at(-1)).toBe(
      "estimated cost: $0.5000 (estimate, source: provider-estimate)",
    );
    expect(formatCallInfo(undefined)).toEqual(["call: no record of this call"]);
  });
});

function base() {
  return { attempts: [], polls: [], retries: [], timings: {}, usage: {}, cost: "unknown" as const };
}

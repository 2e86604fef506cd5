/**
 * `unified-inference models [id]`, end to end: the built binary (`node dist/cli.js`; `npm test` builds
 * first) runs as a child process against the mock provider (UNIFIED_INFERENCE_FETCH_PROXY), which serves the
 * router's catalog built from its mapped models.
 */
import { existsSync } from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalogTable } from "../src/cli/models.js";
import { EXIT } from "../src/cli/errors.js";
import type { RouterModel } from "../src/index.js";
import { CLI, mockEnv, runCli } from "./support/cli.js";
import { useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const LLAMA = "meta-llama/Llama-3.3-70B-Instruct";
const QWEN = "Qwen/Qwen3-32B";
const mock = useMockProvider();

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { ...mockEnv(mock, TOKEN), ...env } });

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsup, or npm test which builds)`);
});
beforeEach(() => {
  mock.mapModel(LLAMA, [
    { provider: "groq", providerId: "llama-3.3-70b-versatile", task: "conversational" },
    { provider: "featherless-ai", providerId: LLAMA, task: "conversational" },
  ]);
  mock.mapModel(QWEN, [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
});

/** The catalog the mock serves, read directly, to compare the CLI's output with. */
async function served(path: string): Promise<any> {
  const res = await mock.fetch(`https://router.huggingface.co${path}`);
  return res.json();
}

describe("models", () => {
  it("prints the catalog as a table: one row per model and provider, prices per 1M, context, latency, throughput", async () => {
    const r = await cli(["models"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^MODEL\s+PROVIDER\s+STATUS\s+IN \$\/1M\s+OUT \$\/1M\s+CONTEXT\s+TTFT ms\s+TOKENS\/s$/);
    expect(lines).toHaveLength(4);
    const sent = mock.find("/v1/models");
    expect(sent.map((q) => q.url)).toEqual(["https://router.huggingface.co/v1/models"]);
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const groq = (await served(`/v1/models/${LLAMA}`)).providers[0];
    const row = lines.find((l) => l.includes("groq"))!.split(/\s+/);
    expect(row).toEqual([
      LLAMA,
      "groq",
      "live",
      groq.pricing.input.toFixed(2),
      groq.pricing.output.toFixed(2),
      String(groq.context_length),
      String(groq.first_token_latency_ms),
      groq.throughput.toFixed(1),
    ]);
    // A provider without figures shows dashes.
    expect(
      lines
        .find((l) => l.includes("featherless-ai"))!
        .split(/\s+/)
        .slice(3),
    ).toEqual(["-", "-", "-", "-", "-"]);
  });

  it("with an id, prints that model; --json prints the router's object", async () => {
    const r = await cli(["models", QWEN]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.split("\n")[0]).toBe(QWEN);
    expect(r.stdout).toContain("cerebras");
    const j = await cli(["models", QWEN, "--json"]);
    expect(j.code).toBe(EXIT.ok);
    expect(JSON.parse(j.stdout)).toEqual(await served(`/v1/models/${QWEN}`));
    expect(mock.find(`/v1/models/${QWEN}`)).toHaveLength(3);
  });

  it("--provider keeps that provider's rows; --json lists models for scripts", async () => {
    const r = await cli(["models", "--provider", "groq", "--json"]);
    expect(r.code).toBe(EXIT.ok);
    const list = JSON.parse(r.stdout) as RouterModel[];
    expect(list.map((m) => [m.id, m.providers.map((p) => p.provider)])).toEqual([[LLAMA, ["groq"]]]);
  });

  it("a hostile id is a usage error (exit 2) before any request; an unknown model exits 3", async () => {
    const bad = await cli(["models", "../../admin"]);
    expect(bad.code).toBe(EXIT.usage);
    expect(mock.find("/v1/models")).toHaveLength(0);
    const missing = await cli(["models", "nobody/nothing"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("404");
    expect(missing.stderr).not.toContain(TOKEN);
  });

  it("a token that is not a Hugging Face token is not sent", async () => {
    const r = await cli(["models", "--json"], { HF_TOKEN: "sk-provider-key-0123456789" });
    expect(r.code).toBe(EXIT.ok);
    expect(mock.find("/v1/models")[0]!.headers.authorization).toBeUndefined();
  });

  it("--help documents the command; options of other commands are refused", async () => {
    const h = await cli(["models", "--help"]);
    expect(h.code).toBe(EXIT.ok);
    expect(h.stdout).toContain("unified-inference models [id]");
    expect(h.stdout).toContain("--json");
    const e = await cli(["models", "--endpoint-url", "http://localhost:1"]);
    expect(e.code).toBe(EXIT.usage);
  });
});

describe("catalogTable", () => {
  it("replaces control characters from the catalog, marks free providers, says when nothing matches", () => {
    const model: RouterModel = {
      id: "a/b\u001b[31m",
      object: "model",
      providers: [{ provider: "x", status: "live", is_free: true, is_model_author: true }],
    };
    const t = catalogTable([model]);
    expect(t).not.toContain("\u001b");
    expect(t).toContain("a/b?[31m");
    expect(t).toContain("live (free)");
    expect(catalogTable([])).toBe("No models.\n");
  });
});

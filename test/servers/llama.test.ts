/**
 * The client against a real llama.cpp `llama-server` (built by scripts/llama/setup.mjs from the sources in
 * the node-llama-cpp npm tarball) serving a tiny random-weight model: its text is gibberish, so these tests
 * check shapes, grammars and the protocol, never meaning. Run with `npm run test:servers`.
 *
 * Three servers on free loopback ports: one chat model behind `--api-key`, one embedding model
 * (`--embeddings --pooling mean`), and one router (several models from a preset file, `model` required).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelFile, serverBin } from "../../scripts/llama/paths.mjs";
import {
  chatCompletion,
  chatCompletionStream,
  featureExtraction,
  InferenceClient,
  InferenceClientProviderApiError,
  textGeneration,
  textGenerationStream,
} from "../../src/index.js";

const CI = !!process.env.CI && process.env.CI !== "false";
const BUILT = existsSync(serverBin()) && existsSync(modelFile());
if (!BUILT && !CI) {
  console.warn(
    `test/servers/llama.test.ts skipped: no llama-server at ${serverBin()} or no model at ${modelFile()} ` +
      `(scripts/llama/setup.mjs could not build them; with CI=true this fails instead)`,
  );
}

const KEY = "sk-llama-test-7f3a9c";
const N_EMBD = 64; // scripts/llama/make_model.py
const MESSAGES = [{ role: "user", content: "Say hello" }];

interface Server {
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts llama-server in its own process group and waits for `/health` to answer 200. */
async function startServer(args: string[]): Promise<Server> {
  const port = await freePort();
  const proc: ChildProcess = spawn(
    serverBin(),
    ["--host", "127.0.0.1", "--port", String(port), "--threads", "1", "--no-webui", ...args],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-64_000);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    proc.on("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    process.kill(-proc.pid!, "SIGTERM"); // the group: a router's model processes too
    const killed = await Promise.race([gone.then(() => true), sleep(10_000).then(() => false)]);
    if (!killed) process.kill(-proc.pid!, "SIGKILL");
    await gone;
  };
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) return { url, log: () => log, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`llama-server ${args.join(" ")} did not become healthy:\n${log.slice(-4000)}`);
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe.skipIf(!BUILT && !CI)("llama.cpp llama-server", () => {
  let chat: Server; // one chat model, --api-key
  let embed: Server; // one embedding model, no key
  let router: Server; // router mode: tiny-chat and tiny-embed, `model` required
  let dir: string;

  beforeAll(async () => {
    if (!BUILT) throw new Error(`llama-server was not built (${serverBin()}): scripts/llama/setup.mjs failed`);
    dir = mkdtempSync(join(tmpdir(), "llama-router-"));
    const preset = join(dir, "models.ini");
    writeFileSync(
      preset,
      [
        "version = 1",
        "[*]",
        "c = 2048",
        "threads = 1",
        "[tiny-chat]",
        `model = ${modelFile()}`,
        "[tiny-embed]",
        `model = ${modelFile()}`,
        "embeddings = true",
        "pooling = mean",
        "",
      ].join("\n"),
    );
    [chat, embed, router] = await Promise.all([
      startServer(["-m", modelFile(), "-c", "4096", "-np", "1", "--api-key", KEY]),
      startServer(["-m", modelFile(), "-c", "2048", "-np", "1", "--embeddings", "--pooling", "mean"]),
      startServer(["--models-preset", preset, "--models-max", "2"]),
    ]);
  });

  afterAll(async () => {
    await Promise.all([chat?.stop(), embed?.stop(), router?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const client = () => new InferenceClient(KEY).endpoint(chat.url);

  it("chatCompletion: an OpenAI chat completion within max_tokens", async () => {
    const out = await client().chatCompletion({ messages: MESSAGES, max_tokens: 8, seed: 1 });
    expect(out.object).toBe("chat.completion");
    expect(out.choices).toHaveLength(1);
    expect(out.choices[0]!.message.role).toBe("assistant");
    expect(typeof out.choices[0]!.message.content).toBe("string");
    expect(["stop", "length"]).toContain(out.choices[0]!.finish_reason);
    expect(out.usage.completion_tokens).toBeGreaterThan(0);
    expect(out.usage.completion_tokens).toBeLessThanOrEqual(8);
    expect(out.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("chatCompletionStream: chunks that add up to the whole answer, the last with a finish reason", async () => {
    const req = { messages: MESSAGES, max_tokens: 8, seed: 7, temperature: 0 };
    const chunks = await collect(client().chatCompletionStream(req));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.object).toBe("chat.completion.chunk");
    const streamed = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    const reasons = chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^(stop|length)$/);
    // Greedy decoding: the same request without streaming gives the same text.
    const whole = await client().chatCompletion(req);
    expect(streamed).toBe(whole.choices[0]!.message.content);
  });

  it("tools: the definitions reach the chat template, and a tool-call history is accepted", async () => {
    // The model is random: what it answers to tools is noise (llama-server's grammar still lets free text come
    // first, so a tool call cannot be forced). What is checked: the request is accepted, the server renders the
    // tool definitions into the prompt (more prompt tokens), and the answer has the chat shape.
    const tools = [
      {
        type: "function" as const,
        function: {
          name: "get_weather",
          description: "Current weather of a city",
          parameters: {
            type: "object",
            properties: { city: { type: "string", enum: ["Paris", "Rome"] } },
            required: ["city"],
          },
        },
      },
    ];
    const messages = [{ role: "user", content: "Weather in Paris?" }];
    const plain = await client().chatCompletion({ messages, max_tokens: 4 });
    const withTools = await client().chatCompletion({ messages, tools, tool_choice: "auto", max_tokens: 4 });
    expect(withTools.usage.prompt_tokens).toBeGreaterThan(plain.usage.prompt_tokens + 50);
    const m = withTools.choices[0]!.message;
    expect(m.role).toBe("assistant");
    expect(typeof m.content === "string" || Array.isArray(m.tool_calls)).toBe(true);
    const history = await client().chatCompletion({
      messages: [
        ...messages,
        {
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny, 24 C" },
      ],
      tools,
      max_tokens: 4,
    });
    expect(history.usage.prompt_tokens).toBeGreaterThan(withTools.usage.prompt_tokens);
    expect(history.choices[0]!.message.role).toBe("assistant");
  });

  it("response_format json_schema: the content parses as JSON valid against the schema", async () => {
    const schema = {
      type: "object",
      properties: {
        ok: { type: "boolean" },
        color: { type: "string", enum: ["red", "green", "blue"] },
        n: { type: "integer", minimum: 0, maximum: 9 },
      },
      required: ["ok", "color", "n"],
      additionalProperties: false,
    };
    const validate = new Ajv().compile(schema);
    for (const seed of [1, 2, 3]) {
      const out = await client().chatCompletion({
        messages: [{ role: "user", content: "Give me a color" }],
        response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
        max_tokens: 64,
        seed,
      });
      const value = JSON.parse(out.choices[0]!.message.content!);
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("textGeneration and textGenerationStream through /v1/completions", async () => {
    const args = { inputs: "Once upon a time", parameters: { max_new_tokens: 6, temperature: 0 } };
    const out = await textGeneration({ ...args, endpointUrl: chat.url, accessToken: KEY });
    expect(typeof out.generated_text).toBe("string");
    const events = await collect(textGenerationStream({ ...args, endpointUrl: `${chat.url}/v1`, accessToken: KEY }));
    expect(events.length).toBeGreaterThan(1);
    expect(events.map((e) => e.token.text).join("")).toBe(out.generated_text);
    expect(events.at(-1)?.details?.finish_reason).toMatch(/^(stop|length)$/);
  });

  it("every endpointUrl shape reaches the right route", async () => {
    const chatForms = ["", "/", "/v1", "/v1/", "/v1/chat/completions", "/v1/chat/completions/", "/v1/completions"];
    for (const form of chatForms) {
      const out = await chatCompletion({
        endpointUrl: chat.url + form,
        accessToken: KEY,
        messages: MESSAGES,
        max_tokens: 2,
      });
      expect(out.object, form).toBe("chat.completion");
    }
    for (const form of ["", "/v1", "/v1/completions", "/v1/completions/", "/v1/chat/completions"]) {
      const out = await textGeneration({
        endpointUrl: chat.url + form,
        accessToken: KEY,
        inputs: "Hi",
        parameters: { max_new_tokens: 2 },
      });
      expect(typeof out.generated_text, form).toBe("string");
    }
    const embedForms = ["", "/", "/v1", "/v1/", "/v1/embeddings", "/v1/embeddings/", "/v1/chat/completions"];
    for (const form of embedForms) {
      const v = await featureExtraction({ endpointUrl: embed.url + form, inputs: "hello world" });
      expect(v, form).toHaveLength(N_EMBD);
    }
  });

  it("featureExtraction: one vector per text, deterministic, normalised", async () => {
    const one = (await featureExtraction({ endpointUrl: `${embed.url}/v1`, inputs: "hello world" })) as number[];
    expect(one).toHaveLength(N_EMBD);
    expect(one.every((x) => Number.isFinite(x))).toBe(true);
    expect(norm(one)).toBeCloseTo(1, 3); // llama-server's default: L2-normalised
    const list = (await featureExtraction({
      endpointUrl: `${embed.url}/v1/embeddings`,
      inputs: ["the world", "hello world", "a"],
    })) as number[][];
    expect(list).toHaveLength(3);
    for (const v of list) expect(v).toHaveLength(N_EMBD);
    // Input order kept: the second text is the one embedded alone above.
    for (let i = 0; i < N_EMBD; i++) expect(list[1]![i]).toBeCloseTo(one[i]!, 4);
    expect(list[0]).not.toEqual(list[1]);
  });

  it("a bare host: llama-server has no pipeline route, so the call goes on to /v1/embeddings", async () => {
    const answer = await fetch(`${embed.url}/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ inputs: "hello" }),
    });
    expect([404, 405]).toContain(answer.status); // what makes the second request
    const v = await new InferenceClient().endpoint(embed.url).featureExtraction({ inputs: "hello" });
    expect(v).toHaveLength(N_EMBD);
  });

  it("a wrong key is a typed 401 error that does not quote the key", async () => {
    const wrong = "sk-wrong-key-123456";
    for (const call of [
      () => chatCompletion({ endpointUrl: chat.url, accessToken: wrong, messages: MESSAGES, max_tokens: 2 }),
      () => collect(chatCompletionStream({ endpointUrl: chat.url, accessToken: wrong, messages: MESSAGES })),
      () => textGeneration({ endpointUrl: `${chat.url}/v1`, accessToken: wrong, inputs: "Hi" }),
      () => chatCompletion({ endpointUrl: chat.url, messages: MESSAGES, max_tokens: 2 }), // no key at all
    ]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InferenceClientProviderApiError);
      const e = err as InferenceClientProviderApiError;
      expect(e.status).toBe(401);
      expect(e.retryable).toBe(false);
      expect(e.message).not.toContain(wrong);
      expect(e.message).not.toContain(KEY);
      expect(JSON.stringify(e.httpRequest)).not.toContain(wrong);
    }
  });

  it("router mode: the caller's model picks the model, for chat and embeddings", async () => {
    const out = await chatCompletion({
      endpointUrl: `${router.url}/v1`,
      model: "tiny-chat",
      messages: MESSAGES,
      max_tokens: 4,
    });
    expect(out.object).toBe("chat.completion");
    expect(out.model).toBe("tiny-chat");
    const v = await featureExtraction({ endpointUrl: `${router.url}/v1`, model: "tiny-embed", inputs: ["a", "b"] });
    expect(v).toHaveLength(2);
    expect((v as number[][])[0]).toHaveLength(N_EMBD);
  });

  it("router mode: an unknown model, or none, is a typed 400 error with the server's reason", async () => {
    const cases: [string | undefined, RegExp][] = [
      ["no-such-model", /model 'no-such-model' not found/],
      [undefined, /model name is missing/],
    ];
    for (const [model, reason] of cases) {
      const err = await chatCompletion({ endpointUrl: router.url, model, messages: MESSAGES, max_tokens: 2 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, String(model)).toBeInstanceOf(InferenceClientProviderApiError);
      const e = err as InferenceClientProviderApiError;
      expect(e.status).toBe(400);
      expect(e.retryable).toBe(false);
      expect(e.message).toMatch(reason);
      expect(e.providerMessage).toMatch(reason);
    }
  });

  it("breaking out of a stream stops the generation on the server", async () => {
    const MAX = 3000;
    const stream = client().chatCompletionStream({ messages: MESSAGES, max_tokens: MAX, ignore_eos: true });
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) seen++;
      if (seen >= 3) break;
    }
    expect(seen).toBe(3);
    // The slot goes idle long before MAX tokens (without the cancel, it would decode all of them: ignore_eos).
    let slot: { is_processing: boolean; n_prompt_tokens?: number } | undefined;
    for (let i = 0; i < 300; i++) {
      const slots = (await (
        await fetch(`${chat.url}/slots`, { headers: { authorization: `Bearer ${KEY}` } })
      ).json()) as (typeof slot)[];
      slot = slots[0];
      if (slot && !slot.is_processing) break;
      await sleep(100);
    }
    expect(slot?.is_processing).toBe(false);
    // After release, the slot's cache holds the prompt and what was generated: far fewer than MAX tokens.
    expect(slot?.n_prompt_tokens).toBeGreaterThan(3);
    expect(slot?.n_prompt_tokens).toBeLessThan(MAX);
    expect(chat.log()).toMatch(/cancel task/);
  });
});

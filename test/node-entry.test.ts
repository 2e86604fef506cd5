/**
 * The Node entry (src/index.node.ts; dist/index.js and dist/index.cjs are built from it): importing it compiles
 * the errors, the checks and the client's shell; the engine (every task, the transport, routing and providers)
 * is a chunk that the first call loads. These tests hold what that must not change: calls made before the
 * engine is loaded behave as after, and a fresh process loads the engine only when it first calls.
 *
 * (The whole suite also runs against this entry: `vitest run --config vitest.node-entry.config.ts`.)
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { compileFunction } from "node:vm";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as eager from "../src/index.js";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";

type Entry = typeof import("../src/index.node.js");

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** The Node entry as a fresh module graph: its engine not loaded yet. */
async function fresh(): Promise<Entry> {
  vi.resetModules();
  return (await import("../src/index.node.js")) as Entry;
}

const messages = [{ role: "user" as const, content: "Hello" }];
const chatReply = (content: string) => ({
  json: {
    id: "c1",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  },
});
const chunk = (content: string) => ({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });

describe("the Node entry before its engine is loaded", () => {
  it("exports the same names as src/index.ts, each of the same kind", async () => {
    const ui = await fresh();
    expect(Object.keys(ui).sort()).toEqual(Object.keys(eager).sort());
    for (const name of Object.keys(eager)) {
      const a = (eager as Record<string, unknown>)[name];
      const b = (ui as Record<string, unknown>)[name];
      expect(typeof b, name).toBe(typeof a);
      // The client and the errors are the same classes (from a fresh module graph here: recognised across copies);
      // the task functions stand for the engine's.
      if (/^(Inference|Hf)/.test(name)) expect((b as { name: string }).name, name).toBe((a as { name: string }).name);
    }
    expect(new ui.InferenceClientInputError("x")).toBeInstanceOf(eager.InferenceClientInputError);
  });

  it("calls made at once, before the engine has loaded, each get their own answer", async () => {
    const ui = await fresh();
    const lazy = await import("../src/lazy.js");
    expect(lazy.loadedEngine(), "the engine is not loaded by the import").toBeUndefined();
    mock.once("/v1/chat/completions", chatReply("one"));
    mock.once("/v1/chat/completions", chatReply("two"));
    const [a, b] = await Promise.all([
      ui.chatCompletion({ endpointUrl: mock.url, messages }),
      ui.chatCompletion({ endpointUrl: mock.url, messages }),
    ]);
    expect([a.choices[0]!.message.content, b.choices[0]!.message.content].sort()).toEqual(["one", "two"]);
    expect(ui.metaOf(a)?.usage).toBeDefined();
    expect(mock.requests).toHaveLength(2);
    expect(lazy.loadedEngine(), "the first call loaded it").toBeDefined();
  });

  it("bad input is refused with the library's error, before any request", async () => {
    const ui = await fresh();
    await expect(ui.chatCompletion({ endpointUrl: mock.url, messages: "hi" } as never)).rejects.toBeInstanceOf(
      eager.InferenceClientInputError,
    );
    await expect(new ui.InferenceClient().textToImage({ inputs: 42 } as never)).rejects.toBeInstanceOf(
      eager.InferenceClientInputError,
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("a provider's failure is the same typed error as with the eager entry", async () => {
    const ui = await fresh();
    mock.once("/v1/chat/completions", { status: 404, json: { error: "no such model" } });
    const error = await ui.chatCompletion({ endpointUrl: mock.url, messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(eager.InferenceClientNotFoundError);
    expect((error as eager.InferenceClientProviderApiError).status).toBe(404);
  });

  it("a stream opened first: its record is there from the start and fills in; return() before next() sends nothing", async () => {
    const ui = await fresh();
    const unused = ui.chatCompletionStream({ endpointUrl: mock.url, messages });
    expect(ui.metaOf(unused)).toBeDefined();
    expect(await unused.return(undefined)).toEqual({ value: undefined, done: true });
    expect((await unused.next()).done).toBe(true);
    expect(mock.requests).toHaveLength(0);

    mock.once("/v1/chat/completions", { events: [chunk("a"), chunk("b")] });
    const stream = ui.chatCompletionStream({ endpointUrl: mock.url, messages });
    const got: string[] = [];
    for await (const c of stream) got.push(c.choices[0]!.delta.content!);
    expect(got).toEqual(["a", "b"]);
    expect(ui.metaOf(stream)?.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it("a stream's throw() before next() rejects with that error and ends it", async () => {
    const ui = await fresh();
    const stream = ui.textGenerationStream({ endpointUrl: mock.url, inputs: "x" });
    const boom = new Error("stop");
    await expect(stream.throw(boom)).rejects.toBe(boom);
    expect((await stream.next()).done).toBe(true);
    expect(mock.requests).toHaveLength(0);
  });

  it("a model mapping registered before the first call is the one that call routes by", async () => {
    const ui = await fresh();
    ui.registerModelMapping({
      hfModelId: "org/registered",
      provider: "together",
      providerId: "together-side-id",
      task: "conversational",
    });
    try {
      mock.once("/v1/chat/completions", chatReply("routed"));
      const out = await ui.chatCompletion(
        { model: "org/registered", provider: "together", accessToken: "hf_test", messages },
        { fetch: mock.fetch },
      );
      expect(out.choices[0]!.message.content).toBe("routed");
      expect(mock.requests[0]!.json.model).toBe("together-side-id");
    } finally {
      ui.clearModelMappings("org/registered");
    }
  });

  it("the client's methods, generic requests, openai-style chat and bulk work go through the engine too", async () => {
    const ui = await fresh();
    const client = new ui.InferenceClient(undefined, { endpointUrl: mock.url });
    mock.on("/v1/chat/completions", chatReply("hi"));
    const created = await client.chat.completions.create({ messages });
    expect(created.choices[0]!.message.content).toBe("hi");
    const raw = await client.request<{ choices: unknown[] }>({ messages } as never, { task: "conversational" });
    expect(raw.choices).toHaveLength(1);
    const results = await client.map("chatCompletion", [{ messages }, { messages }]);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(results.map((r) => r.value?.choices[0]!.message.content)).toEqual(["hi", "hi"]);
    const items: unknown[] = [];
    for await (const item of client.mapIter("chatCompletion", [{ messages }])) items.push(item);
    expect(items).toHaveLength(1);
  });

  it("clearing caches before the engine is loaded is a no-op, and catalogPrices answers undefined until it has a catalog", async () => {
    const ui = await fresh();
    expect(() => ui.clearCatalogCache()).not.toThrow();
    expect(() => ui.clearMappingCache()).not.toThrow();
    const prices = ui.catalogPrices({ fetch: mock.fetch, accessToken: "hf_test" });
    expect(prices("org/model", "groq")).toBeUndefined();
    expect(typeof prices.refresh).toBe("function");
  });
});

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const hasDist = existsSync(join(dist, "index.js")) && existsSync(join(dist, "index.cjs"));
const run = promisify(execFile);

describe.skipIf(!hasDist)(
  `a fresh Node process${hasDist ? "" : " — SKIPPED: dist/ is missing, run `npm run build` first (npm test does)"}`,
  () => {
    it("importing dist/index.js loads the engine's chunk only with the first call (ESM)", async () => {
      const dir = mkdtempSync(join(tmpdir(), "ui-node-entry-"));
      const log = join(dir, "loaded.txt");
      writeFileSync(log, "");
      // A module hook that writes down every file of dist/ Node loads; the script marks when it first calls.
      const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (url.includes("/dist/")) appendFileSync(${JSON.stringify(log)}, url + "\\n");
  return next(url, context);
}`;
      const script = join(dir, "script.mjs");
      writeFileSync(
        script,
        `import { register } from "node:module";
import { appendFileSync } from "node:fs";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}));
const ui = await import(${JSON.stringify(pathToFileURL(join(dist, "index.js")).href)});
appendFileSync(${JSON.stringify(log)}, "--- first call\\n");
const out = await ui.chatCompletion({ endpointUrl: process.env.MOCK_URL, messages: [{ role: "user", content: "Hello" }] });
console.log(out.choices[0].message.content);
`,
      );
      mock.on("/v1/chat/completions", chatReply("from the engine"));
      const { stdout } = await run(process.execPath, [script], { env: { ...process.env, MOCK_URL: mock.url } });
      expect(stdout.trim()).toBe("from the engine");
      const [before, after] = readFileSync(log, "utf8").split("--- first call\n");
      const names = (text: string) =>
        text
          .split("\n")
          .filter(Boolean)
          .map((u) => u.split("/dist/")[1]);
      expect(names(before!)).toContain("index.js");
      expect(names(before!).some((f) => f!.startsWith("engine-"))).toBe(false);
      expect(names(after!).some((f) => f!.startsWith("engine-"))).toBe(true);
    });

    it("requiring dist/index.cjs loads the engine's chunk only with the first call (CommonJS)", async () => {
      const script = `
const ui = require(${JSON.stringify(join(dist, "index.cjs"))});
const loaded = () => Object.keys(require.cache).filter((f) => f.includes("/dist/")).map((f) => f.split("/dist/")[1]);
const before = loaded();
ui.chatCompletion({ endpointUrl: process.env.MOCK_URL, messages: [{ role: "user", content: "Hello" }] }).then((out) => {
  console.log(JSON.stringify({ before, after: loaded(), content: out.choices[0].message.content }));
});`;
      mock.on("/v1/chat/completions", chatReply("from the engine"));
      const { stdout } = await run(process.execPath, ["-e", script], { env: { ...process.env, MOCK_URL: mock.url } });
      const { before, after, content } = JSON.parse(stdout) as { before: string[]; after: string[]; content: string };
      expect(content).toBe("from the engine");
      expect(before).toContain("index.cjs");
      expect(before.some((f) => f.startsWith("engine-"))).toBe(false);
      expect(after.some((f) => f.startsWith("engine-"))).toBe(true);
    });

    it("dist/index.cjs runs in a CommonJS host without ES module support (Jest's default): the engine comes by require()", async () => {
      // A CommonJS loader of our own, as Jest's: functions compiled without a dynamic-import callback, so an
      // import() in the built code would throw ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING.
      const cache = new Map<string, { exports: unknown }>();
      const load = (file: string): unknown => {
        const hit = cache.get(file);
        if (hit) return hit.exports;
        const module = { exports: {} as unknown };
        cache.set(file, module);
        const fn = compileFunction(
          readFileSync(file, "utf8"),
          ["exports", "require", "module", "__filename", "__dirname"],
          {
            filename: file,
          },
        );
        const outside = createRequire(file);
        const req = (id: string) => (id.startsWith(".") ? load(resolve(dirname(file), id)) : outside(id));
        fn(module.exports, req, module, file, dirname(file));
        return module.exports;
      };
      const ui = load(join(dist, "index.cjs")) as Entry;
      mock.on("/v1/chat/completions", chatReply("by require"));
      const out = await ui.chatCompletion({ endpointUrl: mock.url, messages });
      expect(out.choices[0]!.message.content).toBe("by require");
      expect([...cache.keys()].some((f) => /engine-[\w-]+\.cjs$/.test(f))).toBe(true);
    });
  },
);

/**
 * The TypeScript examples of this project's own README.md, checked against this package.
 *
 * 1. Type-checking. Every ```ts / ```typescript block is compiled with the TypeScript compiler API, in one
 *    in-memory program: each block is a module of its own (`export {}` added, so that top-level `await`
 *    is allowed), and "unified-inference" / "unified-inference/testing" resolve to src/index.ts and
 *    src/testing/index.ts. The compiler options are the project's tsconfig.json, except
 *    `noUncheckedIndexedAccess`: a reader's project with `strict` does not have it, and the README indexes
 *    `choices[0]` as the reference's examples do. The free variables the examples lean on (`messages`,
 *    `model`, `client`) are declared in a global prelude.
 * 2. Running. Every block is transpiled with `ts.transpileModule` to a CommonJS body and run as an async
 *    function whose `require` hands out this test's own instances of src/index.ts and
 *    src/testing/index.ts (so `instanceof` on error classes and `registerModelMapping` act on the same
 *    modules the test inspects). Free variables are passed in as arguments. During a run
 *    `globalThis.fetch` is the mock provider's fetch (restored after each test), `HF_TOKEN` is a test
 *    `hf_` token, and console output is captured. Each run checks what the example prints or returns.
 *
 * The last test checks that every block of the README is run by one of the tests here, so that a new
 * example cannot be added without being exercised.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import * as lib from "../src/index.js";
import * as testing from "../src/testing/index.js";
import * as server from "../src/server/index.js";
import * as nodeHttp from "node:http";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const README = path.join(ROOT, "README.md");
const HF_TOKEN = "hf_readme_examples_test";

// ---------------------------------------------------------------------------------------------------------
// Extraction

interface Snippet {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  /** The nearest heading above the block. */
  section: string;
  code: string;
}

/** Every ```ts / ```typescript block of a Markdown text, indentation of list items removed. */
function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const out: Snippet[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const heading = /^#{1,6}\s+(.+?)\s*$/.exec(text);
    if (heading) {
      section = heading[1]!;
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (!open) continue;
    const indent = open[1]!;
    const fence = open[2]!;
    const lang = open[3]!.toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, "") === "") break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    if (lang === "ts" || lang === "typescript") out.push({ line: i + 1, section, code: `${body.join("\n")}\n` });
    i = j;
  }
  return out;
}

const SNIPPETS = extractSnippets(readFileSync(README, "utf8"));

/** The README block that contains `marker` (exactly one must). */
function snippet(marker: string): Snippet {
  const found = SNIPPETS.filter((s) => s.code.includes(marker));
  if (found.length !== 1)
    throw new Error(`expected one README block containing ${JSON.stringify(marker)}, found ${found.length}`);
  return found[0]!;
}

const label = (s: Snippet) => `README.md:${s.line} (${s.section})`;

// ---------------------------------------------------------------------------------------------------------
// Type-checking

/** Free variables of the examples, declared for the type checker (a global script, not a module). */
const PRELUDE = `
type ReadmeChatArgs = Parameters<import("unified-inference").InferenceClient["chatCompletion"]>[0];
declare const messages: ReadmeChatArgs["messages"];
declare const model: string;
declare const client: import("unified-inference").InferenceClient;
`;

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configPath);
  return {
    ...parsed.options,
    noUncheckedIndexedAccess: false,
    noEmit: true,
    paths: {
      "unified-inference": [path.join(ROOT, "src/index.ts")],
      "unified-inference/testing": [path.join(ROOT, "src/testing/index.ts")],
      "unified-inference/server": [path.join(ROOT, "src/server/index.ts")],
      "unified-inference/redis": [path.join(ROOT, "src/redis/index.ts")],
    },
  };
}

/** Compiler diagnostics of each snippet (as readable lines pointing into README.md), in one program. */
function typeCheck(snippets: Snippet[]): string[][] {
  const options = compilerOptions();
  const dir = path.join(ROOT, "test", "__readme_examples__");
  const virtual = new Map<string, string>();
  const preludeFile = path.join(dir, "prelude.d.ts");
  virtual.set(preludeFile, PRELUDE);
  const files = snippets.map((s, i) => {
    const file = path.join(dir, `example-${i + 1}.ts`);
    virtual.set(file, `${s.code}export {};\n`);
    return file;
  });

  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile.call(host, f);
  host.getCurrentDirectory = () => ROOT;

  const program = ts.createProgram({ rootNames: [preludeFile, ...files], options, host });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  const preludeSf = program.getSourceFile(preludeFile);
  const preludeDiags = preludeSf ? ts.getPreEmitDiagnostics(program, preludeSf) : [];
  const shared = [...global, ...preludeDiags].map(
    (d) => `shared: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
  );

  return snippets.map((s, i) => {
    const sf = program.getSourceFile(files[i]!);
    if (!sf) return [`${label(s)}: not compiled`];
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    return [
      ...shared,
      ...diags.map((d) => {
        const where = d.start === undefined ? "" : `:${sf.getLineAndCharacterOfPosition(d.start).line + s.line + 1}`;
        return `README.md${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      }),
    ];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Running

const MODULES: Record<string, unknown> = {
  "unified-inference": lib,
  "unified-inference/testing": testing,
  "unified-inference/server": server,
  "node:http": nodeHttp,
};

const readmeRequire = (id: string): unknown => {
  const m = MODULES[id];
  if (!m) throw new Error(`a README example imports ${id}, which this test does not provide`);
  return m;
};

type AsyncFn = (...args: unknown[]) => Promise<Record<string, unknown>>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

/** Names the snippet declares at its top level (`const out = ...`), returned by the run to be checked. */
function topLevelNames(code: string): string[] {
  const sf = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
      names.push(st.name.text);
    }
  }
  return names;
}

/** Runs a README example; `scope` supplies its free variables. Returns its top-level bindings. */
async function runSnippet(s: Snippet, scope: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { outputText, diagnostics } = ts.transpileModule(s.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false },
    reportDiagnostics: true,
  });
  if (diagnostics?.length) throw new Error(`${label(s)} does not transpile`);
  const names = topLevelNames(s.code);
  const free = Object.keys(scope).filter((k) => !names.includes(k));
  const fn = new AsyncFunction("require", "exports", ...free, `${outputText}\nreturn { ${names.join(", ")} };`);
  return fn(readmeRequire, {}, ...free.map((k) => scope[k]));
}

// ---------------------------------------------------------------------------------------------------------

/** Wrong examples, compiled with the README's: the checker must reject them (it sees the package's types). */
const PROBES: [code: string, error: string][] = [
  ['import { noSuchExport } from "unified-inference";\nnoSuchExport();\n', "TS2305"],
  [
    'import { featureExtraction } from "unified-inference";\nawait featureExtraction({ model, inputs: 42 });\n',
    "TS2322",
  ],
  [
    'import { startMockProvider } from "unified-inference/testing";\n(await startMockProvider()).mapModel("m", [{ provider: "x" }]);\n',
    "TS2739",
  ],
  ["const n: number = (await client.chatCompletion({ model, messages })).choices[0].message;\n", "TS2322"],
];

describe("README examples type-check against the package", () => {
  let results: string[][] = [];
  let probes: string[][] = [];
  beforeAll(() => {
    const all = typeCheck([...SNIPPETS, ...PROBES.map(([code], i) => ({ line: 0, section: `probe ${i + 1}`, code }))]);
    results = all.slice(0, SNIPPETS.length);
    probes = all.slice(SNIPPETS.length);
  });

  it("the checker rejects wrong examples", () => {
    expect(probes).toHaveLength(PROBES.length);
    PROBES.forEach(([, code], i) => expect(probes[i]?.join("\n")).toContain(code));
  });

  it("the README has TypeScript examples", () => {
    expect(SNIPPETS.length).toBeGreaterThanOrEqual(8);
  });

  it.each(SNIPPETS.map((s, i) => [label(s), i] as const))("%s", (_name, i) => {
    expect(results[i]).toEqual([]);
  });
});

describe("README examples run against the mock provider", () => {
  let mock: MockProvider;
  const nativeFetch = globalThis.fetch;
  const savedToken = process.env.HF_TOKEN;
  const ran = new Set<Snippet>();
  let log: MockInstance<typeof console.log>;
  let error: MockInstance<typeof console.error>;
  let stdout: MockInstance<(chunk: string | Uint8Array) => boolean>;

  const MESSAGES = [{ role: "user", content: "What is the capital of France?" }];
  const MODEL = "my-org/readme-model";
  const free = () => ({ messages: MESSAGES, model: MODEL, client: new lib.InferenceClient(HF_TOKEN) });
  const run = (s: Snippet, scope?: Record<string, unknown>) => {
    ran.add(s);
    return runSnippet(s, scope);
  };
  const printed = () => stdout.mock.calls.map((c) => String(c[0])).join("");
  const chatBodies = (part: string) => mock.find(part).map((r) => r.json as { model?: string; max_tokens?: number });

  beforeAll(async () => {
    mock = await startMockProvider();
  });
  afterAll(async () => {
    await mock.close();
    if (savedToken === undefined) delete process.env.HF_TOKEN;
    else process.env.HF_TOKEN = savedToken;
  });
  beforeEach(() => {
    mock.reset(true);
    lib.clearMappingCache();
    lib.clearModelMappings();
    process.env.HF_TOKEN = HF_TOKEN;
    globalThis.fetch = mock.fetch;
    log = vi.spyOn(console, "log").mockImplementation(() => {});
    error = vi.spyOn(console, "error").mockImplementation(() => {});
    stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    globalThis.fetch = nativeFetch;
    vi.restoreAllMocks();
    lib.clearModelMappings();
  });

  it("Quickstart: a chat call on cerebras, then a stream through the router", async () => {
    mock.mapModel("Qwen/Qwen3-32B", [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
    const { out } = await run(snippet("Tell me a story"));

    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).toContain('Mock answer to "Hello, nice to meet you!"');
    expect(out).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant" } }] });
    expect(printed()).toContain('Mock answer to "Tell me a story"');

    const direct = mock.find("/cerebras/v1/chat/completions");
    expect(direct.map((r) => r.url)).toEqual(["https://router.huggingface.co/cerebras/v1/chat/completions"]);
    expect(direct[0]?.headers.authorization).toBe(`Bearer ${HF_TOKEN}`);
    expect(direct[0]?.json).toMatchObject({ model: "qwen-3-32b", max_tokens: 512 });
    expect(mock.find("https://router.huggingface.co/v1/chat/completions")).toHaveLength(1);
  });

  it("tree-shakeable featureExtraction: one vector per sentence", async () => {
    mock.mapModel("sentence-transformers/all-MiniLM-L6-v2", [
      {
        provider: "hf-inference",
        providerId: "sentence-transformers/all-MiniLM-L6-v2",
        task: "feature-extraction",
      },
    ]);
    const { vectors } = await run(snippet("featureExtraction({"));

    expect(Array.isArray(vectors)).toBe(true);
    const rows = vectors as unknown[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Array.isArray(row)).toBe(true);
      expect((row as unknown[]).every((x) => typeof x === "number")).toBe(true);
    }
    const sent = mock.find("/pipeline/feature-extraction");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json).toMatchObject({ inputs: ["That is a happy person", "Today is a sunny day"] });
  });

  it("bulk work: client.map batches the texts into one call and prints one line per item", async () => {
    mock.mapModel("sentence-transformers/all-MiniLM-L6-v2", [
      { provider: "hf-inference", providerId: "sentence-transformers/all-MiniLM-L6-v2", task: "feature-extraction" },
    ]);
    const { results } = await run(snippet("client.map("));
    expect(results).toHaveLength(3);
    const sent = mock.find("/pipeline/feature-extraction");
    expect(sent.map((r) => r.json?.inputs)).toEqual([["A happy person", "A sad person", "A dog in the park"]]);
    expect(log.mock.calls.map((c) => c[0])).toEqual([0, 1, 2].map((i) => `item ${i}: 8 dimensions`));
  });

  it("registerModelMapping: the model is served without a Hub look-up", async () => {
    await run(snippet("registerModelMapping({"));
    const client = new lib.InferenceClient(HF_TOKEN);
    await client.chatCompletion({ model: "my-org/my-model", provider: "together", messages: MESSAGES });

    expect(mock.find("huggingface.co/api/models")).toEqual([]);
    const sent = mock.find("/together/v1/chat/completions");
    expect(sent.map((r) => r.url)).toEqual(["https://router.huggingface.co/together/v1/chat/completions"]);
    expect(sent[0]?.json).toMatchObject({ model: "my-org/My-Model-Turbo" });
  });

  describe("retries, timeouts and errors", () => {
    const retries = () => snippet("InferenceClientTimeoutError) console.error");
    beforeEach(() => {
      mock.mapModel("Qwen/Qwen3-32B", [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
    });

    it("a call that succeeds prints nothing", async () => {
      await run(retries(), free());
      expect(error).not.toHaveBeenCalled();
      expect(mock.find("/cerebras/")).toHaveLength(1);
    });

    it("a provider failing every attempt: retried maxRetries times, then the error's fields are printed", async () => {
      mock.on("/cerebras/", {
        status: 500,
        headers: { "retry-after-ms": "1", "x-request-id": "req-readme-1" },
        json: { error: "overloaded" },
      });
      await run(retries(), free());

      expect(mock.find("/cerebras/")).toHaveLength(4); // maxRetries: 3
      expect(error).toHaveBeenCalledTimes(1);
      expect(error.mock.calls[0]).toEqual(["cerebras", "Qwen/Qwen3-32B", 500, "req-readme-1", "overloaded", true]);
    });
  });

  it("provider fallback: a list of providers, then fallback over the Hub mapping", async () => {
    mock.mapModel(MODEL, [
      { provider: "together", providerId: "readme/together-model", task: "conversational" },
      { provider: "deepinfra", providerId: "readme/deepinfra-model", task: "conversational" },
    ]);
    mock.on("/together/", { status: 429, headers: { "retry-after-ms": "1" }, json: { error: "slow down" } });
    await run(snippet("fallback: true"), free());

    expect(mock.find("/together/v1/chat/completions").length).toBeGreaterThanOrEqual(2);
    const served = chatBodies("/deepinfra/v1/openai/chat/completions");
    expect(served).toHaveLength(2);
    expect(served.every((b) => b.model === "readme/deepinfra-model")).toBe(true);
  });

  it("many calls at once: every call of the limited client is answered", async () => {
    mock.mapModel(MODEL, [{ provider: "groq", providerId: "readme/groq-model", task: "conversational" }]);
    const { answers } = await run(snippet('requestsPerSecond: 50 }, "*"'), free());
    const contents = (answers as { choices: { message: { content: string } }[] }[]).map(
      (a) => a.choices[0]!.message.content,
    );
    expect(contents).toHaveLength(3);
    ["What is 2 + 2?", "Name a prime number.", "What is the capital of Italy?"].forEach((q, k) =>
      expect(contents[k]).toContain(`Mock answer to "${q}"`),
    );
    expect(chatBodies("/groq/")).toHaveLength(3);
    // No circuit changed state.
    expect(log).not.toHaveBeenCalled();
  });

  it("many calls at once: the Redis store example is type-checked only (test/redis-limits.test.ts runs a real Redis)", () => {
    const s = snippet("redisLimitStore(redis");
    expect(s.code).toContain('from "unified-inference/redis"');
    ran.add(s);
  });

  it("the openai SDK's call shape: client.chat.completions.create, plain and streamed", async () => {
    const { res } = await run(snippet("client.chat.completions.create("), free());

    expect(res).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant" } }] });
    const content = (res as { choices: { message: { content: string } }[] }).choices[0]?.message.content;
    expect(content).toContain("Paris is the capital of France");
    expect(printed()).toContain("Paris is the capital of France");
    const sent = chatBodies("https://router.huggingface.co/v1/chat/completions");
    expect(sent).toHaveLength(2);
    expect(sent.every((b) => b.model === MODEL)).toBe(true);
  });

  it("the router's catalog: the cheapest live provider of a model, from client.models.get", async () => {
    lib.clearCatalogCache();
    mock.mapModel("Qwen/Qwen3-32B", [
      { provider: "together", providerId: "Qwen/Qwen3-32B", task: "conversational" },
      { provider: "groq", providerId: "qwen/qwen3-32b", task: "conversational" },
      { provider: "featherless-ai", providerId: "Qwen/Qwen3-32B", task: "conversational" },
    ]);
    const { cheapest } = await run(snippet("catalog.models.get("));

    expect((cheapest as lib.RouterModelProvider).provider).toBe("groq");
    const [[provider, price]] = log.mock.calls as unknown as [[string, { output: number }]];
    expect(provider).toBe("groq");
    const served = (await (
      await mock.fetch("https://router.huggingface.co/v1/models/Qwen/Qwen3-32B")
    ).json()) as lib.RouterModel;
    expect(price).toEqual(served.providers.find((p) => p.provider === "groq")!.pricing);
    expect(mock.find("/v1/models/Qwen/Qwen3-32B")[0]?.headers.authorization).toBe(`Bearer ${HF_TOKEN}`);
  });

  it("normalised chat streams: normalize: true prints the answer without the <think> reasoning", async () => {
    const delta = (d: Record<string, unknown>, finish: string | null = null) => ({
      id: "c1",
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: d, finish_reason: finish }],
    });
    mock.once("https://router.huggingface.co/v1/chat/completions", {
      events: [
        delta({ role: "assistant", content: "<thi" }),
        delta({ content: "nk>Recall the capital.</think>" }),
        delta({ content: "Paris." }),
        delta({}, "stop"),
      ],
    });
    await run(snippet("normalize: true"), free());

    expect(printed()).toBe("Paris.");
    expect(chatBodies("https://router.huggingface.co/v1/chat/completions")).toHaveLength(1);
  });

  it("what each call did and cost: metaOf, observe() with hooks, prices and a meter", async () => {
    mock.mapModel(MODEL, [{ provider: "together", providerId: "readme/together-model", task: "conversational" }]);
    mock.once("/v1/chat/completions", {
      json: {
        id: "c1",
        object: "chat.completion",
        created: 1,
        model: MODEL,
        choices: [{ index: 0, message: { role: "assistant", content: "Paris." }, finish_reason: "stop" }],
        usage: { prompt_tokens: 9, completion_tokens: 2, estimated_cost: 0.0001 },
      },
      headers: { "x-inference-provider": "groq", "x-request-id": "req-readme-meta" },
    });
    const { info, meter } = await run(snippet("metaOf(out)"), free());

    expect(info).toMatchObject({ servedBy: "groq", requestId: "req-readme-meta", usage: { inputTokens: 9 } });
    expect(log.mock.calls[0]).toEqual(["groq", 9, 2, expect.any(Number), { usd: 0.0001, source: "provider-estimate" }]);
    const lines = log.mock.calls.slice(1).map((c) => c.map(String).join(" "));
    expect(lines[0]).toBe("-> POST https://router.huggingface.co/together/v1/chat/completions attempt 1");
    expect(lines[1]).toMatch(/^<- together .*\[object Object\]$/);
    expect((meter as lib.Meter).byProvider.together?.requests).toBe(1);
    expect((meter as lib.Meter).byProvider.together?.estimatedUsd).toBeGreaterThan(0);
    expect(lines[2]).toBe(`1 ${(meter as lib.Meter).byProvider.together?.estimatedUsd}`);
  });

  it("testing your own code: the mock provider example records the URL its comment names", async () => {
    const s = snippet("mock.requests.at(-1)?.url");
    // The example starts its own mock, which keeps the global fetch it finds as its way to its server.
    globalThis.fetch = nativeFetch;
    const { mock: own } = await run(s, free());

    const expected = /mock\.requests\.at\(-1\)\?\.url;\s*\/\/\s*"([^"]+)"/.exec(s.code)?.[1];
    expect(expected).toBe("https://router.huggingface.co/together/v1/chat/completions");
    const requests = (own as MockProvider).requests;
    expect(requests.at(-1)?.url).toBe(expected);
    expect(requests.at(-1)?.json).toMatchObject({ model: "my-org/my-model-turbo" });
    // Nothing reached this test's own mock: the example's client used the example's mock.
    expect(mock.requests).toEqual([]);
  });

  it("testing your own code: mock.url as an endpointUrl, as is for chat and with the task in the path", async () => {
    const s = snippet("/fill-mask`");
    globalThis.fetch = nativeFetch;
    const { mock: own, reply, filled } = await run(s, free());
    expect((reply as lib.ChatCompletionOutput).choices[0]?.message.content).toContain("Hi");
    const sequences = (filled as lib.FillMaskOutput).map((f) => f.sequence);
    expect(sequences.length).toBeGreaterThan(0);
    expect(sequences.every((q) => q.startsWith("Paris is the ") && !q.includes("[MASK]"))).toBe(true);
    const paths = (own as MockProvider).requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(["POST /v1/chat/completions", "POST /fill-mask"]);
    expect(mock.requests).toEqual([]);
  });

  it("long-running jobs: textToVideo on fal-ai reports progress and returns the video", async () => {
    mock.mapModel("Wan-AI/Wan2.2-T2V-A14B", [
      { provider: "fal-ai", providerId: "fal-ai/wan/v2.2-a14b/text-to-video", task: "text-to-video" },
    ]);
    const { video } = await run(snippet("client.textToVideo("), free());

    expect(video).toBeInstanceOf(Blob);
    expect((video as Blob).type).toBe("video/mp4");
    expect((video as Blob).size).toBeGreaterThan(0);
    const statuses = error.mock.calls.map((c) => String(c[0]));
    expect(statuses).toContain("IN_QUEUE");
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(mock.find("queue.fal.run").length + mock.find("/fal-ai/").length).toBeGreaterThan(0);
  });

  describe("Browsers: keep your token on the server", () => {
    const chatRequest = (url: string, model = "Qwen/Qwen3-32B", headers: Record<string, string> = {}) =>
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ args: { model, messages: MESSAGES } }),
      });
    const mapQwen = () =>
      mock.mapModel("Qwen/Qwen3-32B", [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);

    it("the Node server and the page: calls go through the proxy, the token stays on the server", async () => {
      mapQwen();
      const savedPort = process.env.PORT;
      process.env.PORT = "0";
      const { server: srv } = await run(snippet("toNodeListener(handler)"));
      if (savedPort === undefined) delete process.env.PORT;
      else process.env.PORT = savedPort;
      const http = srv as import("node:http").Server;
      try {
        await new Promise<void>((r) => (http.listening ? r() : http.once("listening", () => r())));
        const addr = http.address();
        const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
        // The page's relative proxyUrl resolves against the server, as in a browser.
        const upstreamFetch = globalThis.fetch;
        const pageFetch: typeof fetch = (input, init) =>
          nativeFetch(typeof input === "string" && input.startsWith("/") ? `${base}${input}` : input, init);
        // The server's upstream calls still go to the mock: the handler uses the global fetch at call time.
        const routed: typeof fetch = (input, init) =>
          typeof input === "string" && input.startsWith("/") ? pageFetch(input, init) : upstreamFetch(input, init);
        globalThis.fetch = routed;
        const { reply } = await run(snippet("browserClient.chatCompletion("), free());
        expect((reply as lib.ChatCompletionOutput).choices[0]?.message.content).toContain(
          'Mock answer to "What is the capital of France?"',
        );
        expect(log.mock.calls.map((c) => String(c[0])).join("")).toContain("Mock answer to");
        const sent = mock.find("/chat/completions");
        expect(sent.length).toBeGreaterThanOrEqual(2);
        expect(sent.every((r) => r.headers.authorization === `Bearer ${HF_TOKEN}`)).toBe(true);
        // A model outside the allow list: refused, nothing sent.
        mock.reset();
        const denied = await nativeFetch(
          `${base}/api/inference/chatCompletion`,
          chatRequest("http://x", "meta-llama/x"),
        );
        expect(denied.status).toBe(403);
        expect(await denied.text()).not.toContain(HF_TOKEN);
        expect(mock.requests).toEqual([]);
      } finally {
        http.closeAllConnections();
        await new Promise<void>((r) => http.close(() => r()));
      }
    });

    it("the Workers form: the handler answers from env.HF_TOKEN, with a request limit", async () => {
      mapQwen();
      const { worker } = await run(snippet("export default worker"));
      const w = worker as { fetch(r: Request, env: { HF_TOKEN: string }): Promise<Response> };
      const res = await w.fetch(chatRequest("https://app.example/api/inference/conversational"), {
        HF_TOKEN: "hf_worker_secret",
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as lib.ChatCompletionOutput).choices[0]?.message.role).toBe("assistant");
      expect(mock.find("/chat/completions")[0]?.headers.authorization).toBe("Bearer hf_worker_secret");
    });

    it("the Next.js form: authorize refuses without a user, serves a signed-in one", async () => {
      mapQwen();
      const { handler: POST } = await run(snippet("export { handler as POST }"));
      const handler = POST as (r: Request) => Promise<Response>;
      const anonymous = await handler(chatRequest("https://app.example/api/inference/conversational"));
      expect(anonymous.status).toBe(401);
      expect(mock.requests).toEqual([]);
      const signedIn = await handler(
        chatRequest("https://app.example/api/inference/conversational", "Qwen/Qwen3-32B", { "x-user-id": "u1" }),
      );
      expect(signedIn.status).toBe(200);
      expect(mock.find("/chat/completions")[0]?.headers.authorization).toBe(`Bearer ${HF_TOKEN}`);
    });
  });

  it("every TypeScript example of the README is run above", () => {
    const missing = SNIPPETS.filter((s) => !ran.has(s)).map(label);
    expect(missing).toEqual([]);
  });
});

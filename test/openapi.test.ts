/**
 * The wire formats proven against the publishers' own API descriptions (outside truth, not our reading of
 * it): OpenAI's OpenAPI 3.1 document and Text Generation Inference's OpenAPI 3.0 document, in
 * `../shared/specs` (see its README; `OPENAPI_SPECS_DIR` points elsewhere).
 *
 * 1. Every OpenAI-shaped request the adapters build (captured on the loopback mock provider, as sent by the
 *    public client) validates against the request schema of its route in `openai-openapi.json`.
 * 2. Every TGI-shaped request (hf-inference and endpoint URLs: `/v1/chat/completions`, `/v1/completions`)
 *    validates against `tgi-openapi.json`.
 * 3. The mock provider's answers on these routes validate against the documents' answer schemas.
 *
 * Where a provider really expects something the document does not describe, the difference is an explicit,
 * commented exception below, and the test proves that the raw request is indeed what the document rejects
 * (so an exception that no longer applies fails).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearMappingCache, clearModelMappings, InferenceClient } from "../src/index.js";
import { CHAT } from "../src/tasks/nlp/chat-completion.js";
import { FEATURE_EXTRACTION } from "../src/tasks/nlp/feature-extraction.js";
import { TEXT_GENERATION } from "../src/tasks/nlp/text-generation.js";
import { TEXT_TO_IMAGE } from "../src/tasks/cv/text-to-image.js";
import { AUTOMATIC_SPEECH_RECOGNITION } from "../src/tasks/audio/automatic-speech-recognition.js";
import { TEXT_TO_SPEECH } from "../src/tasks/audio/text-to-speech.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { parseMultipart, wav } from "../src/testing/audio-bodies.js";
import { sseData } from "./support/collect.js";
import { formObject, loadSpec, SPECS_DIR, specsAvailable, type Spec } from "./support/openapi.js";
import { PROVIDER_KEY as KEY } from "./support/tokens.js";

type Json = Record<string, any>;
type Route =
  | "/chat/completions"
  | "/completions"
  | "/embeddings"
  | "/images/generations"
  | "/audio/transcriptions"
  | "/audio/speech";

const HAVE_SPECS = specsAvailable();
const OPENAI = "openai-openapi.json";
const TGI = "tgi-openapi.json";

it(`finds the published API descriptions in ${SPECS_DIR}`, (ctx) => {
  if (HAVE_SPECS) return;
  // On CI the documents must be there: a missing folder would otherwise turn every check below into a skip.
  if (process.env.CI === "true") expect.fail(`${OPENAI} and ${TGI} are missing from ${SPECS_DIR}`);
  ctx.skip(`${SPECS_DIR} is absent: the OpenAPI checks are skipped (CI=true makes this a failure)`);
});

// ---------------------------------------------------------------------------------------------------
// Inputs

const CHAT_MODEL = "acme/chat-model";
const TEXT_MODEL = "acme/text-model";
const EMBED_MODEL = "acme/embed-model";
const IMAGE_MODEL = "acme/image-model";
const WHISPER = "openai/whisper-large-v3";
const KOKORO = "hexgrad/Kokoro-82M";

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather in a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city"],
    },
  },
};
const CAPITAL_SCHEMA = { type: "object", properties: { capital: { type: "string" } }, required: ["capital"] };
/** A 1x1 PNG as a data URL: an image content part. */
const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

interface ChatVariant {
  name: string;
  stream?: boolean;
  args: Json;
}

/** Chat requests in OpenAI's form, each exercising a part of the request schema. */
const CHAT_VARIANTS: ChatVariant[] = [
  {
    name: "tools, tool_choice auto",
    args: {
      messages: [
        { role: "system", content: "Use the tools." },
        { role: "user", content: "Weather in Paris?" },
      ],
      tools: [WEATHER_TOOL],
      tool_choice: "auto",
      max_tokens: 64,
      temperature: 0.2,
    },
  },
  {
    name: "named tool_choice, tool result turn",
    args: {
      messages: [
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temperature":21}' },
      ],
      tools: [WEATHER_TOOL],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    },
  },
  {
    name: "response_format json_object",
    args: {
      messages: [{ role: "user", content: "The capital of France, as JSON." }],
      response_format: { type: "json_object" },
      seed: 42,
    },
  },
  {
    name: "response_format json_schema",
    args: {
      messages: [{ role: "user", content: "The capital of France." }],
      response_format: { type: "json_schema", json_schema: { name: "capital", schema: CAPITAL_SCHEMA, strict: true } },
    },
  },
  {
    name: "image_url content parts",
    args: {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", image_url: { url: PIXEL, detail: "low" } },
          ],
        },
      ],
      max_tokens: 32,
    },
  },
  {
    name: "stream with stream_options",
    stream: true,
    args: {
      messages: [{ role: "user", content: "Hello!" }],
      stream_options: { include_usage: true },
      max_tokens: 32,
      top_p: 0.9,
      stop: ["\n\n"],
    },
  },
];

/** Chat requests for TGI, whose document names the structured-output grammar `{type, value}`. */
const TGI_CHAT_VARIANTS: ChatVariant[] = [
  ...CHAT_VARIANTS.filter((v) => !v.name.startsWith("response_format")),
  {
    name: "response_format json grammar (TGI form)",
    args: {
      messages: [{ role: "user", content: "The capital of France, as JSON." }],
      response_format: { type: "json", value: CAPITAL_SCHEMA },
    },
  },
  {
    name: "response_format json_schema grammar (TGI form)",
    args: {
      messages: [{ role: "user", content: "The capital of France." }],
      response_format: { type: "json_schema", value: { name: "capital", schema: CAPITAL_SCHEMA } },
    },
  },
];

const TEXT_ARGS = {
  inputs: "The capital of France is",
  parameters: { max_new_tokens: 32, temperature: 0.5, top_p: 0.9, seed: 42, stop_sequences: ["\n\n"] },
};

// ---------------------------------------------------------------------------------------------------
// Which adapters speak which published route (every adapter of a task is listed, or excluded with a reason)

/** Text-to-image adapters that do not speak OpenAI's `/images/generations`. */
const IMAGE_NOT_OPENAI: Record<string, string> = {
  "black-forest-labs": "BFL's own job API",
  "fal-ai": "fal's queue API",
  "hf-inference": "the pipeline API ({inputs, parameters})",
  hyperbolic: "Hyperbolic's own image API ({model_name, prompt, steps}, answered {images: [{image}]})",
  replicate: "Replicate's predictions API",
  wavespeed: "WaveSpeed's task API",
  "zai-org": "Z.ai's asynchronous image API, polled",
};
/** Feature-extraction adapters that do not speak OpenAI's `/embeddings`. */
const EMBED_NOT_OPENAI: Record<string, string> = { "hf-inference": "the pipeline API ({inputs})" };
/** Audio adapters that do not speak OpenAI's audio routes. */
const AUDIO_NOT_OPENAI: Record<string, string> = {
  "fal-ai": "fal's queue API",
  "hf-inference": "the pipeline API (audio bytes in, or JSON {inputs, parameters})",
  replicate: "Replicate's predictions API",
};

const openaiOnes = (adapters: Record<string, unknown>, not: Record<string, string>) =>
  Object.keys(adapters)
    .filter((p) => !(p in not))
    .sort();

// ---------------------------------------------------------------------------------------------------
// Documented differences: what a provider really expects where the published document says otherwise

interface Exception {
  /** Why the provider's request differs from the document. */
  reason: string;
  /** The request as the document describes it (the difference undone), to check the rest of the body. */
  undo: (body: Json) => Json;
  /** The document's error on the raw request names this field: proves the exception is still needed. */
  field: RegExp;
}

/** Differences from `openai-openapi.json`, by provider and case name. */
const OPENAI_EXCEPTIONS: Record<string, Record<string, Exception>> = {
  deepinfra: {
    // OpenAI's document requires `voice`; voices differ per model (Kokoro's `af_bella`, ...), so without
    // one from the caller the client sends none and DeepInfra's model uses its own default.
    "speech without voice": {
      reason: "no voice invented for a model whose voices the client does not know",
      undo: (body) => ({ ...body, voice: "alloy" }),
      field: /required property 'voice'/,
    },
  },
  together: {
    // Together's chat API reads a JSON schema at `response_format.schema` (docs.together.ai, "JSON mode"),
    // not OpenAI's `response_format.json_schema.schema`; the adapter moves it there on purpose.
    "chat response_format json_schema": {
      reason: "Together takes the schema as response_format.schema",
      undo: ({ response_format, ...body }) => ({
        ...body,
        response_format: { type: "json_schema", json_schema: { name: "schema", schema: response_format.schema } },
      }),
      field: /^\/response_format/,
    },
    // Together's images API names base64 output `"base64"` (docs.together.ai, "Create image"), where
    // OpenAI's document says `"b64_json"`.
    "images b64": {
      reason: 'Together names base64 output response_format "base64"',
      undo: (body) => ({ ...body, response_format: "b64_json" }),
      field: /^\/response_format/,
    },
  },
};

/**
 * Differences from `tgi-openapi.json`, for every TGI request. Both are named in the specs README: TGI's
 * own request parser is more lenient than the document it publishes.
 */
const TGI_EXCEPTIONS: { name: string; applies: (route: Route, body: Json) => boolean; e: Exception }[] = [
  {
    name: "string prompt",
    // The document types `prompt` as an array of strings; TGI's parser also takes one string, which is
    // what OpenAI's completions API (and every other completions server) takes.
    applies: (route, body) => route === "/completions" && typeof body.prompt === "string",
    e: {
      reason: "TGI accepts a string prompt",
      undo: (body) => ({ ...body, prompt: [body.prompt] }),
      field: /^\/prompt/,
    },
  },
  {
    name: "tool parameters",
    // The document names a tool's JSON schema `function.arguments`; TGI reads OpenAI's `function.parameters`
    // as an alias of it, and every OpenAI-compatible caller sends `parameters`.
    applies: (route, body) =>
      route === "/chat/completions" &&
      Array.isArray(body.tools) &&
      body.tools.some((t: Json) => t.function?.parameters),
    e: {
      reason: "TGI reads function.parameters as an alias of function.arguments",
      undo: (body) => ({
        ...body,
        tools: body.tools.map(({ function: { parameters, ...fn }, ...tool }: Json) => ({
          ...tool,
          function: { ...fn, arguments: parameters },
        })),
      }),
      field: /^\/tools\/\d+\/function/,
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Capture

interface Answer {
  status: number;
  type: string;
  text: string;
}

let mock: MockProvider;
const answers = new Map<string, Promise<Answer>>();
/** The mock's fetch, keeping a copy of every provider answer (by the URL asked). */
const keepingFetch: typeof fetch = async (input, init) => {
  const res = await mock.fetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  const copy = res.clone();
  answers.set(
    url,
    copy.text().then((text) => ({ status: copy.status, type: copy.headers.get("content-type") ?? "", text })),
  );
  return res;
};

const client = new InferenceClient(KEY, { fetch: keepingFetch, maxRetries: 0 });

async function drain(gen: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of gen) void _;
}

/** The request a call made on `route`, and the mock's answer to it. */
async function capture(route: Route, call: () => Promise<unknown>): Promise<{ req: MockRequest; answer: Answer }> {
  mock.reset();
  answers.clear();
  await call();
  const sent = mock.requests.filter((r) => r.method === "POST" && r.path.endsWith(route));
  expect(sent, `one POST …${route}`).toHaveLength(1);
  const req = sent[0]!;
  const answer = await answers.get(req.url);
  expect(answer, `the answer to ${req.url}`).toBeDefined();
  return { req, answer: answer! };
}

/** The route of a captured request, from its path. */
function routeOf(path: string): Route {
  for (const r of [
    "/chat/completions",
    "/completions",
    "/embeddings",
    "/images/generations",
    "/audio/transcriptions",
    "/audio/speech",
  ] as const) {
    if (path.endsWith(r)) return r;
  }
  throw new Error(`${path} is not an OpenAI route`);
}

// ---------------------------------------------------------------------------------------------------
// Checks

let openai: Spec;
let tgi: Spec;
const counts = { openaiRequests: 0, tgiRequests: 0, openaiAnswers: 0, tgiAnswers: 0 };

/** The JSON object a request body stands for (multipart read by the route's schema). */
function bodyOf(req: MockRequest, route: Route): Json {
  if (route === "/audio/transcriptions") {
    const parts = parseMultipart(req);
    expect(parts, "a multipart/form-data body").toBeDefined();
    return formObject(parts!, openai.doc.components.schemas.CreateTranscriptionRequest.properties);
  }
  expect(req.headers["content-type"]).toMatch(/^application\/json/);
  return req.json as Json;
}

function expectValid(errors: string[], source: string, what: string): void {
  if (errors.length) expect.fail(`${what} does not validate against ${source}:\n  ${errors.join("\n  ")}`);
}

/** Validates `body` on `route` of `spec`, undoing the listed exceptions first (each proven still needed). */
function checkRequest(spec: Spec, route: Route, body: Json, exceptions: Exception[], what: string): void {
  const path = spec === tgi ? `/v1${route}` : route;
  const contentType = route === "/audio/transcriptions" ? "multipart/form-data" : "application/json";
  const schema = spec.request(path, "post", contentType);
  let undone = body;
  for (const e of exceptions) {
    const raw = schema.errors(undone);
    expect(
      raw.some((m) => e.field.test(m)),
      `${what}: exception "${e.reason}" is still needed (the document rejects the field)`,
    ).toBe(true);
    undone = e.undo(undone);
  }
  expectValid(schema.errors(undone), schema.source, what);
  if (spec === tgi) counts.tgiRequests++;
  else counts.openaiRequests++;
}

/**
 * Validates the mock's answer on `route`: the JSON body, or each event of a stream. `schemaName` picks one
 * member of the route's answer schema where the document's `oneOf` cannot (see the transcription cases).
 */
function checkAnswer(spec: Spec, route: Route, answer: Answer, what: string, schemaName?: string): void {
  expect(answer.status, `${what}: status`).toBe(200);
  const path = spec === tgi ? `/v1${route}` : route;
  if (answer.type.startsWith("text/event-stream")) {
    const events = sseData(answer.text);
    expect(events.length, `${what}: events`).toBeGreaterThan(0);
    if (spec === openai && route === "/completions") {
      // OpenAI's document gives no event-stream answer for /completions: each event is a completion object
      // (`CreateCompletionResponse`), except that events before the last have no finish reason yet (`null`,
      // as OpenAI-style servers stream them), where the object requires one.
      const schema = spec.schema("CreateCompletionResponse");
      events.forEach((e: any, i) => {
        const last = i === events.length - 1;
        if (!last) {
          // `null`, or TGI's `""` on hf-inference (TGI routes, checked against TGI's `Chunk` below).
          expect([[null], [""]], `${what}: event ${i} finish_reason`).toContainEqual(
            e.choices.map((c: Json) => c.finish_reason),
          );
          e = { ...e, choices: e.choices.map((c: Json) => ({ ...c, finish_reason: "stop" })) };
        }
        expectValid(schema.errors(e), schema.source, `${what}: event ${i}`);
      });
    } else {
      const schema = spec.response(path, "post", "text/event-stream");
      events.forEach((e, i) => expectValid(schema.errors(e), schema.source, `${what}: event ${i}`));
    }
  } else {
    expect(answer.type).toMatch(/^application\/json/);
    const schema = schemaName ? spec.schema(schemaName) : spec.response(path, "post", "application/json");
    expectValid(schema.errors(JSON.parse(answer.text)), schema.source, what);
  }
  if (spec === tgi) counts.tgiAnswers++;
  else counts.openaiAnswers++;
}

// ---------------------------------------------------------------------------------------------------

beforeAll(async () => {
  if (!HAVE_SPECS) return;
  openai = loadSpec(OPENAI);
  tgi = loadSpec(TGI);
  mock = await startMockProvider();
  const map = (model: string, task: string, providers: string[], id = (p: string) => `${p}/${model.split("/")[1]}`) =>
    mock.mapModel(
      model,
      providers.filter((p) => p !== "openai").map((provider) => ({ provider, providerId: id(provider), task })),
    );
  map(CHAT_MODEL, "conversational", Object.keys(CHAT.adapters));
  map(TEXT_MODEL, "text-generation", Object.keys(TEXT_GENERATION.adapters));
  map(EMBED_MODEL, "feature-extraction", Object.keys(FEATURE_EXTRACTION.adapters));
  map(IMAGE_MODEL, "text-to-image", Object.keys(TEXT_TO_IMAGE.adapters));
  map(WHISPER, "automatic-speech-recognition", Object.keys(AUTOMATIC_SPEECH_RECOGNITION.adapters), () => WHISPER);
  map(KOKORO, "text-to-speech", Object.keys(TEXT_TO_SPEECH.adapters), () => KOKORO);
});
afterAll(async () => {
  clearMappingCache();
  clearModelMappings();
  await mock?.close();
});

describe.skipIf(!HAVE_SPECS)("the validator", () => {
  it("rejects a deliberately broken chat request, and names the broken fields", () => {
    const schema = openai.request("/chat/completions", "post", "application/json");
    expect(schema.errors({ model: "m", messages: [{ role: "user", content: "Hi" }] })).toEqual([]);
    const errors = schema.errors({
      model: "m",
      messages: [{ role: "robot", content: "Hi" }],
      tool_choice: "sometimes",
      stream_options: { include_usage: "yes" },
    });
    expect(errors.some((e) => e.startsWith("/messages/0/role"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/tool_choice"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/stream_options/include_usage"))).toBe(true);
    // A required field missing, and a closed schema given an unknown field.
    expect(schema.errors({ messages: [] }).some((e) => /model/.test(e))).toBe(true);
    const embed = openai.request("/embeddings", "post", "application/json");
    expect(embed.errors({ model: "m", input: "x", inputs: "x" }).join()).toMatch(/additional/);
  });

  it("rejects a broken answer and a broken TGI request", () => {
    const chunk = openai.response("/chat/completions", "post", "text/event-stream");
    expect(
      chunk.errors({ id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, delta: {} }] }),
    ).not.toEqual([]);
    const completion = tgi.request("/v1/completions", "post", "application/json");
    expect(completion.errors({ prompt: ["Hi"], max_tokens: -1 }).join()).toMatch(/max_tokens/);
    expect(completion.errors({ max_tokens: 4 }).join()).toMatch(/prompt/);
  });

  it("reads OpenAPI's nullable as JSON Schema's null", () => {
    // TGI's `max_tokens` is `nullable: true`: null is allowed, a string is not.
    const schema = tgi.request("/v1/chat/completions", "post", "application/json");
    expect(schema.errors({ messages: [{ role: "user", content: "Hi" }], max_tokens: null })).toEqual([]);
    expect(schema.errors({ messages: [{ role: "user", content: "Hi" }], max_tokens: "8" })).not.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 1. OpenAI-shaped requests, and the mock's answers to them

describe.skipIf(!HAVE_SPECS)(`OpenAI routes (${OPENAI})`, () => {
  const exceptionsFor = (provider: string, name: string) => {
    const e = OPENAI_EXCEPTIONS[provider]?.[name];
    return e ? [e] : [];
  };

  describe("chat completions: every chat adapter", () => {
    for (const provider of Object.keys(CHAT.adapters).sort()) {
      for (const v of CHAT_VARIANTS) {
        it(`${provider}: ${v.name}`, async () => {
          const args = { model: provider === "openai" ? "openai/gpt-4o-mini" : CHAT_MODEL, provider, ...v.args };
          const { req, answer } = await capture("/chat/completions", () =>
            v.stream ? drain(client.chatCompletionStream(args as never)) : client.chatCompletion(args as never),
          );
          const body = bodyOf(req, "/chat/completions");
          expect(body.stream ?? false).toBe(!!v.stream);
          checkRequest(
            openai,
            "/chat/completions",
            body,
            exceptionsFor(provider, `chat ${v.name}`),
            `${provider} ${v.name}`,
          );
          checkAnswer(openai, "/chat/completions", answer, `${provider} ${v.name} answer`);
        });
      }
    }
  });

  describe("text generation: every adapter on a completions (or chat) route", () => {
    for (const provider of Object.keys(TEXT_GENERATION.adapters).sort()) {
      for (const stream of [false, true]) {
        it(`${provider}: textGeneration${stream ? "Stream" : ""}`, async () => {
          const args = { model: TEXT_MODEL, provider, ...TEXT_ARGS };
          mock.reset();
          answers.clear();
          if (stream) await drain(client.textGenerationStream(args as never));
          else await client.textGeneration(args as never);
          const sent = mock.requests.filter((r) => r.method === "POST" && /\/(chat\/)?completions$/.test(r.path));
          expect(sent).toHaveLength(1);
          const req = sent[0]!;
          const route = routeOf(req.path);
          const body = bodyOf(req, route);
          expect(body.stream ?? false).toBe(stream);
          checkRequest(openai, route, body, [], `${provider} textGeneration (${route})`);
          checkAnswer(openai, route, (await answers.get(req.url))!, `${provider} textGeneration answer`);
        });
      }
    }
  });

  describe("embeddings: every OpenAI-compatible feature-extraction adapter", () => {
    it("lists every other adapter as not OpenAI-shaped", () => {
      expect(
        [...openaiOnes(FEATURE_EXTRACTION.adapters, EMBED_NOT_OPENAI), ...Object.keys(EMBED_NOT_OPENAI)].sort(),
      ).toEqual(Object.keys(FEATURE_EXTRACTION.adapters).sort());
    });
    for (const provider of openaiOnes(FEATURE_EXTRACTION.adapters, EMBED_NOT_OPENAI)) {
      for (const [name, extra] of [
        ["a list of texts", { inputs: ["That is a happy person", "Today is a sunny day"] }],
        [
          "one text, with OpenAI options",
          { inputs: "That is a happy person", encoding_format: "float", dimensions: 8 },
        ],
      ] as const) {
        it(`${provider}: ${name}`, async () => {
          const { req, answer } = await capture("/embeddings", () =>
            client.featureExtraction({ model: EMBED_MODEL, provider, ...extra } as never),
          );
          checkRequest(openai, "/embeddings", bodyOf(req, "/embeddings"), [], `${provider} embeddings`);
          checkAnswer(openai, "/embeddings", answer, `${provider} embeddings answer`);
        });
      }
    }
  });

  describe("images: every OpenAI-style text-to-image adapter", () => {
    it("lists every other adapter as not OpenAI-shaped", () => {
      expect(
        [...openaiOnes(TEXT_TO_IMAGE.adapters, IMAGE_NOT_OPENAI), ...Object.keys(IMAGE_NOT_OPENAI)].sort(),
      ).toEqual(Object.keys(TEXT_TO_IMAGE.adapters).sort());
    });
    for (const provider of openaiOnes(TEXT_TO_IMAGE.adapters, IMAGE_NOT_OPENAI)) {
      for (const outputType of ["blob", "url"] as const) {
        // nscale answers base64 only: a URL is refused before any request (test/providers-media.test.ts).
        if (provider === "nscale" && outputType === "url") continue;
        const name = outputType === "url" ? "images url" : "images b64";
        it(`${provider}: ${name}`, async () => {
          const { req, answer } = await capture("/images/generations", () =>
            client.textToImage(
              {
                model: IMAGE_MODEL,
                provider,
                inputs: "A lighthouse at dawn",
                parameters: { width: 512, height: 512, num_inference_steps: 4, seed: 7 },
              } as never,
              { outputType } as never,
            ),
          );
          const body = bodyOf(req, "/images/generations");
          checkRequest(openai, "/images/generations", body, exceptionsFor(provider, name), `${provider} ${name}`);
          checkAnswer(openai, "/images/generations", answer, `${provider} ${name} answer`);
        });
      }
    }
  });

  describe("audio: every adapter of the OpenAI audio family", () => {
    it("lists every other adapter as not OpenAI-shaped", () => {
      for (const task of [AUTOMATIC_SPEECH_RECOGNITION, TEXT_TO_SPEECH]) {
        expect([...openaiOnes(task.adapters, AUDIO_NOT_OPENAI), ...Object.keys(AUDIO_NOT_OPENAI)].sort()).toEqual(
          Object.keys(task.adapters).sort(),
        );
      }
    });
    for (const provider of openaiOnes(AUTOMATIC_SPEECH_RECOGNITION.adapters, AUDIO_NOT_OPENAI)) {
      // The route's answer is a `oneOf` whose plain member (only `text` required) also matches every verbose
      // answer, so no answer with segments can match exactly one: each is checked against its own member.
      for (const [name, parameters, answerSchema] of [
        [
          "transcription, json",
          { language: "en", temperature: 0, prompt: "A weather report." },
          "CreateTranscriptionResponseJson",
        ],
        [
          "transcription, verbose_json",
          { response_format: "verbose_json", timestamp_granularities: ["segment", "word"] },
          "CreateTranscriptionResponseVerboseJson",
        ],
      ] as const) {
        it(`${provider}: ${name} (multipart)`, async () => {
          const { req, answer } = await capture("/audio/transcriptions", () =>
            client.automaticSpeechRecognition({
              model: WHISPER,
              provider,
              inputs: new Blob([wav(64) as Uint8Array<ArrayBuffer>], { type: "audio/wav" }),
              parameters,
            } as never),
          );
          expect(req.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
          checkRequest(
            openai,
            "/audio/transcriptions",
            bodyOf(req, "/audio/transcriptions"),
            [],
            `${provider} ${name}`,
          );
          checkAnswer(openai, "/audio/transcriptions", answer, `${provider} ${name} answer`, answerSchema);
        });
      }
    }
    for (const provider of openaiOnes(TEXT_TO_SPEECH.adapters, AUDIO_NOT_OPENAI)) {
      for (const [name, parameters] of [
        ["speech", { voice: "af_bella", response_format: "wav", speed: 1.25 }],
        // Together gets Kokoro's default voice from the adapter; see OPENAI_EXCEPTIONS for deepinfra.
        ["speech without voice", {}],
      ] as const) {
        it(`${provider}: ${name}`, async () => {
          const { req, answer } = await capture("/audio/speech", () =>
            client.textToSpeech({ model: KOKORO, provider, inputs: "Hello there.", parameters } as never),
          );
          const body = bodyOf(req, "/audio/speech");
          checkRequest(openai, "/audio/speech", body, exceptionsFor(provider, name), `${provider} ${name}`);
          // The document's answer is the audio itself (`format: binary`): bytes, not JSON.
          expect(answer.status).toBe(200);
          expect(answer.type).toMatch(/^audio\//);
        });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// 2. TGI-shaped requests (hf-inference, endpoint URLs), and the mock's answers to them

describe.skipIf(!HAVE_SPECS)(`TGI routes (${TGI})`, () => {
  const tgiExceptions = (route: Route, body: Json) =>
    TGI_EXCEPTIONS.filter((x) => x.applies(route, body)).map((x) => x.e);

  /** How a TGI call is addressed: through the router to hf-inference, or an endpoint URL with or without model. */
  const TARGETS = [
    { name: "hf-inference (router)", args: (model: string) => ({ model, provider: "hf-inference" }), model: true },
    { name: "endpoint URL with model", args: () => ({ endpointUrl: mock.url, model: "tgi" }), model: true },
    // No `model` by design (docs/differences.md, `endpoint-no-model`): TGI's document makes it optional,
    // OpenAI's requires it, so these requests are checked against TGI's document only.
    { name: "endpoint URL without model", args: () => ({ endpointUrl: mock.url }), model: false },
  ];

  for (const target of TARGETS) {
    describe(target.name, () => {
      for (const v of TGI_CHAT_VARIANTS) {
        it(`chat: ${v.name}`, async () => {
          const args = { ...target.args(CHAT_MODEL), ...v.args };
          const { req, answer } = await capture("/chat/completions", () =>
            v.stream ? drain(client.chatCompletionStream(args as never)) : client.chatCompletion(args as never),
          );
          expect(req.path).toMatch(/\/v1\/chat\/completions$/);
          const body = bodyOf(req, "/chat/completions");
          expect("model" in body).toBe(target.model);
          checkRequest(
            tgi,
            "/chat/completions",
            body,
            tgiExceptions("/chat/completions", body),
            `${target.name} ${v.name}`,
          );
          checkAnswer(tgi, "/chat/completions", answer, `${target.name} ${v.name} answer`);
        });
      }
      for (const stream of [false, true]) {
        it(`textGeneration${stream ? "Stream" : ""} on /v1/completions`, async () => {
          const args = { ...target.args(TEXT_MODEL), ...TEXT_ARGS };
          const { req, answer } = await capture("/completions", () =>
            stream ? drain(client.textGenerationStream(args as never)) : client.textGeneration(args as never),
          );
          // TGI's OpenAI route, not its native `/generate` (`{inputs, parameters}`): no adapter sends that.
          expect(req.path).toMatch(/\/v1\/completions$/);
          const body = bodyOf(req, "/completions");
          expect("model" in body).toBe(target.model);
          expect(body.stream ?? false).toBe(stream);
          checkRequest(tgi, "/completions", body, tgiExceptions("/completions", body), `${target.name} textGeneration`);
          checkAnswer(tgi, "/completions", answer, `${target.name} textGeneration answer`);
        });
      }
    });
  }

  it("endpoint-no-model: OpenAI's document rejects exactly the missing model, nothing else", async () => {
    const { req } = await capture("/chat/completions", () =>
      client.chatCompletion({ endpointUrl: mock.url, messages: [{ role: "user", content: "Hi" }], max_tokens: 8 }),
    );
    const body = bodyOf(req, "/chat/completions");
    const schema = openai.request("/chat/completions", "post", "application/json");
    expect(schema.errors(body).join("\n")).toMatch(/required property 'model'/);
    expect(schema.errors({ model: "any", ...body })).toEqual([]);
  });
});

describe.skipIf(!HAVE_SPECS)("totals", () => {
  it("validated every case above (counted as they ran)", (ctx) => {
    // Runs last in this file. A filtered run (`-t`) validates fewer cases: nothing to compare then.
    if (counts.openaiRequests + counts.tgiRequests === 0) ctx.skip("no case ran before this one");
    const asr = openaiOnes(AUTOMATIC_SPEECH_RECOGNITION.adapters, AUDIO_NOT_OPENAI).length;
    const tts = openaiOnes(TEXT_TO_SPEECH.adapters, AUDIO_NOT_OPENAI).length;
    const images = openaiOnes(TEXT_TO_IMAGE.adapters, IMAGE_NOT_OPENAI).length * 2 - 1; // nscale: no URL case
    const openaiRequests =
      Object.keys(CHAT.adapters).length * CHAT_VARIANTS.length +
      Object.keys(TEXT_GENERATION.adapters).length * 2 +
      openaiOnes(FEATURE_EXTRACTION.adapters, EMBED_NOT_OPENAI).length * 2 +
      images +
      asr * 2 +
      tts * 2;
    const tgiRequests = 3 * (TGI_CHAT_VARIANTS.length + 2);
    console.log(`OpenAPI checks: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({
      openaiRequests,
      tgiRequests,
      // Speech answers are audio bytes: no schema to check.
      openaiAnswers: openaiRequests - tts * 2,
      tgiAnswers: tgiRequests,
    });
  });
});

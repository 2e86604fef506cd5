/**
 * Every text task on every provider, proven on the wire: for each (provider, task) pair, routed (hf_ token,
 * through the Hugging Face router) and direct (the provider's own key, to the provider's own host), the exact
 * URL, method, headers and body the client sends, and the output it returns for a realistic provider answer
 * (fixtures in test/fixtures/text/<provider>/). Also the router's chat streams as it sends them (comments,
 * usage chunks, error events).
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PACKAGE_NAME, PACKAGE_VERSION, ROUTER_DROPPED_PROVIDERS } from "../src/config.js";
import {
  clearMappingCache,
  clearModelMappings,
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientRoutingError,
  type ChatCompletionStreamOutput,
} from "../src/index.js";
import { CHAT } from "../src/tasks/nlp/chat-completion.js";
import { FEATURE_EXTRACTION, SENTENCE_SIMILARITY } from "../src/tasks/nlp/feature-extraction.js";
import { TEXT_GENERATION } from "../src/tasks/nlp/text-generation.js";
import { startMockProvider, type MappingInput, type MockProvider, type MockReply } from "../src/testing/index.js";
import { collect, sseData } from "./support/collect.js";
import { fixtureText, fixtureUrl } from "./support/fixtures.js";
import { HF_TOKEN, PROVIDER_KEY } from "./support/tokens.js";

type TaskName =
  | "chatCompletion"
  | "chatCompletionStream"
  | "textGeneration"
  | "textGenerationStream"
  | "featureExtraction"
  | "sentenceSimilarity";
type Json = Record<string, any>;

interface Row {
  provider: string;
  tasks: TaskName[];
  /** Hub model id, and the provider's id for it as the Hub mapping gives it. */
  model: string;
  providerId: string;
  /** URL with an hf_ token (null: the provider takes only its own key). */
  routed: string | null;
  /** URL with the provider's own key. */
  direct: string;
  /** The expected body, from the task's common expected body. */
  body?: (common: Json) => Json;
  /** Headers carrying a direct key (default `Authorization: Bearer <key>`). */
  auth?: (key: string) => Record<string, string>;
  /** Headers the provider gets on every request. */
  headers?: Record<string, string>;
  /** Text generation only: the generated text and the finish reason of the last streamed event. */
  text?: string;
  streamFinish?: string;
}

const R = "https://router.huggingface.co";
const BILL_TO = "acme-org";
const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;

const CHAT_TEXT = '{"capital":"Paris"}';
const COMPLETION_TEXT = " Paris. It is also the largest city in France.";
const CHAT_ROUTE_TEXT = "The capital of France is Paris.";

const MESSAGES = [
  { role: "system", content: "Answer in JSON." },
  { role: "user", content: "What is the capital of France?" },
];
const RESPONSE_FORMAT = {
  type: "json_schema",
  json_schema: {
    name: "capital",
    schema: { type: "object", properties: { capital: { type: "string" } }, required: ["capital"] },
    strict: true,
  },
};
const CHAT_ARGS = {
  messages: MESSAGES,
  max_tokens: 64,
  temperature: 0.2,
  store: false,
  response_format: RESPONSE_FORMAT,
};
const PROMPT = "The capital of France is";
const TEXT_ARGS = { inputs: PROMPT, parameters: { max_new_tokens: 32, temperature: 0.5, stop_sequences: ["\n\n"] } };
const EMBED_INPUTS = ["That is a happy person", "Today is a sunny day"];
const SIMILARITY_INPUTS = {
  source_sentence: "That is a happy person",
  sentences: ["That is a happy dog", "Today is a sunny day", "The stock market fell"],
};

/** The body every provider of a task gets, before its own transform. */
function commonBody(task: TaskName, providerId: string): Json {
  switch (task) {
    case "chatCompletion":
    case "chatCompletionStream":
      return { model: providerId, ...CHAT_ARGS };
    case "textGeneration":
    case "textGenerationStream":
      return { model: providerId, prompt: PROMPT, max_tokens: 32, temperature: 0.5, stop: ["\n\n"] };
    case "featureExtraction":
      return { input: EMBED_INPUTS, model: providerId };
    case "sentenceSimilarity":
      return { inputs: SIMILARITY_INPUTS };
  }
}

// Body transforms of the providers that differ from the common body.
const dropStore = ({ store: _store, ...body }: Json): Json => body;
const nebiusGuidedJson = (body: Json): Json => ({ ...body, guided_json: RESPONSE_FORMAT.json_schema.schema });
const sambanovaNotStrict = (body: Json): Json => ({
  ...body,
  response_format: { ...RESPONSE_FORMAT, json_schema: { ...RESPONSE_FORMAT.json_schema, strict: false } },
});
const togetherSchema = (body: Json): Json => ({
  ...body,
  response_format: { type: "json_schema", schema: RESPONSE_FORMAT.json_schema.schema },
});
/** Text generation on a chat route: the prompt is one user message. */
const promptAsMessage = ({ prompt, ...body }: Json): Json => ({
  ...body,
  messages: [{ role: "user", content: prompt }],
});
const ON_CHAT_ROUTE = { body: promptAsMessage, text: CHAT_ROUTE_TEXT } as const;
const pipelineInputs = (): Json => ({ inputs: EMBED_INPUTS });

const CHAT_TASKS: TaskName[] = ["chatCompletion", "chatCompletionStream"];
const TEXT_TASKS: TaskName[] = ["textGeneration", "textGenerationStream"];
const LLAMA_70B = "meta-llama/Llama-3.3-70B-Instruct";
const LLAMA_8B = "meta-llama/Llama-3.1-8B";
const LLAMA_8B_INSTRUCT = "meta-llama/Llama-3.1-8B-Instruct";
const BGE = "BAAI/bge-large-en-v1.5";

/** One row per (provider, task family): the stream variant goes to the same URL with `stream: true`. */
const TABLE: Row[] = [
  // chatCompletion, chatCompletionStream
  {
    provider: "baseten",
    tasks: CHAT_TASKS,
    model: "deepseek-ai/DeepSeek-V3-0324",
    providerId: "deepseek-ai/DeepSeek-V3-0324",
    routed: `${R}/baseten/v1/chat/completions`,
    direct: "https://inference.baseten.co/v1/chat/completions",
  },
  {
    provider: "cerebras",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "llama-3.3-70b",
    routed: `${R}/cerebras/v1/chat/completions`,
    direct: "https://api.cerebras.ai/v1/chat/completions",
    body: dropStore,
  },
  {
    provider: "clarifai",
    tasks: CHAT_TASKS,
    model: "openai/gpt-oss-120b",
    providerId: "https://clarifai.com/openai/chat-completion/models/gpt-oss-120b",
    routed: `${R}/clarifai/v2/ext/openai/v1/chat/completions`,
    direct: "https://api.clarifai.com/v2/ext/openai/v1/chat/completions",
    auth: (key) => ({ Authorization: `Key ${key}` }),
  },
  {
    provider: "cohere",
    tasks: CHAT_TASKS,
    model: "CohereLabs/c4ai-command-a-03-2025",
    providerId: "command-a-03-2025",
    routed: `${R}/cohere/compatibility/v1/chat/completions`,
    direct: "https://api.cohere.com/compatibility/v1/chat/completions",
  },
  {
    provider: "deepinfra",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/Llama-3.3-70B-Instruct",
    routed: `${R}/deepinfra/v1/openai/chat/completions`,
    direct: "https://api.deepinfra.com/v1/openai/chat/completions",
  },
  {
    provider: "featherless-ai",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/Llama-3.3-70B-Instruct",
    routed: `${R}/featherless-ai/v1/chat/completions`,
    direct: "https://api.featherless.ai/v1/chat/completions",
  },
  {
    provider: "fireworks-ai",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "accounts/fireworks/models/llama-v3p3-70b-instruct",
    routed: `${R}/fireworks-ai/inference/v1/chat/completions`,
    direct: "https://api.fireworks.ai/inference/v1/chat/completions",
  },
  {
    provider: "groq",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "llama-3.3-70b-versatile",
    routed: `${R}/groq/openai/v1/chat/completions`,
    direct: "https://api.groq.com/openai/v1/chat/completions",
  },
  // hf-inference has no host of its own: a non-hf key still goes to the router.
  {
    provider: "hf-inference",
    tasks: CHAT_TASKS,
    model: LLAMA_8B_INSTRUCT,
    providerId: LLAMA_8B_INSTRUCT,
    routed: `${R}/hf-inference/models/${LLAMA_8B_INSTRUCT}/v1/chat/completions`,
    direct: `${R}/hf-inference/models/${LLAMA_8B_INSTRUCT}/v1/chat/completions`,
  },
  {
    provider: "hyperbolic",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/Llama-3.3-70B-Instruct",
    routed: `${R}/hyperbolic/v1/chat/completions`,
    direct: "https://api.hyperbolic.xyz/v1/chat/completions",
  },
  {
    provider: "nebius",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/Llama-3.3-70B-Instruct",
    routed: `${R}/nebius/v1/chat/completions`,
    direct: "https://api.studio.nebius.ai/v1/chat/completions",
    body: nebiusGuidedJson,
  },
  {
    provider: "novita",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/llama-3.3-70b-instruct",
    routed: `${R}/novita/v3/openai/chat/completions`,
    direct: "https://api.novita.ai/v3/openai/chat/completions",
  },
  {
    provider: "nscale",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/Llama-3.3-70B-Instruct",
    routed: `${R}/nscale/v1/chat/completions`,
    direct: "https://inference.api.nscale.com/v1/chat/completions",
  },
  {
    provider: "nvidia",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta/llama-3.3-70b-instruct",
    routed: `${R}/nvidia/v1/chat/completions`,
    direct: "https://integrate.api.nvidia.com/v1/chat/completions",
  },
  // OpenAI is reached only with its own key; the `openai/` prefix of the model id is stripped.
  {
    provider: "openai",
    tasks: CHAT_TASKS,
    model: "openai/gpt-4o-mini",
    providerId: "gpt-4o-mini",
    routed: null,
    direct: "https://api.openai.com/v1/chat/completions",
  },
  {
    provider: "ovhcloud",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "Meta-Llama-3_3-70B-Instruct",
    routed: `${R}/ovhcloud/v1/chat/completions`,
    direct: "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/chat/completions",
  },
  {
    provider: "publicai",
    tasks: CHAT_TASKS,
    model: "swiss-ai/Apertus-8B-Instruct-2509",
    providerId: "swiss-ai/apertus-8b-instruct",
    routed: `${R}/publicai/v1/chat/completions`,
    direct: "https://api.publicai.co/v1/chat/completions",
  },
  {
    provider: "sambanova",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "Meta-Llama-3.3-70B-Instruct",
    routed: `${R}/sambanova/v1/chat/completions`,
    direct: "https://api.sambanova.ai/v1/chat/completions",
    body: sambanovaNotStrict,
  },
  {
    provider: "scaleway",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "llama-3.3-70b-instruct",
    routed: `${R}/scaleway/v1/chat/completions`,
    direct: "https://api.scaleway.ai/v1/chat/completions",
  },
  {
    provider: "together",
    tasks: CHAT_TASKS,
    model: LLAMA_70B,
    providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    routed: `${R}/together/v1/chat/completions`,
    direct: "https://api.together.xyz/v1/chat/completions",
    body: togetherSchema,
  },
  {
    provider: "zai-org",
    tasks: CHAT_TASKS,
    model: "zai-org/GLM-4.5",
    providerId: "glm-4.5",
    routed: `${R}/zai-org/api/paas/v4/chat/completions`,
    direct: "https://api.z.ai/api/paas/v4/chat/completions",
    headers: { "x-source-channel": "hugging_face", "accept-language": "en-US,en" },
  },

  // textGeneration, textGenerationStream
  {
    provider: "deepinfra",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: "meta-llama/Meta-Llama-3.1-8B",
    routed: `${R}/deepinfra/v1/openai/completions`,
    direct: "https://api.deepinfra.com/v1/openai/completions",
  },
  {
    provider: "featherless-ai",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: "meta-llama/Meta-Llama-3.1-8B",
    routed: `${R}/featherless-ai/v1/completions`,
    direct: "https://api.featherless.ai/v1/completions",
  },
  {
    provider: "groq",
    tasks: TEXT_TASKS,
    model: LLAMA_8B_INSTRUCT,
    providerId: "llama-3.1-8b-instant",
    routed: `${R}/groq/openai/v1/chat/completions`,
    direct: "https://api.groq.com/openai/v1/chat/completions",
    ...ON_CHAT_ROUTE,
  },
  {
    provider: "hf-inference",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: LLAMA_8B,
    routed: `${R}/hf-inference/models/${LLAMA_8B}/v1/completions`,
    direct: `${R}/hf-inference/models/${LLAMA_8B}/v1/completions`,
    streamFinish: "eos_token",
  },
  {
    provider: "hyperbolic",
    tasks: TEXT_TASKS,
    model: LLAMA_8B_INSTRUCT,
    providerId: "meta-llama/Meta-Llama-3.1-8B-Instruct",
    routed: `${R}/hyperbolic/v1/chat/completions`,
    direct: "https://api.hyperbolic.xyz/v1/chat/completions",
    ...ON_CHAT_ROUTE,
  },
  {
    provider: "nebius",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: "meta-llama/Meta-Llama-3.1-8B",
    routed: `${R}/nebius/v1/completions`,
    direct: "https://api.studio.nebius.ai/v1/completions",
  },
  {
    provider: "novita",
    tasks: TEXT_TASKS,
    model: LLAMA_8B_INSTRUCT,
    providerId: "meta-llama/llama-3.1-8b-instruct",
    routed: `${R}/novita/v3/openai/chat/completions`,
    direct: "https://api.novita.ai/v3/openai/chat/completions",
    ...ON_CHAT_ROUTE,
  },
  {
    provider: "ovhcloud",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: "Meta-Llama-3_1-8B",
    routed: `${R}/ovhcloud/v1/completions`,
    direct: "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/completions",
  },
  {
    provider: "scaleway",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: "llama-3.1-8b",
    routed: `${R}/scaleway/v1/completions`,
    direct: "https://api.scaleway.ai/v1/completions",
  },
  {
    provider: "together",
    tasks: TEXT_TASKS,
    model: LLAMA_8B,
    providerId: "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
    routed: `${R}/together/v1/completions`,
    direct: "https://api.together.xyz/v1/completions",
  },

  // featureExtraction
  {
    provider: "deepinfra",
    tasks: ["featureExtraction"],
    model: BGE,
    providerId: BGE,
    routed: `${R}/deepinfra/v1/openai/embeddings`,
    direct: "https://api.deepinfra.com/v1/openai/embeddings",
  },
  {
    provider: "hf-inference",
    tasks: ["featureExtraction"],
    model: "sentence-transformers/all-MiniLM-L6-v2",
    providerId: "sentence-transformers/all-MiniLM-L6-v2",
    routed: `${R}/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction`,
    direct: `${R}/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction`,
    body: pipelineInputs,
  },
  {
    provider: "nebius",
    tasks: ["featureExtraction"],
    model: "BAAI/bge-en-icl",
    providerId: "BAAI/bge-en-icl",
    routed: `${R}/nebius/v1/embeddings`,
    direct: "https://api.studio.nebius.ai/v1/embeddings",
  },
  {
    provider: "sambanova",
    tasks: ["featureExtraction"],
    model: "intfloat/e5-mistral-7b-instruct",
    providerId: "E5-Mistral-7B-Instruct",
    routed: `${R}/sambanova/v1/embeddings`,
    direct: "https://api.sambanova.ai/v1/embeddings",
  },
  {
    provider: "scaleway",
    tasks: ["featureExtraction"],
    model: "BAAI/bge-multilingual-gemma2",
    providerId: "bge-multilingual-gemma2",
    routed: `${R}/scaleway/v1/embeddings`,
    direct: "https://api.scaleway.ai/v1/embeddings",
  },
  {
    provider: "together",
    tasks: ["featureExtraction"],
    model: BGE,
    providerId: BGE,
    routed: `${R}/together/v1/embeddings`,
    direct: "https://api.together.xyz/v1/embeddings",
  },

  // sentenceSimilarity
  {
    provider: "hf-inference",
    tasks: ["sentenceSimilarity"],
    model: "sentence-transformers/paraphrase-MiniLM-L6-v2",
    providerId: "sentence-transformers/paraphrase-MiniLM-L6-v2",
    routed: `${R}/hf-inference/models/sentence-transformers/paraphrase-MiniLM-L6-v2/pipeline/sentence-similarity`,
    direct: `${R}/hf-inference/models/sentence-transformers/paraphrase-MiniLM-L6-v2/pipeline/sentence-similarity`,
  },
];

type Pair = Omit<Row, "tasks"> & { task: TaskName };
const PAIRS: Pair[] = TABLE.flatMap(({ tasks, ...row }) => tasks.map((task) => ({ ...row, task })));

const HUB_TASK: Record<TaskName, string> = {
  chatCompletion: "conversational",
  chatCompletionStream: "conversational",
  textGeneration: "text-generation",
  textGenerationStream: "text-generation",
  featureExtraction: "feature-extraction",
  sentenceSimilarity: "sentence-similarity",
};

const isStream = (task: TaskName) => task.endsWith("Stream");

const FIXTURES = fixtureUrl("text/");
const FIXTURE_NAME: Record<TaskName, string> = {
  chatCompletion: "chat-completion.json",
  chatCompletionStream: "chat-completion-stream.txt",
  textGeneration: "text-generation.json",
  textGenerationStream: "text-generation-stream.txt",
  featureExtraction: "feature-extraction.json",
  sentenceSimilarity: "sentence-similarity.json",
};
const fixturePath = (p: Pair) => `${p.provider}/${FIXTURE_NAME[p.task]}`;
const readFixture = (path: string) => fixtureText(`text/${path}`);

const sseEvents = (raw: string) => sseData(raw) as Json[];

/** The provider's answer for a pair, as the mock sends it. */
function replyFor(pair: Pair): MockReply {
  const raw = readFixture(fixturePath(pair));
  if (!isStream(pair.task)) return { json: JSON.parse(raw), headers: { "x-request-id": `req-${pair.provider}` } };
  // One write per event, as a provider flushes them.
  return {
    chunks: raw.split(/(?<=\n\n)/),
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-request-id": `req-${pair.provider}`,
    },
  };
}

function argsFor(task: TaskName, model: string, provider: string): Json {
  const base = { model, provider };
  switch (task) {
    case "chatCompletion":
    case "chatCompletionStream":
      return { ...base, ...CHAT_ARGS };
    case "textGeneration":
    case "textGenerationStream":
      return { ...base, ...TEXT_ARGS };
    case "featureExtraction":
      return { ...base, inputs: EMBED_INPUTS };
    case "sentenceSimilarity":
      return { ...base, inputs: SIMILARITY_INPUTS };
  }
}

function callTask(client: InferenceClient, task: TaskName, args: Json): Promise<unknown> {
  switch (task) {
    case "chatCompletion":
      return client.chatCompletion(args as never);
    case "chatCompletionStream":
      return collect(client.chatCompletionStream(args as never));
    case "textGeneration":
      return client.textGeneration(args as never);
    case "textGenerationStream":
      return collect(client.textGenerationStream(args as never));
    case "featureExtraction":
      return client.featureExtraction(args as never);
    case "sentenceSimilarity":
      return client.sentenceSimilarity(args as never);
  }
}

/** What the task returns for the pair's fixture. */
function checkOutput(pair: Pair, out: any): void {
  const raw = readFixture(fixturePath(pair));
  switch (pair.task) {
    case "chatCompletion": {
      expect(out).toEqual(JSON.parse(raw));
      expect(out.choices[0].message.content).toBe(CHAT_TEXT);
      return;
    }
    case "chatCompletionStream": {
      // Chunks are the provider's, untouched (as the reference yields them): reasoning stays in `reasoning_content`.
      expect(out).toEqual(sseEvents(raw));
      expect(out.map((c: any) => c.choices[0]?.delta?.content ?? "").join("")).toBe(CHAT_TEXT);
      expect(out.at(-1).choices[0].finish_reason).toBe("stop");
      if (pair.provider === "zai-org") {
        expect(out.map((c: any) => c.choices[0]?.delta?.reasoning_content ?? "").join("")).toBe("The user wants JSON.");
      }
      return;
    }
    case "textGeneration": {
      // together reports its sampling seed per choice: it is kept, as the reference keeps it.
      const seed = JSON.parse(raw).choices?.[0]?.seed;
      expect(out).toEqual({
        generated_text: pair.text ?? COMPLETION_TEXT,
        details: seed != null ? { finish_reason: "stop", seed } : { finish_reason: "stop" },
      });
      return;
    }
    case "textGenerationStream": {
      const events = sseEvents(raw);
      const text = pair.text ?? COMPLETION_TEXT;
      expect(out).toHaveLength(events.length);
      expect(out.map((c: any) => c.token.text).join("")).toBe(text);
      out.forEach((chunk: any, i: number) => {
        const last = i === out.length - 1;
        expect(chunk.index).toBe(i);
        expect(chunk.token).toEqual({ id: 0, text: chunk.token.text, logprob: 0, special: false });
        // The provider's own fields are kept.
        expect(chunk.id).toBe(events[i]!.id);
        expect(chunk.model).toBe(events[i]!.model);
        expect(chunk.generated_text).toBe(last ? text : null);
        if (last) expect(chunk.details).toMatchObject({ finish_reason: pair.streamFinish ?? "stop" });
        else expect(chunk.details).toBeNull();
      });
      return;
    }
    case "featureExtraction": {
      const json = JSON.parse(raw);
      const expected = Array.isArray(json) ? json : json.data.map((d: Json) => d.embedding);
      expect(out).toEqual(expected);
      expect(out).toHaveLength(EMBED_INPUTS.length);
      return;
    }
    case "sentenceSimilarity": {
      expect(out).toEqual(JSON.parse(raw));
      expect(out).toHaveLength(SIMILARITY_INPUTS.sentences.length);
      return;
    }
  }
}

let mock: MockProvider;
/** Every fetch call the client made: the URL and the exact init (headers as the client set them). */
const sent: { url: string; init: RequestInit }[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  sent.push({ url: String(input), init: init ?? {} });
  return mock.fetch(input, init);
};

beforeAll(async () => {
  mock = await startMockProvider();
  // The Hub's mapping for each model: every provider serving it, as one answer.
  const byModel = new Map<string, MappingInput[]>();
  for (const row of TABLE) {
    if (row.provider === "openai") continue;
    const entries = byModel.get(row.model) ?? [];
    if (entries.some((e) => e.provider === row.provider))
      throw new Error(`two rows map ${row.model} on ${row.provider}`);
    entries.push({ provider: row.provider, providerId: row.providerId, task: HUB_TASK[row.tasks[0]!] });
    byModel.set(row.model, entries);
  }
  for (const [model, entries] of byModel) mock.mapModel(model, entries);
});
afterAll(async () => {
  clearMappingCache();
  clearModelMappings();
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  sent.length = 0;
  clearMappingCache();
  clearModelMappings();
});

describe("the table", () => {
  const providersOf = (task: TaskName) =>
    [...new Set(PAIRS.filter((p) => p.task === task).map((p) => p.provider))].sort();

  it("covers every adapter of every text task table", () => {
    expect(providersOf("chatCompletion")).toEqual(Object.keys(CHAT.adapters).sort());
    expect(providersOf("chatCompletionStream")).toEqual(Object.keys(CHAT.adapters).sort());
    expect(providersOf("textGeneration")).toEqual(Object.keys(TEXT_GENERATION.adapters).sort());
    expect(providersOf("textGenerationStream")).toEqual(Object.keys(TEXT_GENERATION.adapters).sort());
    expect(providersOf("featureExtraction")).toEqual(Object.keys(FEATURE_EXTRACTION.adapters).sort());
    expect(providersOf("sentenceSimilarity")).toEqual(Object.keys(SENTENCE_SIMILARITY.adapters).sort());
  });

  it("lists each (provider, task) pair once", () => {
    const keys = PAIRS.map((p) => `${p.provider} ${p.task}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("has a fixture for every pair and no fixture without a pair", () => {
    const used = new Set(PAIRS.map(fixturePath));
    const onDisk = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(new URL(`${d.name}/`, FIXTURES)).map((f) => `${d.name}/${f}`));
    expect([...used].sort()).toEqual(onDisk.sort());
  });

  it("routes every provider but hf-inference and openai to distinct hosts", () => {
    for (const p of PAIRS) {
      if (p.routed) expect(p.routed.startsWith(`${R}/${p.provider}/`)).toBe(true);
      const host = new URL(p.direct).host;
      if (p.provider === "hf-inference") expect(host).toBe("router.huggingface.co");
      else expect(host).not.toMatch(/huggingface\.co$/);
    }
  });
});

for (const pair of PAIRS) {
  describe(`${pair.provider} ${pair.task}`, () => {
    for (const mode of ["routed", "direct"] as const) {
      // The router dropped some providers (July 2026): only their direct route is left.
      const dropped = ROUTER_DROPPED_PROVIDERS.includes(pair.provider);
      const url = mode === "routed" ? (dropped ? null : pair.routed) : pair.direct;
      const token = mode === "routed" ? HF_TOKEN : PROVIDER_KEY;

      if (url === null) {
        it(`${mode}: refuses a Hugging Face token before sending anything`, async () => {
          const client = new InferenceClient(token, { fetch: recordingFetch, billTo: BILL_TO, maxRetries: 0 });
          await expect(callTask(client, pair.task, argsFor(pair.task, pair.model, pair.provider))).rejects.toThrow(
            dropped ? InferenceClientRoutingError : InferenceClientInputError,
          );
          expect(mock.requests).toEqual([]);
          expect(sent).toEqual([]);
        });
        continue;
      }

      it(`${mode}: POST ${url}`, async () => {
        mock.on((r) => r.method === "POST" && r.url === url, replyFor(pair));
        const client = new InferenceClient(token, { fetch: recordingFetch, billTo: BILL_TO, maxRetries: 0 });
        const out = await callTask(client, pair.task, argsFor(pair.task, pair.model, pair.provider));

        // Exactly one inference request, at the exact URL.
        const inference = mock.requests.filter((r) => r.host !== "huggingface.co");
        expect(inference.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${url}`]);
        const wire = inference[0]!;

        // Body: the task's common body, the provider's transform, `stream: true` when streaming.
        const common = commonBody(pair.task, pair.providerId);
        const body = pair.body ? pair.body(common) : common;
        expect(wire.json).toEqual(isStream(pair.task) ? { ...body, stream: true } : body);

        // Headers exactly as the client set them.
        const router = url.startsWith(`${R}/`);
        const auth = mode === "routed" ? { Authorization: `Bearer ${HF_TOKEN}` } : (pair.auth ?? bearer)(PROVIDER_KEY);
        const expectedHeaders: Record<string, string> = {
          ...pair.headers,
          ...auth,
          "Content-Type": "application/json",
          "User-Agent": USER_AGENT,
          ...(isStream(pair.task) ? { Accept: "text/event-stream" } : {}),
          ...(router ? { "X-HF-Bill-To": BILL_TO } : {}),
        };
        const call = sent.find((s) => s.url === url)!;
        expect(call.init.method).toBe("POST");
        expect(call.init.headers).toEqual(expectedHeaders);

        // And as they arrived.
        expect(wire.headers["content-type"]).toBe("application/json");
        expect(wire.headers["user-agent"]).toBe(USER_AGENT);
        expect(wire.headers["x-hf-bill-to"]).toBe(router ? BILL_TO : undefined);
        for (const [k, v] of Object.entries(auth)) expect(wire.headers[k.toLowerCase()]).toBe(v);
        if (!("Authorization" in auth)) expect(wire.headers.authorization).toBeUndefined();
        for (const [k, v] of Object.entries(pair.headers ?? {})) expect(wire.headers[k]).toBe(v);
        if (!pair.headers) expect(wire.headers["x-source-channel"]).toBeUndefined();
        if (isStream(pair.task)) expect(wire.headers.accept).toBe("text/event-stream");

        // The Hub mapping: asked with the hf_ token, never with a provider key, never billed; OpenAI needs none.
        const hub = mock.requests.filter((r) => r.host === "huggingface.co");
        if (pair.provider === "openai") {
          expect(hub).toEqual([]);
        } else {
          expect(hub.map((r) => `${r.method} ${r.url}`)).toEqual([
            `GET https://huggingface.co/api/models/${pair.model}?expand[]=inferenceProviderMapping`,
          ]);
          expect(hub[0]!.headers.authorization).toBe(mode === "routed" ? `Bearer ${HF_TOKEN}` : undefined);
          expect(hub[0]!.headers["x-hf-bill-to"]).toBeUndefined();
        }

        checkOutput(pair, out);
      });
    }
  });
}

function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}

describe("the router's chat streams", () => {
  const client = () => new InferenceClient(HF_TOKEN, { fetch: mock.fetch });
  const sse = (...lines: string[]) => ({
    headers: { "content-type": "text/event-stream" },
    chunks: lines,
  });

  it("reads `: ping` comments, a role chunk, a `choices: []` usage chunk and [DONE]", async () => {
    mock.mapModel("org/chat", [{ provider: "together", providerId: "org/chat-turbo", task: "conversational" }]);
    const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "org/chat-turbo" };
    mock.on(
      "/v1/chat/completions",
      sse(
        ": ping\n\n",
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`,
        ": ping - 2025-01-01 00:00:00\n\n",
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] })}\n\ndata: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: "lo" }, finish_reason: null }] })}\n\n`,
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: null })}\n\n`,
        `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`,
        "data: [DONE]\n\n",
      ),
    );
    const chunks: ChatCompletionStreamOutput[] = [];
    for await (const c of client().chatCompletionStream({
      model: "org/chat",
      provider: "together",
      messages: [{ role: "user", content: "hi" }],
    })) {
      chunks.push(c);
    }
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe("Hello");
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("turns an `event: error` into a ProviderApiError carrying the provider's message", async () => {
    mock.on(
      "router.huggingface.co/v1/chat/completions",
      sse(
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "a" }, finish_reason: null }] })}\n\n`,
        `event: error\ndata: ${JSON.stringify({ error: { message: "Input validation error", type: "invalid_request_error" } })}\n\n`,
      ),
    );
    const run = async () => {
      for await (const _ of client().chatCompletionStream({
        model: "org/x",
        messages: [{ role: "user", content: "hi" }],
      }));
    };
    await expect(run()).rejects.toBeInstanceOf(InferenceClientProviderApiError);
    await expect(run()).rejects.toThrow(/Input validation error/);
  });
});

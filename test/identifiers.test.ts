/**
 * Strict identifiers: a model id, a provider id from the Hub mapping or a provider name can never change the
 * path, query or host of a URL the client sends. Each hostile id is refused with its exact error class, and
 * the loopback mock counts the requests that reached it (none, or only the Hub look-up when the hostile id
 * comes from the Hub's answer).
 */
import { describe, expect, it } from "vitest";
import {
  clearMappingCache,
  InferenceClient,
  InferenceClientInputError,
  InferenceClientRoutingError,
  registerModelMapping,
} from "../src/index.js";
import { idPath, unsafeId } from "../src/providers/adapter.js";
import type { MockReply } from "../src/testing/index.js";
import { failure } from "./support/collect.js";
import { hubRequests, inferenceRequests, useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as HF } from "./support/tokens.js";

const MESSAGES = [{ role: "user" as const, content: "Hi" }];
const mock = useMockProvider();

const client = (token: string | undefined = HF) => new InferenceClient(token, { fetch: mock.fetch, maxRetries: 0 });
const hubCount = () => hubRequests(mock).length;
const inferenceCount = () => inferenceRequests(mock).length;

/** Model ids that could change a path, a query or a host, or that are no Hub id at all. */
const HOSTILE_MODELS = [
  "..",
  ".",
  "../settings/tokens",
  "org/..",
  "org/.",
  "a/../../settings/tokens",
  "org/name?expand[]=secrets",
  "org/name#fragment",
  "org/%2e%2e",
  "org/name%2Fx",
  "org\\name",
  "org/name\n",
  "org/\tname",
  "org/na me",
  " org/name",
  "org//name",
  "org/name/",
  "org/name/extra",
  "org/name\u0000",
  "org/name:unknown-policy",
  "org/name:__proto__",
  "org/name:fastest:cheapest",
];

describe("hostile model ids", () => {
  for (const model of HOSTILE_MODELS) {
    it(`${JSON.stringify(model)}: an input error naming model, with no request at all`, async () => {
      const calls = [
        () => client().featureExtraction({ model, inputs: "x" }),
        () => client().featureExtraction({ model, provider: "hf-inference", inputs: "x" }),
        () => client().textToImage({ model, provider: "fal-ai", inputs: "x" }),
        () => client("tgp_v1_directKey").chatCompletion({ model, provider: "together", messages: MESSAGES }),
        () => client().chatCompletion({ model, messages: MESSAGES }),
      ];
      for (const call of calls) {
        const err = await failure(call());
        expect(err).toBeInstanceOf(InferenceClientInputError);
        // The message names the field (a suffix at odds with provider names both).
        expect((err as Error).message).toMatch(/^model /);
      }
      expect(mock.requests).toHaveLength(0);
    });
  }

  it("ordinary Hub ids pass and reach the Hub path unchanged", async () => {
    for (const model of ["gpt2", "org/name", "Org-1/Name_2.5-b", "sentence-transformers/all-MiniLM-L6-v2"]) {
      mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task: "feature-extraction" }]);
      await client().featureExtraction({ model, provider: "hf-inference", inputs: "x" });
    }
    expect(mock.requests.filter((r) => r.host === "huggingface.co").map((r) => r.path)).toEqual([
      "/api/models/gpt2",
      "/api/models/org/name",
      "/api/models/Org-1/Name_2.5-b",
      "/api/models/sentence-transformers/all-MiniLM-L6-v2",
    ]);
  });
});

/** Provider ids a hostile or broken Hub answer could carry. */
const HOSTILE_PROVIDER_IDS = [
  "a/../../settings/tokens",
  "../x",
  "a/./b",
  "..",
  "a/b?x=1",
  "a/b#f",
  "%2e%2e/x",
  "a\\b",
  "a\nb",
  "a\tb",
  "a b",
  "a//b",
  "a/b/",
  "",
];

/** A Hub answer for `model`, with `mapping` written as given (keys such as `__proto__` stay own keys). */
function hubAnswer(model: string, mapping: string): MockReply {
  return {
    chunks: [`{"_id":"x","id":${JSON.stringify(model)},"inferenceProviderMapping":${mapping}}`],
    headers: { "content-type": "application/json" },
  };
}

describe("hostile provider ids from the Hub mapping", () => {
  for (const providerId of HOSTILE_PROVIDER_IDS) {
    it(`${JSON.stringify(providerId)}: a routing error naming providerId, after the Hub look-up and before any inference request`, async () => {
      const model = "org/hostile";
      const cases = [
        {
          provider: "hf-inference",
          task: "feature-extraction",
          run: () => client().featureExtraction({ model, provider: "hf-inference", inputs: "x" }),
        },
        {
          provider: "replicate",
          task: "text-to-image",
          run: () => client().textToImage({ model, provider: "replicate", inputs: "x" }),
        },
        {
          provider: "fal-ai",
          task: "text-to-image",
          run: () => client().textToImage({ model, provider: "fal-ai", inputs: "x" }),
        },
        {
          provider: "wavespeed",
          task: "text-to-image",
          run: () => client().textToImage({ model, provider: "wavespeed", inputs: "x" }),
        },
        {
          provider: "novita",
          task: "text-to-video",
          run: () => client().textToVideo({ model, provider: "novita", inputs: "x" }),
        },
        // "auto" picks the entry as well.
        {
          provider: "hf-inference",
          task: "feature-extraction",
          run: () => client().featureExtraction({ model, inputs: "x" }),
        },
      ];
      for (const c of cases) {
        mock.reset(true);
        clearMappingCache();
        mock.mapModel(model, [{ provider: c.provider, providerId, task: c.task }]);
        const err = await failure(c.run());
        expect(err, c.provider).toBeInstanceOf(InferenceClientRoutingError);
        expect((err as Error).message).toContain("providerId");
        expect(hubCount()).toBe(1);
        expect(inferenceCount()).toBe(0);
      }
    });
  }

  it("a provider id that goes only in the body may be anything its API takes (clarifai's are URLs)", async () => {
    const model = "org/clarifai-model";
    const providerId = "https://clarifai.com/org/app/models/model-1";
    mock.mapModel(model, [{ provider: "clarifai", providerId, task: "conversational" }]);
    await client("clarifai-pat-0123").chatCompletion({ model, provider: "clarifai", messages: MESSAGES });
    const [req] = mock.requests.filter((r) => r.host !== "huggingface.co");
    expect(req!.url).toBe("https://api.clarifai.com/v2/ext/openai/v1/chat/completions");
    expect(req!.json.model).toBe(providerId);
  });

  it("a provider id with characters a path must escape is percent-encoded per segment", () => {
    expect(idPath("fal-ai/flux@2:beta")).toBe("fal-ai/flux%402%3Abeta");
    expect(idPath("owner/name")).toBe("owner/name");
    expect(() => idPath("a/../b")).toThrow(InferenceClientRoutingError);
    expect(unsafeId(undefined)).toBe(true);
    expect(unsafeId(42)).toBe(true);
  });
});

describe("provider names that are Object.prototype keys", () => {
  for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
    it(`a Hub mapping keyed "${key}" is an unknown provider, not a TypeError`, async () => {
      const model = "org/proto-model";
      const legacy = `{${JSON.stringify(key)}:{"providerId":"x","status":"live","task":"feature-extraction"}}`;
      const array = `[{"provider":${JSON.stringify(key)},"providerId":"x","status":"live","task":"feature-extraction","hfModelId":"${model}"}]`;
      for (const mapping of [legacy, array]) {
        for (const run of [
          () => client().featureExtraction({ model, inputs: "x" }),
          () => client().featureExtraction({ model, provider: "together", inputs: "x" }),
          () => client().featureExtraction({ model, inputs: "x" }, { fallback: true }),
        ]) {
          mock.reset();
          clearMappingCache();
          mock.on((r) => r.host === "huggingface.co", hubAnswer(model, mapping));
          const err = await failure(run());
          expect(err).toBeInstanceOf(InferenceClientInputError);
          expect(err).not.toBeInstanceOf(TypeError);
          expect(inferenceCount()).toBe(0);
        }
      }
    });

    it(`provider "${key}" is an input error before any request`, async () => {
      const audio = new Blob([new Uint8Array([82, 73, 70, 70])], { type: "audio/wav" });
      for (const run of [
        () => client().featureExtraction({ model: "org/name", provider: key, inputs: "x" }),
        // Audio tasks look the provider's adapter up before routing, to check the input early.
        () => client().automaticSpeechRecognition({ model: "org/name", provider: key, data: audio }),
        () => client().chatCompletion({ model: "org/name", provider: key, messages: MESSAGES }),
      ]) {
        const err = await failure(run());
        expect(err).toBeInstanceOf(InferenceClientInputError);
        expect((err as Error).message).toContain(`Provider '${key}' not supported`);
      }
      expect(mock.requests).toHaveLength(0);
    });
  }
});

describe("registerModelMapping", () => {
  it("refuses ids that could leave their place in a URL, naming the field", () => {
    const ok = {
      hfModelId: "org/name",
      provider: "together",
      providerId: "org/Name-Turbo",
      task: "conversational" as const,
    };
    const bad: [string, Record<string, unknown>][] = [
      ["hfModelId", { hfModelId: "org/../x" }],
      ["hfModelId", { hfModelId: "org/name?x" }],
      ["provider", { provider: "a/b#c" }],
      ["provider", { provider: "" }],
      ["providerId", { providerId: "a b" }],
      ["providerId", { providerId: "a\nb" }],
      ["providerId", { providerId: "" }],
      ["providerId", { providerId: 7 }],
      ["adapterWeightsPath", { adapter: "lora", adapterWeightsPath: "../secret.safetensors" }],
    ];
    for (const [field, patch] of bad) {
      expect(() => registerModelMapping({ ...ok, ...patch } as never), field).toThrow(InferenceClientInputError);
      expect(() => registerModelMapping({ ...ok, ...patch } as never), field).toThrow(field);
    }
    expect(() => registerModelMapping(ok)).not.toThrow();
    expect(() =>
      registerModelMapping({ ...ok, providerId: "https://clarifai.com/org/app/models/m", provider: "clarifai" }),
    ).not.toThrow();
  });
});

/**
 * For each input or routing error `@huggingface/inference` (the reference) detects, ours keeps its wording
 * beside our own detail: users match on these phrases. Each condition runs through BOTH clients with the
 * same loopback fetch; both must reject, both messages must contain the reference's phrase, both errors
 * must carry the same name, and ours must have sent nothing to a provider.
 *
 * Conditions the reference detects but this library accepts (a superset) have no row: `provider` with
 * `endpointUrl` when it is "hf-inference" or "auto", and no `model` with `provider: "auto"` (ours looks up
 * the task's default model).
 */
import { InferenceClient as ReferenceClient } from "@huggingface/inference";
import { describe, expect, it } from "vitest";
import { InferenceClient } from "../src/index.js";
import { useMockProvider } from "./support/loopback.js";
import { PNG } from "./support/media.js";
import { referenceOn } from "./support/reference.js";
import { HF_TOKEN } from "./support/tokens.js";

const OPENAI_KEY = "sk-referenceErrors0123456789";
const MESSAGES = [{ role: "user", content: "Hi" }];

type AnyClient = Record<string, (args: unknown, options?: unknown) => Promise<unknown>>;

interface Condition {
  condition: string;
  /** Hub mapping of the model used (none: the model is not mapped). */
  mapping?: { provider: string; providerId: string; task: string }[];
  call: (c: AnyClient, model: string) => Promise<unknown>;
  /** The reference's words for it (a function of the model id used). */
  phrase: (model: string) => string;
  /** Client token (default a Hugging Face token). */
  token?: string;
}

const CONDITIONS: Condition[] = [
  {
    condition: "model given as a URL",
    call: (c) =>
      c.textClassification!({ model: "https://my-endpoint.example.com/m", provider: "hf-inference", inputs: "x" }),
    phrase: () => "Model URLs are no longer supported. Use endpointUrl instead",
  },
  {
    condition: "endpointUrl with a third-party provider",
    call: (c, model) =>
      c.chatCompletion!({
        model,
        endpointUrl: "https://my-endpoint.example.com",
        provider: "together",
        messages: MESSAGES,
      }),
    phrase: () => "Specifying both endpointUrl and provider is not supported",
  },
  {
    condition: "unknown provider",
    call: (c, model) => c.chatCompletion!({ model, provider: "not-a-provider", messages: MESSAGES }),
    phrase: () => "Provider 'not-a-provider' not supported. Available providers:",
  },
  {
    condition: "provider that does not serve the task",
    mapping: [{ provider: "groq", providerId: "groq/m", task: "conversational" }],
    call: (c, model) => c.textClassification!({ model, provider: "groq", inputs: "I like you" }),
    phrase: () => "Task 'text-classification' not supported for provider 'groq'",
  },
  {
    condition: "model mapped to the provider for another task",
    mapping: [{ provider: "hf-inference", providerId: "m", task: "text-classification" }],
    call: (c, model) => c.featureExtraction!({ model, provider: "hf-inference", inputs: "x" }),
    phrase: (model) =>
      `Model ${model} is not supported for task feature-extraction and provider hf-inference. Supported task: text-classification.`,
  },
  {
    condition: 'model mapped for another task only, provider "auto"',
    mapping: [{ provider: "hf-inference", providerId: "m", task: "text-classification" }],
    call: (c, model) => c.featureExtraction!({ model, inputs: "x" }),
    phrase: (model) => `Model ${model} is not supported for task feature-extraction`,
  },
  {
    condition: "model not served by the provider named",
    mapping: [{ provider: "together", providerId: "together/m", task: "conversational" }],
    call: (c, model) => c.chatCompletion!({ model, provider: "fireworks-ai", messages: MESSAGES }),
    phrase: (model) => `We have not been able to find inference provider information for model ${model}`,
  },
  {
    condition: 'model served by no provider at all, provider "auto"',
    mapping: [],
    call: (c, model) => c.textClassification!({ model, inputs: "x" }),
    phrase: (model) => `No Inference Provider available for model ${model}`,
  },
  {
    condition: "no model and no default model for the task",
    call: (c) => c.textToAudio!({ provider: "hf-inference", inputs: "a jazz tune" }),
    phrase: () => "No default model defined for task text-to-audio, please define the model explicitly",
  },
  {
    condition: 'openai model without the "openai/" prefix',
    call: (c) =>
      c.chatCompletion!({ model: "gpt-4o", provider: "openai", accessToken: OPENAI_KEY, messages: MESSAGES }),
    phrase: () => 'Models from openai must be prefixed by "openai/". Got "gpt-4o".',
  },
  {
    condition: "openai with a Hugging Face token",
    call: (c) => c.chatCompletion!({ model: "openai/gpt-4o", provider: "openai", messages: MESSAGES }),
    phrase: () => "Provider openai is closed-source and does not support HF tokens",
  },
  {
    condition: 'chat with provider "auto" and a provider key',
    call: (c, model) => c.chatCompletion!({ model, accessToken: OPENAI_KEY, messages: MESSAGES }),
    phrase: () => "Cannot select auto-router when using non-Hugging Face API key",
  },
  {
    condition: 'chat with provider "auto" and no token',
    token: "",
    call: (c, model) => c.chatCompletion!({ model, messages: MESSAGES }),
    phrase: () => "Cannot select auto-router when using non-Hugging Face API key",
  },
  {
    condition: 'outputType "url" from hf-inference',
    mapping: [{ provider: "hf-inference", providerId: "m", task: "text-to-image" }],
    call: (c, model) => c.textToImage!({ model, provider: "hf-inference", inputs: "a fox" }, { outputType: "url" }),
    phrase: () =>
      "hf-inference provider does not support URL output. Use outputType 'blob', 'dataUrl' or 'json' instead",
  },
  {
    condition: 'outputType "url" from nscale',
    mapping: [{ provider: "nscale", providerId: "nscale/m", task: "text-to-image" }],
    call: (c, model) => c.textToImage!({ model, provider: "nscale", inputs: "a fox" }, { outputType: "url" }),
    phrase: () => "nscale provider does not support URL output. Use outputType 'blob', 'dataUrl' or 'json' instead",
  },
  {
    condition: "novita image-text-to-video with a model other than MiniMax H3",
    mapping: [{ provider: "novita", providerId: "other-video-model", task: "image-text-to-video" }],
    call: (c, model) =>
      c.imageTextToVideo!({
        model,
        provider: "novita",
        inputs: new Blob([PNG], { type: "image/png" }),
        parameters: { prompt: "it moves" },
      }),
    phrase: () => "Unsupported Novita image-text-to-video model: other-video-model",
  },
  {
    condition: "novita MiniMax H3 without a prompt",
    mapping: [{ provider: "novita", providerId: "MiniMax-H3", task: "image-text-to-video" }],
    call: (c, model) =>
      c.imageTextToVideo!({ model, provider: "novita", inputs: new Blob([PNG], { type: "image/png" }) }),
    phrase: () => "Novita MiniMax H3 requires a non-empty parameters.prompt",
  },
  {
    condition: "fal-ai audio of a type fal does not decode",
    mapping: [{ provider: "fal-ai", providerId: "fal-ai/whisper", task: "automatic-speech-recognition" }],
    call: (c, model) =>
      c.automaticSpeechRecognition!({
        model,
        provider: "fal-ai",
        inputs: new Blob([Uint8Array.from([0x4f, 0x67, 0x67, 0x53, 0, 0])], { type: "audio/ogg" }),
      }),
    phrase: () => "Provider fal-ai does not support blob type audio/ogg - supported content types are: ",
  },
  {
    condition: "fal-ai audio whose type cannot be told",
    mapping: [{ provider: "fal-ai", providerId: "fal-ai/whisper", task: "automatic-speech-recognition" }],
    call: (c, model) =>
      c.automaticSpeechRecognition!({ model, provider: "fal-ai", data: Uint8Array.from([1, 2, 3, 4, 5, 6]).buffer }),
    phrase: () => "Unable to determine the input's content-type",
  },
];

const mock = useMockProvider();
// The reference loads default models with the global fetch.
referenceOn(mock);

let seq = 0;
const providerRequests = () => mock.requests.filter((r) => r.host !== "huggingface.co");

describe("input and routing errors keep the reference's wording", () => {
  for (const c of CONDITIONS) {
    it(c.condition, async () => {
      const model = `errors/model-${++seq}`;
      mock.reset();
      if (c.mapping) mock.mapModel(model, c.mapping);
      const token = c.token ?? HF_TOKEN;
      const reference = new ReferenceClient(token, { fetch: mock.fetch });
      const ours = new InferenceClient(token, { fetch: mock.fetch, maxRetries: 0 });

      const theirs = await c.call(reference as unknown as AnyClient, model).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(theirs, "the reference rejects it").toBeInstanceOf(Error);
      expect(theirs!.message).toContain(c.phrase(model));

      mock.reset();
      const mine = await c.call(ours as unknown as AnyClient, model).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(mine, "ours rejects it").toBeInstanceOf(Error);
      expect(mine!.message).toContain(c.phrase(model));
      expect(mine!.name).toBe(theirs!.name);
      expect(providerRequests()).toEqual([]);
    });
  }
});

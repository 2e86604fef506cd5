import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";
import { openaiSpeech, openaiTranscription } from "./openai-audio.js";
import type { Adapter } from "./adapter.js";
import * as media from "./media-output.js";

export const deepinfra: ProviderInfo = { id: "deepinfra", baseUrl: "https://api.deepinfra.com" };

export const chat = /* @__PURE__ */ openaiChat(deepinfra, "v1/openai/chat/completions");
export const textGeneration = /* @__PURE__ */ openaiCompletions(deepinfra, "v1/openai/completions");
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(deepinfra, "v1/openai/embeddings");
export const textToSpeech = /* @__PURE__ */ openaiSpeech(deepinfra, "v1/openai/audio/speech");
export const automaticSpeechRecognition = /* @__PURE__ */ openaiTranscription(
  deepinfra,
  "v1/openai/audio/transcriptions",
);

/**
 * Text-to-image: OpenAI-style `v1/openai/images/generations`. The image comes as base64 unless a URL is
 * asked (`response_format: "url"`); a link is downloaded only when the caller wants the bytes.
 */
export const textToImage: Adapter = {
  provider: deepinfra,
  path: () => "v1/openai/images/generations",
  body: (args: Record<string, unknown>, ctx) => ({
    json: {
      ...media.extraArgs(args),
      ...media.paramsOf(args),
      response_format: ctx.outputType === "url" ? "url" : "b64_json",
      prompt: args.inputs,
      model: ctx.providerId,
    },
  }),
  job: media.openaiImageJob,
  output: media.openaiImageOutput,
};

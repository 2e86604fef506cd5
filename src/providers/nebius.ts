import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";
import * as media from "./media-output.js";

export const nebius: ProviderInfo = { id: "nebius", baseUrl: "https://api.studio.nebius.ai" };

// Nebius enforces a JSON schema through its `guided_json` extension.
export const chat = /* @__PURE__ */ openaiChat(nebius, "v1/chat/completions", (body) => {
  const rf = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  return rf?.type === "json_schema" && rf.json_schema?.schema ? { ...body, guided_json: rf.json_schema.schema } : body;
});
export const textGeneration = /* @__PURE__ */ openaiCompletions(nebius);
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(nebius);

/** Text-to-image on `v1/images/generations`: base64, or a URL when one is asked. */
export const textToImage = /* @__PURE__ */ media.openaiImageGeneration(nebius, "v1/images/generations");

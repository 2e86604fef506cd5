import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiEmbeddings } from "./openai-compatible.js";

export const sambanova: ProviderInfo = { id: "sambanova", baseUrl: "https://api.sambanova.ai" };

// SambaNova rejects strict JSON schemas: send them with `strict: false`.
export const chat = /* @__PURE__ */ openaiChat(sambanova, "v1/chat/completions", (body) => {
  const rf = body.response_format as { type?: string; json_schema?: Record<string, unknown> } | undefined;
  return rf?.type === "json_schema" && rf.json_schema
    ? { ...body, response_format: { ...rf, json_schema: { ...rf.json_schema, strict: false } } }
    : body;
});
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(sambanova);

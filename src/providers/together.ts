import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";

export const together: ProviderInfo = { id: "together", baseUrl: "https://api.together.xyz" };

// Together takes a JSON schema as `response_format.schema`, not OpenAI's `response_format.json_schema.schema`.
export const chat = /* @__PURE__ */ openaiChat(together, "v1/chat/completions", (body) => {
  const rf = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  if (rf?.type === "json_schema" && rf.json_schema?.schema) {
    return { ...body, response_format: { type: "json_schema", schema: rf.json_schema.schema } };
  }
  return body;
});
export const textGeneration = /* @__PURE__ */ openaiCompletions(together);
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(together);

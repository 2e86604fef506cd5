import type { ProviderInfo } from "./adapter.js";
import { openaiChat, openaiCompletions, openaiEmbeddings } from "./openai-compatible.js";
import type { Adapter } from "./adapter.js";
import * as media from "./media-output.js";

export const nebius: ProviderInfo = { id: "nebius", baseUrl: "https://api.studio.nebius.ai" };

// Nebius enforces a JSON schema through its `guided_json` extension.
export const chat = /* @__PURE__ */ openaiChat(nebius, "v1/chat/completions", (body) => {
  const rf = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  return rf?.type === "json_schema" && rf.json_schema?.schema ? { ...body, guided_json: rf.json_schema.schema } : body;
});
export const textGeneration = /* @__PURE__ */ openaiCompletions(nebius);
export const featureExtraction = /* @__PURE__ */ openaiEmbeddings(nebius);

/** Text-to-image: `v1/images/generations` (`response_format` `url` when a URL is asked, else `b64_json`). */
export const textToImage: Adapter = {
  provider: nebius,
  path: () => "v1/images/generations",
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

import type { ProviderInfo } from "./adapter.js";
import { openaiChat } from "./openai-compatible.js";
import type { Adapter } from "./adapter.js";
import * as media from "./media-output.js";

export const nscale: ProviderInfo = { id: "nscale", baseUrl: "https://inference.api.nscale.com" };

export const chat = /* @__PURE__ */ openaiChat(nscale, "v1/chat/completions");

/** Text-to-image: `v1/images/generations` answering base64 only (`outputType: "url"` is refused up front). */
export const textToImage: Adapter = {
  provider: nscale,
  path: () => "v1/images/generations",
  validate: (_args, ctx) => media.refuseOutputType("nscale", ctx, ["url"]),
  body: (args: Record<string, unknown>, ctx) => ({
    json: {
      ...media.extraArgs(args),
      ...media.paramsOf(args),
      response_format: "b64_json",
      prompt: args.inputs,
      model: ctx.providerId,
    },
  }),
  job: media.openaiImageJob,
  output: media.openaiImageOutput,
};

import type { ProviderInfo } from "./adapter.js";
import { chatAsCompletions, openaiChat } from "./openai-compatible.js";
import type { Adapter } from "./adapter.js";
import * as media from "./media-output.js";

export const hyperbolic: ProviderInfo = { id: "hyperbolic", baseUrl: "https://api.hyperbolic.xyz" };

export const chat = /* @__PURE__ */ openaiChat(hyperbolic);
export const textGeneration = /* @__PURE__ */ chatAsCompletions(hyperbolic);

/**
 * Text-to-image: `v1/images/generations` with `{prompt, model_name, ...parameters}` (`num_inference_steps`
 * sent as `steps`, `guidance_scale` as `cfg_scale`, Hyperbolic's names); the answer is
 * `{images: [{image: <base64>}]}`, so `outputType: "url"` is refused up front.
 */
export const textToImage: Adapter = {
  provider: hyperbolic,
  path: () => "v1/images/generations",
  validate: (_args, ctx) => media.refuseOutputType("hyperbolic", ctx, ["url"]),
  body: (args: Record<string, unknown>, ctx) => {
    const { guidance_scale, ...p } = media.stepsParams(args);
    if (guidance_scale !== undefined) p.cfg_scale = guidance_scale;
    return { json: { ...media.extraArgs(args), ...p, prompt: args.inputs, model_name: ctx.providerId } };
  },
  output: (raw: any, ctx) => {
    const first = raw && typeof raw === "object" && Array.isArray(raw.images) ? raw.images[0] : undefined;
    const b64 = first && typeof first.image === "string" ? first.image : undefined;
    return media.mediaOutput({ json: raw, b64 }, ctx);
  },
};

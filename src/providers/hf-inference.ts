/**
 * hf-inference: Hugging Face's own serverless inference, always reached through the router (it has no
 * other host). Its adapters also serve Inference Endpoints and local OpenAI-compatible servers, when the
 * call carries an `endpointUrl`.
 */
import { HF_ROUTER_URL } from "../config.js";
import { bodyArgs, type Adapter, type ProviderInfo, type RequestCtx } from "./adapter.js";
import { chatBody, completionBody, completionChunk, completionOutput } from "./openai-compatible.js";

export const hfInference: ProviderInfo = { id: "hf-inference", baseUrl: `${HF_ROUTER_URL}/hf-inference` };

/**
 * An endpoint URL completed with an OpenAI route: `http://host:8080` -> `.../v1/chat/completions`,
 * `.../v1` -> `.../v1/chat/completions`, a URL already ending with the route is kept.
 */
export function withOpenAIRoute(url: string, route: "chat/completions" | "completions"): string {
  const u = url.trim().replace(/\/+$/, "");
  if (u.endsWith(`/${route}`)) return u;
  if (u.endsWith("/v1")) return `${u}/${route}`;
  return `${u}/v1/${route}`;
}

const openaiRoute =
  (route: "chat/completions" | "completions") =>
  (ctx: RequestCtx): string =>
    withOpenAIRoute(ctx.endpointUrl ?? `${ctx.base}/models/${ctx.providerId}`, route);

/** Non-OpenAI tasks: `models/{id}` (or the endpoint URL as given). */
export const pipelineUrl =
  (suffix = "") =>
  (ctx: RequestCtx): string =>
    ctx.endpointUrl ? ctx.endpointUrl.trim() : `${ctx.base}/models/${ctx.providerId}${suffix}`;

/** The JSON body of the classic pipeline API: `{inputs, parameters, ...}` as given. */
export const pipelineJson = (args: Record<string, unknown>) => ({ json: bodyArgs(args) });

export const chat: Adapter = {
  provider: hfInference,
  path: () => "",
  url: openaiRoute("chat/completions"),
  body: (args, ctx) => ({ json: chatBody(args, ctx) }),
};

export const textGeneration: Adapter = {
  provider: hfInference,
  path: () => "",
  url: openaiRoute("completions"),
  body: (args, ctx) => ({ json: completionBody(args, ctx) }),
  output: completionOutput,
  chunk: completionChunk,
};

export const featureExtraction: Adapter = {
  provider: hfInference,
  path: () => "",
  url: pipelineUrl("/pipeline/feature-extraction"),
  body: pipelineJson,
};

export const sentenceSimilarity: Adapter = {
  provider: hfInference,
  path: () => "",
  url: pipelineUrl("/pipeline/sentence-similarity"),
  body: pipelineJson,
};

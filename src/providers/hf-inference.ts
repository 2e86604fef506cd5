/**
 * hf-inference: Hugging Face's own serverless inference, always reached through the router (it has no
 * other host). Its adapters also serve Inference Endpoints and local OpenAI-compatible servers, when the
 * call carries an `endpointUrl`.
 */
import { bodyArgs, idPath, type Adapter, type ProviderInfo, type RequestCtx } from "./adapter.js";
import { chatBody, completionBody, completionChunk, completionOutput } from "./openai-compatible.js";
import { InferenceClientInputError } from "../errors.js";
import { blobToBase64, contentType, isBinary, isHttpUrl, mediaInput, toBlob } from "../lib/media.js";
import * as media from "./media-output.js";
import { withOpenAIRoute } from "./openai-route.js";

export { withOpenAIRoute };

/**
 * The provider. Its base, `HF_ROUTER_URL` (config.ts) + `/hf-inference`, is written out: a template with a
 * variable at the top of a module is a possible side effect to bundlers (test/bundle-size.test.ts checks
 * that the two agree).
 */
export const hfInference: ProviderInfo = {
  id: "hf-inference",
  baseUrl: "https://router.huggingface.co/hf-inference",
  // A model being loaded (serverless), or an Inference Endpoint scaled to zero and starting: a 503 with
  // `estimated_time` or words that say so, waited for rather than failed (transport/retry.ts).
  errors: {
    loading: { status: 503, message: /currently loading|is loading|scaled to zero|initiali[sz]ing|cold start/i },
  },
};

// Calls to these URL builders have no side effects: bundlers may drop an adapter object that uses one.
// They are function declarations, the form whose annotation survives in the built file for the bundlers
// of apps (an annotated arrow function assigned to a variable is not recognised there).

/** OpenAI routes: the endpoint URL, or `models/{id}`, completed with `route` by {@link withOpenAIRoute}. */
/* @__NO_SIDE_EFFECTS__ */
function openaiRoute(route: "chat/completions" | "completions"): (ctx: RequestCtx) => string {
  return (ctx) => withOpenAIRoute(ctx.endpointUrl ?? `${ctx.base}/models/${idPath(ctx.providerId)}`, route);
}

/** Non-OpenAI tasks: `models/{id}` (or the endpoint URL as given). */
/* @__NO_SIDE_EFFECTS__ */
export function pipelineUrl(suffix = ""): (ctx: RequestCtx) => string {
  return (ctx) => (ctx.endpointUrl ? ctx.endpointUrl.trim() : `${ctx.base}/models/${idPath(ctx.providerId)}${suffix}`);
}

/** The JSON body of the classic pipeline API: `{inputs, parameters, ...}` as given. */
export const pipelineJson = (args: Record<string, unknown>) => ({ json: bodyArgs(args) });

export const chat: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ openaiRoute("chat/completions"),
  body: (args, ctx) => ({ json: chatBody(args, ctx) }),
};

export const textGeneration: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ openaiRoute("completions"),
  body: (args, ctx) => ({ json: completionBody(args, ctx) }),
  output: completionOutput,
  chunk: completionChunk,
};

export const featureExtraction: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl("/pipeline/feature-extraction"),
  body: pipelineJson,
};

export const sentenceSimilarity: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl("/pipeline/sentence-similarity"),
  body: pipelineJson,
};

// Classic pipeline tasks: `POST models/{id}` through the router, or the endpoint URL as given.

/** JSON tasks: the body is `{inputs, parameters, ...}` as given. */
const pipelineTask: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: pipelineJson,
};

export const fillMask = pipelineTask;
export const summarization = pipelineTask;
export const questionAnswering = pipelineTask;
export const tableQuestionAnswering = pipelineTask;
export const textClassification = pipelineTask;
export const tokenClassification = pipelineTask;
export const translation = pipelineTask;
export const zeroShotClassification = pipelineTask;
export const tabularRegression = pipelineTask;
export const tabularClassification = pipelineTask;

function hasParameters(p: unknown): p is Record<string, unknown> {
  return !!p && typeof p === "object" && Object.values(p).some((v) => v !== undefined);
}

/**
 * Binary tasks: the media (`inputs`, or the legacy `data`) as raw bytes with their real content type (the
 * Blob's own, else sniffed from the bytes).
 *
 * Intended difference from `@huggingface/inference`, which silently drops `parameters` of binary tasks:
 * when parameters are given, the body is JSON `{inputs: <base64>, parameters}`, which the pipeline API
 * reads the same way (this is also what the Python client sends).
 */
const pipelineBinaryBody: Adapter["body"] = async (args: Record<string, unknown>) => {
  const blob = mediaInput(args) as Blob;
  const { parameters, ...rest } = bodyArgs(args);
  delete rest.inputs;
  delete rest.data;
  if (hasParameters(parameters)) {
    return { json: { inputs: await blobToBase64(blob), parameters, ...rest } };
  }
  return { data: blob, contentType: await contentType(blob) };
};

const pipelineBinary: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: pipelineBinaryBody,
  validate: (args: Record<string, unknown>) => {
    if (isHttpUrl(args.inputs ?? args.data)) {
      throw new InferenceClientInputError(
        `inputs must be the media bytes (Blob, ArrayBuffer or Uint8Array) for provider hf-inference: it does not fetch URLs`,
      );
    }
  },
};

export const audioClassification = pipelineBinary;
export const imageClassification = pipelineBinary;
export const objectDetection = pipelineBinary;
export const imageToText = pipelineBinary;
export const automaticSpeechRecognition = pipelineBinary;
export const audioToAudio = pipelineBinary;

/** Text to speech and text to audio: JSON `{inputs, parameters}` in, the audio bytes out. */
const pipelineAudioOut: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: pipelineJson,
  response: "blob",
};

export const textToSpeech = pipelineAudioOut;
export const textToAudio = pipelineAudioOut;

/**
 * Image tasks with a JSON body: the image goes base64-encoded in `inputs.image`, next to the other input
 * fields (`question`); a bare binary `inputs` (zero-shot image classification) becomes `{image}`.
 */
const pipelineImageJsonBody: Adapter["body"] = async (args: Record<string, unknown>) => {
  const body = bodyArgs(args);
  const inputs = args.inputs as Record<string, unknown> | Blob | ArrayBuffer | ArrayBufferView;
  if (isBinary(inputs)) {
    body.inputs = { image: await blobToBase64(toBlob(inputs)) };
  } else {
    const image = mediaInput({ "inputs.image": inputs?.image }, { field: "inputs.image" }) as Blob;
    body.inputs = { ...inputs, image: await blobToBase64(image) };
  }
  return { json: body };
};

const pipelineImageJson: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: pipelineImageJsonBody,
};

export const zeroShotImageClassification = pipelineImageJson;
export const visualQuestionAnswering = pipelineImageJson;
export const documentQuestionAnswering = pipelineImageJson;

// Image generation and editing (`POST models/{id}`, or the endpoint URL as given).

/**
 * Text-to-image: JSON `{inputs, parameters}`; the answer is the image bytes (or, from some endpoints,
 * `{data: [{b64_json}]}` or `{output: [url]}`). It gives no link, so `outputType: "url"` is refused up front.
 */
export const textToImage: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  validate: (_args, ctx) => media.refuseOutputType("hf-inference", ctx, ["url"]),
  body: pipelineJson,
  response: "auto",
  job: {
    media: (r, call) =>
      media.wantsBytes(call.ctx) && r && typeof r === "object" && !(r instanceof Blob)
        ? media.firstString((r as { output?: unknown }).output)
        : undefined,
    mediaKind: "image",
  },
  output: (o: { result: any; blob?: Blob }, ctx) => {
    const r = o.result;
    if (r instanceof Blob) return media.mediaOutput({ json: r, blob: r }, ctx);
    const first = r && typeof r === "object" && Array.isArray(r.data) ? r.data[0] : undefined;
    const b64 = first && typeof first.b64_json === "string" ? first.b64_json : undefined;
    return media.mediaOutput({ json: r, b64, blob: o.blob }, ctx);
  },
};

/** The image as base64 in JSON `{inputs, parameters}`, or raw bytes (with their type) when there are no parameters. */
async function imageBody(args: Record<string, unknown>, alwaysJson: boolean) {
  const blob = mediaInput(args) as Blob;
  const rest = media.extraArgs(args);
  const parameters = args.parameters;
  const has = !!parameters && typeof parameters === "object" && Object.keys(parameters).length > 0;
  if (has || alwaysJson) {
    return { json: { ...rest, inputs: await blobToBase64(blob), ...(has ? { parameters } : {}) } };
  }
  return { data: blob, contentType: await contentType(blob) };
}

/** Image-to-image: raw bytes in, image bytes out; with `parameters`, JSON `{inputs: <base64>, parameters}`. */
export const imageToImage: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: (args: Record<string, unknown>) => imageBody(args, false),
  response: "blob",
};

/** Image segmentation: JSON `{inputs: <base64>, parameters}` in, `[{label, mask, score}]` out. */
export const imageSegmentation: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: (args: Record<string, unknown>) => imageBody(args, true),
};

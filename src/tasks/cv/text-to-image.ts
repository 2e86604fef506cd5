import { runJob } from "../../transport/poll.js";
import { BODY_READERS } from "../../transport/http.js";
import type { TextToImageInput, TextToImageOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { textToImage as blackForestLabs } from "../../providers/black-forest-labs.js";
import { textToImage as deepinfra } from "../../providers/deepinfra.js";
import { textToImage as falAi } from "../../providers/fal-ai.js";
import { textToImage as hfInference } from "../../providers/hf-inference.js";
import { textToImage as hyperbolic } from "../../providers/hyperbolic.js";
import { textToImage as nebius } from "../../providers/nebius.js";
import { textToImage as nscale } from "../../providers/nscale.js";
import { textToImage as replicate } from "../../providers/replicate.js";
import { textToImage as together } from "../../providers/together.js";
import { textToImage as wavespeed } from "../../providers/wavespeed.js";
import { textToImage as zai } from "../../providers/zai-org.js";
import type { BaseArgs, Options, OutputType } from "../../types.js";
import { isObject, runTask, type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";

/** Arguments of {@link textToImage}: {@link TextToImageInput} from `@huggingface/tasks` (the prompt as `inputs`), with the routing fields of {@link BaseArgs}. */
export type TextToImageArgs = BaseArgs & TextToImageInput;
export type { TextToImageInput, TextToImageOutput };

export interface TextToImageOptions extends Options {
  /**
   * What to return: a `Blob` (default), the provider's `url` of the image, a `dataUrl`
   * (`data:image/png;base64,...`), or the provider's `json` answer. Providers that return the image itself
   * (hf-inference, nscale, hyperbolic) cannot give a `url`: asking for one is an input error, raised before
   * any request.
   */
  outputType?: OutputType;
}

export const TEXT_TO_IMAGE: TaskDef = {
  runJob,
  readers: BODY_READERS,
  task: "text-to-image",
  timeout: MEDIA_TIMEOUT,
  adapters: {
    "black-forest-labs": blackForestLabs,
    deepinfra,
    "fal-ai": falAi,
    "hf-inference": hfInference,
    hyperbolic,
    nebius,
    nscale,
    replicate,
    together,
    wavespeed,
    "zai-org": zai,
  },
};

const OUTPUT_TYPES: readonly OutputType[] = ["blob", "url", "dataUrl", "json"];
/** Providers that return the image itself and no link to it. */
const NO_URL: readonly string[] = ["hf-inference", "nscale", "hyperbolic"];

/** Checks `inputs` (a non-empty prompt) and `outputType` before any request. */
export function checkPrompt(args: unknown, field = "inputs"): void {
  if (!args || typeof args !== "object" || Array.isArray(args)) {
    throw new InferenceClientInputError(`The first argument must be an object of task arguments`);
  }
  const v = (args as Record<string, unknown>)[field];
  if (typeof v !== "string" || v.trim() === "") {
    throw new InferenceClientInputError(`${field} is required: the prompt, a non-empty string`);
  }
  const p = (args as Record<string, unknown>).parameters;
  if (p !== undefined && p !== null && (typeof p !== "object" || Array.isArray(p))) {
    throw new InferenceClientInputError(`parameters must be an object`);
  }
}

/**
 * Generates an image from a prompt.
 * Recommended model: black-forest-labs/FLUX.1-dev
 * Returns a `Blob` unless `options.outputType` asks for a `url`, a `dataUrl` or the provider's `json`
 * answer. Without options the result is typed `Blob`, as it is at run time (`@huggingface/inference`
 * types that call `Promise<string>`: its "url" overload takes its options as optional).
 * Arguments: {@link TextToImageInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob`, or what `outputType` asks for.
 * @example
 * const image = await textToImage({ accessToken: "hf_...", model: "black-forest-labs/FLUX.1-dev", provider: "fal-ai", inputs: "An astronaut riding a horse" });
 * const url = await textToImage({ ...args }, { outputType: "url" });
 */
export function textToImage(
  args: TextToImageArgs,
  options?: TextToImageOptions & { outputType?: undefined | "blob" },
): Promise<Blob>;
export function textToImage(
  args: TextToImageArgs,
  options: TextToImageOptions & { outputType: "url" },
): Promise<string>;
export function textToImage(
  args: TextToImageArgs,
  options: TextToImageOptions & { outputType: "dataUrl" },
): Promise<string>;
export function textToImage(
  args: TextToImageArgs,
  options: TextToImageOptions & { outputType: "json" },
): Promise<Record<string, unknown>>;
/** `outputType` known only at run time: any of the four results. */
export function textToImage(
  args: TextToImageArgs,
  options?: TextToImageOptions,
): Promise<Blob | string | Record<string, unknown>>;
export async function textToImage(
  args: TextToImageArgs,
  options?: TextToImageOptions,
): Promise<Blob | string | Record<string, unknown>> {
  checkPrompt(args);
  const outputType = options?.outputType;
  if (outputType !== undefined && !OUTPUT_TYPES.includes(outputType)) {
    throw new InferenceClientInputError(
      `outputType must be one of ${OUTPUT_TYPES.map((t) => `"${t}"`).join(", ")}, got ${JSON.stringify(outputType)}`,
    );
  }
  // Known up front when the provider is named; with "auto" the chosen adapter refuses it after routing.
  if (outputType === "url" && typeof args.provider === "string" && NO_URL.includes(args.provider)) {
    throw new InferenceClientInputError(
      `${args.provider} provider does not support URL output. Use outputType 'blob', 'dataUrl' or 'json' instead (it returns the image itself, not a link)`,
    );
  }
  return runTask(TEXT_TO_IMAGE, args, options, (v, _ctx, fail) => {
    switch (outputType) {
      case "url":
        if (typeof v !== "string" || !/^https?:\/\//i.test(v)) fail("an image URL");
        return v as string;
      case "dataUrl":
        if (typeof v !== "string" || !/^data:/i.test(v)) fail("an image as a data URL");
        return v as string;
      case "json":
        if (!isObject(v)) fail("a JSON object");
        return v as Record<string, unknown>;
      default:
        if (!(v instanceof Blob) || v.size === 0) fail("an image");
        return v as Blob;
    }
  });
}

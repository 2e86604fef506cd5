import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import { BODY_READERS } from "../../transport/http.js";
import type { ImageToImageInput, ImageToImageParameters } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { mediaInput, type BinaryInput } from "../../lib/media.js";
import { imageToImage as falAi } from "../../providers/fal-ai.js";
import { imageToImage as hfInference } from "../../providers/hf-inference.js";
import { imageToImage as replicate } from "../../providers/replicate.js";
import { imageToImage as together } from "../../providers/together.js";
import { imageToImage as wavespeed } from "../../providers/wavespeed.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";

/**
 * The media input of an image task: `inputs` as a Blob, an ArrayBuffer, a typed array, or an http(s) URL
 * for providers that fetch URLs themselves (fal-ai, replicate, together); or the legacy `data` field.
 */
export type ImageInput = BinaryInput | string;

/** Arguments of an image task in every accepted form. */
export type ImageTaskArgs<I, P> =
  | I
  | {
      /** The image: bytes, or an http(s) URL where the provider takes one (see {@link ImageInput}). */
      inputs: ImageInput;
      /** The task's parameters, sent to the provider as given. */
      parameters?: P;
      [property: string]: unknown;
    }
  | {
      /**
       * The image bytes, in the legacy field.
       * @deprecated Use `inputs`.
       */
      data: BinaryInput;
      /** The task's parameters, sent to the provider as given. */
      parameters?: P;
      [property: string]: unknown;
    };

/**
 * Arguments of {@link imageToImage}: {@link ImageToImageInput} from `@huggingface/tasks` (or the same with the
 * image as bytes or an http(s) URL, or the legacy `data` form), with the routing fields of {@link BaseArgs}.
 */
export type ImageToImageArgs = BaseArgs & ImageTaskArgs<ImageToImageInput, ImageToImageParameters>;
export type { ImageToImageInput };

export const IMAGE_TO_IMAGE: TaskDef = {
  runJob,
  readers: BODY_READERS,
  task: "image-to-image",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, "hf-inference": hfInference, replicate, together, wavespeed },
};

/**
 * Checks an image task's arguments before any request: the image (`inputs` or `data`, unless optional),
 * `parameters` as an object, and, when `needPrompt`, `parameters.prompt` as a string.
 */
export function checkImageArgs(args: unknown, opts: { optional?: boolean; needPrompt?: boolean } = {}): void {
  if (!args || typeof args !== "object" || Array.isArray(args)) {
    throw new InferenceClientInputError(`The first argument must be an object of task arguments`);
  }
  const a = args as Record<string, unknown>;
  const image = mediaInput(a, { allowUrl: true, optional: opts.optional });
  const p = a.parameters;
  if (p !== undefined && p !== null && (typeof p !== "object" || Array.isArray(p))) {
    throw new InferenceClientInputError(`parameters must be an object`);
  }
  const prompt = (p as Record<string, unknown> | undefined)?.prompt;
  if (prompt !== undefined && typeof prompt !== "string") {
    throw new InferenceClientInputError(`parameters.prompt must be a string`);
  }
  if (opts.needPrompt && image === undefined && (typeof prompt !== "string" || !prompt.trim())) {
    throw new InferenceClientInputError(`parameters.prompt is required when no image is given in inputs`);
  }
}

/** The output check of a task whose answer is a file: a non-empty Blob. */
/* @__NO_SIDE_EFFECTS__ */
export function checkBlob(what: string) {
  return (v: unknown, _ctx: unknown, fail: (expected: string) => never): Blob => {
    if (!(v instanceof Blob) || v.size === 0) fail(what);
    return v as Blob;
  };
}

/**
 * Transforms an image, guided by `parameters.prompt` where the model takes one.
 * Recommended model: black-forest-labs/FLUX.1-Kontext-dev
 * Arguments: {@link ImageToImageInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob` (the image).
 * @function
 * @example
 * const edited = await imageToImage({ accessToken: "hf_...", model: "black-forest-labs/FLUX.1-Kontext-dev", provider: "fal-ai", inputs: imageBlob, parameters: { prompt: "Make it snow" } });
 */
export const imageToImage = /* @__PURE__ */ defineTask<ImageToImageArgs, Blob>(
  IMAGE_TO_IMAGE,
  (args) => checkImageArgs(args),
  checkBlob("an image"),
);

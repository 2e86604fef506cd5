import { defineTask } from "../define.js";
import type {
  ImageClassificationInput,
  ImageClassificationOutput,
  ImageClassificationParameters,
} from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { isHttpUrl, mediaInput, type BinaryInput } from "../../lib/media.js";
import { imageClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters } from "../nlp/fill-mask.js";
import { isLabelScores } from "../nlp/text-classification.js";

/**
 * The legacy form of binary tasks: the media as `data`.
 * @deprecated Use `inputs`.
 */
export interface LegacyImageInput {
  /** The media bytes (a Blob, an ArrayBuffer or a typed array). */
  data: Blob | ArrayBuffer | ArrayBufferView;
  /** The task's parameters, sent to the provider as given. */
  parameters?: Record<string, unknown>;
}

/** A binary task's arguments with the media as a Blob, an ArrayBuffer or a typed array. */
export interface MediaArgs<P> {
  /** The media bytes (a Blob, an ArrayBuffer or a typed array); the content type is kept or sniffed. */
  inputs: BinaryInput;
  /** The task's parameters, sent to the provider as given. */
  parameters?: P;
}

/**
 * Arguments of {@link imageClassification}: {@link ImageClassificationInput} from `@huggingface/tasks` (or the
 * same with the image as a Blob, ArrayBuffer or typed array, or the legacy `data` form), with the routing
 * fields of {@link BaseArgs}.
 */
export type ImageClassificationArgs = BaseArgs &
  (ImageClassificationInput | MediaArgs<ImageClassificationParameters> | LegacyImageInput);
export type { ImageClassificationOutput };

export const IMAGE_CLASSIFICATION: TaskDef = {
  task: "image-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Checks the media input of a binary task (`inputs`, or the legacy `data`) and `parameters`, before any
 * request. Returns the arguments with the media as a Blob in `inputs` (its content type kept or sniffed),
 * or as the URL string when `allowUrl` and the provider chosen up front takes URLs.
 */
export function binaryArgs<A>(args: A, allowUrl = false): A {
  if (!args || typeof args !== "object" || Array.isArray(args)) {
    throw new InferenceClientInputError(`The first argument must be an object of task arguments`);
  }
  const a = args as Record<string, unknown>;
  const media = mediaInput(a, { allowUrl });
  if (isHttpUrl(media) && (a.provider === "hf-inference" || (typeof a.endpointUrl === "string" && a.endpointUrl))) {
    throw new InferenceClientInputError(
      `inputs must be the media bytes (Blob, ArrayBuffer or Uint8Array) for ${a.provider === "hf-inference" ? "provider hf-inference" : "an endpoint URL"}: a URL is only taken by providers that fetch it`,
    );
  }
  checkParameters(a.parameters);
  const { data: _legacy, ...rest } = a;
  return { ...rest, inputs: media } as A;
}

/**
 * Classifies an image: the likelihood of each class.
 * Arguments: {@link ImageClassificationInput} and the routing fields of {@link BaseArgs}. Answer: {@link ImageClassificationOutput}.
 * @function
 * @example
 * const out = await imageClassification({ accessToken: "hf_...", model: "google/vit-base-patch16-224", inputs: await (await fetch(url)).blob() });
 * out[0]; // { label: "Egyptian cat", score: 0.54 }
 */
export const imageClassification = /* @__PURE__ */ defineTask<ImageClassificationArgs, ImageClassificationOutput>(
  IMAGE_CLASSIFICATION,
  (args) => binaryArgs(args),
  (v, _ctx, fail) => {
    if (!isLabelScores(v)) fail("Array<{label: string, score: number}>");
    return v as ImageClassificationOutput;
  },
);

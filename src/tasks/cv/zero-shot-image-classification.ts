import { defineTask } from "../define.js";
import type {
  ZeroShotImageClassificationInput,
  ZeroShotImageClassificationOutput,
  ZeroShotImageClassificationParameters,
} from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { isBinary, mediaInput, type BinaryInput } from "../../lib/media.js";
import { zeroShotImageClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters } from "../nlp/fill-mask.js";
import { isLabelScores } from "../nlp/text-classification.js";
import { checkCandidateLabels } from "../nlp/zero-shot-classification.js";

/**
 * The legacy form: the image in `inputs.image`.
 * @deprecated Use `inputs: Blob`.
 */
export interface LegacyZeroShotImageClassificationInput {
  /** An object holding the image. */
  inputs: {
    /** The image bytes (a Blob, an ArrayBuffer or a typed array). */
    image: Blob | ArrayBuffer | ArrayBufferView;
  };
  /** The parameters ({@link ZeroShotImageClassificationParameters}), with the required `candidate_labels`. */
  parameters?: ZeroShotImageClassificationParameters;
}

/**
 * Arguments of {@link zeroShotImageClassification}: {@link ZeroShotImageClassificationInput} from
 * `@huggingface/tasks` (or the same with the image as bytes, or the legacy `inputs.image` form), with the
 * routing fields of {@link BaseArgs}.
 */
export type ZeroShotImageClassificationArgs = BaseArgs &
  (
    | ZeroShotImageClassificationInput
    | {
        /** The image bytes (a Blob, an ArrayBuffer or a typed array). */
        inputs: BinaryInput;
        /** The parameters ({@link ZeroShotImageClassificationParameters}), with the required `candidate_labels`. */
        parameters: ZeroShotImageClassificationParameters;
      }
    | LegacyZeroShotImageClassificationInput
  );
export type { ZeroShotImageClassificationOutput };

export const ZERO_SHOT_IMAGE_CLASSIFICATION: TaskDef = {
  task: "zero-shot-image-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Classifies an image into labels chosen at call time. The image is sent base64-encoded in
 * `inputs.image`, with `parameters.candidate_labels`.
 * Arguments: {@link ZeroShotImageClassificationInput} and the routing fields of {@link BaseArgs}. Answer: {@link ZeroShotImageClassificationOutput}.
 * @function
 * @example
 * const out = await zeroShotImageClassification({ accessToken: "hf_...", model: "openai/clip-vit-large-patch14-336",
 *   inputs: imageBlob, parameters: { candidate_labels: ["cat", "dog"] } });
 */
export const zeroShotImageClassification = /* @__PURE__ */ defineTask<
  ZeroShotImageClassificationArgs,
  ZeroShotImageClassificationOutput
>(
  ZERO_SHOT_IMAGE_CLASSIFICATION,
  (args) => {
    const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
    if (isObject(inputs) && !isBinary(inputs)) {
      mediaInput({ "inputs.image": inputs.image }, { field: "inputs.image" });
    } else if (!isBinary(inputs)) {
      throw new InferenceClientInputError(
        `inputs must be the image (a Blob, ArrayBuffer or Uint8Array) or {image: Blob}, got ${inputs === undefined ? "nothing" : typeof inputs}`,
      );
    }
    checkParameters(args.parameters);
    checkCandidateLabels(args.parameters);
  },
  (v, _ctx, fail) => {
    if (!isLabelScores(v)) fail("Array<{label: string, score: number}>");
    return v as ZeroShotImageClassificationOutput;
  },
);

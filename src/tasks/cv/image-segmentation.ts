import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import type { ImageSegmentationInput, ImageSegmentationOutput, ImageSegmentationParameters } from "@huggingface/tasks";
import { imageSegmentation as falAi } from "../../providers/fal-ai.js";
import { imageSegmentation as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkImageArgs, type ImageTaskArgs } from "./image-to-image.js";

/**
 * Arguments of {@link imageSegmentation}: {@link ImageSegmentationInput} from `@huggingface/tasks` (or the same
 * with the image as bytes or an http(s) URL, or the legacy `data` form), with the routing fields of
 * {@link BaseArgs}.
 */
export type ImageSegmentationArgs = BaseArgs & ImageTaskArgs<ImageSegmentationInput, ImageSegmentationParameters>;
export type { ImageSegmentationInput, ImageSegmentationOutput };

export const IMAGE_SEGMENTATION: TaskDef = {
  runJob,
  task: "image-segmentation",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, "hf-inference": hfInference },
};

/**
 * Segments an image: one `{label, mask, score?}` per segment, `mask` being a base64 image. fal-ai's
 * background-removal models give one segment labelled "mask".
 * Recommended model: facebook/mask2former-swin-large-coco-panoptic
 * Arguments: {@link ImageSegmentationInput} and the routing fields of {@link BaseArgs}. Answer: {@link ImageSegmentationOutput}.
 * @function
 * @example
 * const segments = await imageSegmentation({ accessToken: "hf_...", model: "facebook/mask2former-swin-large-coco-panoptic", inputs: imageBlob });
 */
export const imageSegmentation = /* @__PURE__ */ defineTask<ImageSegmentationArgs, ImageSegmentationOutput>(
  IMAGE_SEGMENTATION,
  (args) => checkImageArgs(args),
  (v, _ctx, fail) => {
    const ok =
      Array.isArray(v) &&
      v.every(
        (x) =>
          isObject(x) &&
          typeof x.label === "string" &&
          typeof x.mask === "string" &&
          (x.score === undefined || x.score === null || typeof x.score === "number"),
      );
    if (!ok) fail("an array of {label, mask, score?}");
    return v as ImageSegmentationOutput;
  },
);

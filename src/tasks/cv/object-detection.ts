import { defineTask } from "../define.js";
import type { ObjectDetectionInput, ObjectDetectionOutput, ObjectDetectionParameters } from "@huggingface/tasks";
import { objectDetection as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { binaryArgs, type LegacyImageInput, type MediaArgs } from "./image-classification.js";

/**
 * Arguments of {@link objectDetection}: {@link ObjectDetectionInput} from `@huggingface/tasks` (or the same
 * with the image as a Blob, ArrayBuffer or typed array, or the legacy `data` form), with the routing fields
 * of {@link BaseArgs}.
 */
export type ObjectDetectionArgs = BaseArgs &
  (ObjectDetectionInput | MediaArgs<ObjectDetectionParameters> | LegacyImageInput);
export type { ObjectDetectionOutput };

export const OBJECT_DETECTION: TaskDef = {
  task: "object-detection",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

function isDetection(x: unknown): boolean {
  if (!isObject(x) || typeof x.label !== "string" || typeof x.score !== "number" || !isObject(x.box)) return false;
  const { xmin, ymin, xmax, ymax } = x.box;
  return [xmin, ymin, xmax, ymax].every((n) => typeof n === "number");
}

/**
 * Detects objects in an image: label, score and bounding box (pixels) of each.
 * Arguments: {@link ObjectDetectionInput} and the routing fields of {@link BaseArgs}. Answer: {@link ObjectDetectionOutput}.
 * @function
 * @example
 * const objects = await objectDetection({ accessToken: "hf_...", model: "facebook/detr-resnet-50", inputs: imageBlob });
 * objects[0]; // { label: "cat", score: 0.998, box: { xmin: 344, ymin: 23, xmax: 640, ymax: 373 } }
 */
export const objectDetection = /* @__PURE__ */ defineTask<ObjectDetectionArgs, ObjectDetectionOutput>(
  OBJECT_DETECTION,
  (args) => binaryArgs(args),
  (v, _ctx, fail) => {
    if (!Array.isArray(v) || !v.every(isDetection)) {
      fail("Array<{label: string, score: number, box: {xmin: number, ymin: number, xmax: number, ymax: number}}>");
    }
    return v as ObjectDetectionOutput;
  },
);

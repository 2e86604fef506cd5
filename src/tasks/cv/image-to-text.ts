import { defineTask } from "../define.js";
import type { ImageToTextInput, ImageToTextOutput, ImageToTextParameters } from "@huggingface/tasks";
import { imageToText as hfInference } from "../../providers/hf-inference.js";
import { imageToText as zai } from "../../providers/zai-org.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { binaryArgs, type LegacyImageInput, type MediaArgs } from "./image-classification.js";

/**
 * Arguments of {@link imageToText}: {@link ImageToTextInput} from `@huggingface/tasks` (or the same with the
 * image as bytes, as an http(s) URL for zai-org, or the legacy `data` form), with the routing fields of
 * {@link BaseArgs}.
 */
export type ImageToTextArgs = BaseArgs &
  (
    | ImageToTextInput
    | MediaArgs<ImageToTextParameters>
    // An http(s) URL, for providers that fetch it themselves (zai-org).
    | {
        /** An http(s) URL of the image or document, for providers that fetch it (zai-org). */
        inputs: string;
        /** The task's parameters, sent to the provider as given. */
        parameters?: Record<string, unknown>;
      }
    | LegacyImageInput
  );
export type { ImageToTextOutput };

export const IMAGE_TO_TEXT: TaskDef = {
  task: "image-to-text",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference, "zai-org": zai },
};

/**
 * Describes an image in text (captioning), or reads a document (OCR, zai-org's layout parsing: Markdown).
 * `inputs` is the image (Blob, ArrayBuffer or Uint8Array; zai-org also takes an http(s) URL and PDFs).
 * Arguments: {@link ImageToTextInput} and the routing fields of {@link BaseArgs}. Answer: {@link ImageToTextOutput}.
 * @function
 * @example
 * const { generated_text } = await imageToText({ accessToken: "hf_...", model: "Salesforce/blip-image-captioning-large", inputs: imageBlob });
 */
export const imageToText = /* @__PURE__ */ defineTask<ImageToTextArgs, ImageToTextOutput>(
  IMAGE_TO_TEXT,
  (args) => binaryArgs(args, true),
  (v, _ctx, fail) => {
    // hf-inference answers [{generated_text}] (or the object alone): the first is returned.
    const first = Array.isArray(v) && v.length > 0 ? v[0] : v;
    if (!isObject(first) || typeof first.generated_text !== "string") fail("{generated_text: string}");
    return first as ImageToTextOutput;
  },
);

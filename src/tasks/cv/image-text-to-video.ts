import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import type { ImageTextToVideoInput, ImageTextToVideoParameters } from "@huggingface/tasks";
import { imageTextToVideo as falAi } from "../../providers/fal-ai.js";
import { imageTextToVideo as novita } from "../../providers/novita.js";
import { imageTextToVideo as wavespeed } from "../../providers/wavespeed.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkBlob, checkImageArgs, type ImageInput } from "./image-to-image.js";

/**
 * Arguments of {@link imageTextToVideo}: {@link ImageTextToVideoInput} from `@huggingface/tasks` (the prompt in
 * `parameters.prompt`, an optional input image), with the routing fields of {@link BaseArgs}.
 */
export type ImageTextToVideoArgs = BaseArgs &
  (
    | ImageTextToVideoInput
    | {
        /** The optional input image: bytes, or an http(s) URL where the provider takes one. */
        inputs?: ImageInput;
        /**
         * The input image, in the legacy field.
         * @deprecated Use `inputs`.
         */
        data?: ImageInput;
        /** The parameters ({@link ImageTextToVideoParameters}), with the required `prompt`. */
        parameters?: ImageTextToVideoParameters;
      }
  );
export type { ImageTextToVideoInput };

export const IMAGE_TEXT_TO_VIDEO: TaskDef = {
  runJob,
  task: "image-text-to-video",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, novita, wavespeed },
};

/**
 * Generates a video from a prompt (`parameters.prompt`) and an optional first-frame image.
 * Recommended model: Lightricks/LTX-Video
 * Arguments: {@link ImageTextToVideoInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob` (the video).
 * @function
 * @example
 * const video = await imageTextToVideo({ accessToken: "hf_...", model: "Lightricks/LTX-Video", inputs: imageBlob, parameters: { prompt: "Waves rolling in" } });
 */
export const imageTextToVideo = /* @__PURE__ */ defineTask<ImageTextToVideoArgs, Blob>(
  IMAGE_TEXT_TO_VIDEO,
  (args) => checkImageArgs(args, { optional: true, needPrompt: true }),
  checkBlob("a video"),
);

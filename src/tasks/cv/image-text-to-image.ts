import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import type { ImageTextToImageInput, ImageTextToImageParameters } from "@huggingface/tasks";
import { imageTextToImage as falAi } from "../../providers/fal-ai.js";
import { imageTextToImage as wavespeed } from "../../providers/wavespeed.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkBlob, checkImageArgs, type ImageInput } from "./image-to-image.js";

/**
 * Arguments of {@link imageTextToImage}: {@link ImageTextToImageInput} from `@huggingface/tasks` (the prompt in
 * `parameters.prompt`, an optional input image), with the routing fields of {@link BaseArgs}.
 */
export type ImageTextToImageArgs = BaseArgs &
  (
    | ImageTextToImageInput
    | {
        /** The optional input image: bytes, or an http(s) URL where the provider takes one. */
        inputs?: ImageInput;
        /**
         * The input image, in the legacy field.
         * @deprecated Use `inputs`.
         */
        data?: ImageInput;
        /** The parameters ({@link ImageTextToImageParameters}), with the required `prompt`. */
        parameters?: ImageTextToImageParameters;
      }
  );
export type { ImageTextToImageInput };

export const IMAGE_TEXT_TO_IMAGE: TaskDef = {
  runJob,
  task: "image-text-to-image",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, wavespeed },
};

/**
 * Generates an image from a prompt (`parameters.prompt`) and an optional input image.
 * Recommended model: black-forest-labs/FLUX.2-dev
 * Arguments: {@link ImageTextToImageInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob` (the image).
 * @function
 * @example
 * const image = await imageTextToImage({ accessToken: "hf_...", model: "black-forest-labs/FLUX.2-dev", inputs: imageBlob, parameters: { prompt: "Add a hat" } });
 */
export const imageTextToImage = /* @__PURE__ */ defineTask<ImageTextToImageArgs, Blob>(
  IMAGE_TEXT_TO_IMAGE,
  (args) => checkImageArgs(args, { optional: true, needPrompt: true }),
  checkBlob("an image"),
);

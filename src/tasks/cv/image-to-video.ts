import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import type { ImageToVideoInput, ImageToVideoParameters } from "@huggingface/tasks";
import { imageToVideo as falAi } from "../../providers/fal-ai.js";
import { imageToVideo as together } from "../../providers/together.js";
import { imageToVideo as wavespeed } from "../../providers/wavespeed.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkBlob, checkImageArgs, type ImageTaskArgs } from "./image-to-image.js";

/**
 * Arguments of {@link imageToVideo}: {@link ImageToVideoInput} from `@huggingface/tasks` (or the same with the
 * image as bytes or an http(s) URL, or the legacy `data` form), with the routing fields of {@link BaseArgs}.
 */
export type ImageToVideoArgs = BaseArgs & ImageTaskArgs<ImageToVideoInput, ImageToVideoParameters>;
export type { ImageToVideoInput };

export const IMAGE_TO_VIDEO: TaskDef = {
  runJob,
  task: "image-to-video",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, together, wavespeed },
};

/**
 * Animates an image into a video, guided by `parameters.prompt`.
 * Recommended model: Wan-AI/Wan2.2-I2V-A14B
 * Arguments: {@link ImageToVideoInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob` (the video).
 * @function
 * @example
 * const video = await imageToVideo({ accessToken: "hf_...", model: "Wan-AI/Wan2.2-I2V-A14B", inputs: imageBlob, parameters: { prompt: "The cat turns its head" } });
 */
export const imageToVideo = /* @__PURE__ */ defineTask<ImageToVideoArgs, Blob>(
  IMAGE_TO_VIDEO,
  (args) => checkImageArgs(args),
  checkBlob("a video"),
);

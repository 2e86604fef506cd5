import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import type { TextToVideoInput } from "@huggingface/tasks";
import { textToVideo as falAi } from "../../providers/fal-ai.js";
import { textToVideo as novita } from "../../providers/novita.js";
import { textToVideo as replicate } from "../../providers/replicate.js";
import { textToVideo as together } from "../../providers/together.js";
import { textToVideo as wavespeed } from "../../providers/wavespeed.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkBlob } from "./image-to-image.js";
import { checkPrompt } from "./text-to-image.js";

/** Arguments of {@link textToVideo}: {@link TextToVideoInput} from `@huggingface/tasks` (the prompt as `inputs`), with the routing fields of {@link BaseArgs}. */
export type TextToVideoArgs = BaseArgs & TextToVideoInput;
/** The answer of {@link textToVideo}: the video as a Blob, with the content type the provider served. */
export type TextToVideoOutput = Blob;
export type { TextToVideoInput };

export const TEXT_TO_VIDEO: TaskDef = {
  runJob,
  task: "text-to-video",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, novita, replicate, together, wavespeed },
};

/**
 * Generates a video from a prompt. Video jobs are queued and polled; `onProgress` reports their status.
 * Recommended model: Wan-AI/Wan2.2-T2V-A14B
 * Arguments: {@link TextToVideoInput} and the routing fields of {@link BaseArgs}. Answer:
 * {@link TextToVideoOutput} (a `Blob`).
 * @function
 * @example
 * const video = await textToVideo({ accessToken: "hf_...", model: "Wan-AI/Wan2.2-T2V-A14B", provider: "fal-ai", inputs: "A cat playing piano" }, { onProgress: (p) => console.log(p.status) });
 */
export const textToVideo = /* @__PURE__ */ defineTask<TextToVideoArgs, TextToVideoOutput>(
  TEXT_TO_VIDEO,
  (args) => checkPrompt(args),
  checkBlob("a video"),
);

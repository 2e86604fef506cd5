import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import { BODY_READERS } from "../../transport/http.js";
import type { TextToAudioInput } from "@huggingface/tasks";
import { textToAudio as falAi } from "../../providers/fal-ai.js";
import { textToAudio as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkTextInput, notAudio, validateEarly } from "./shared.js";

/** Arguments of {@link textToAudio}: {@link TextToAudioInput} from `@huggingface/tasks` (the prompt as `inputs`), with the routing fields of {@link BaseArgs}. */
export type TextToAudioArgs = BaseArgs & TextToAudioInput;

export const TEXT_TO_AUDIO: TaskDef = {
  runJob,
  readers: BODY_READERS,
  task: "text-to-audio",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, "hf-inference": hfInference },
};

/**
 * Generates audio (music, sound effects) from a text prompt: a Blob with the content type the provider
 * served. On fal-ai the job is queued: progress goes to `options.onProgress`, and the generated file is
 * downloaded with its status and type checked.
 * Arguments: {@link TextToAudioInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob` (the audio).
 * @function
 * @example
 * const audio = await textToAudio({ accessToken: "hf_...", model: "stabilityai/stable-audio-open-1.0", provider: "fal-ai", inputs: "128 BPM tech house drum loop" });
 */
export const textToAudio = /* @__PURE__ */ defineTask<TextToAudioArgs, Blob>(
  TEXT_TO_AUDIO,
  (args) => {
    checkTextInput(args, "the prompt");
    validateEarly(TEXT_TO_AUDIO, args);
  },
  (v, _ctx, fail) => {
    const why = notAudio(v);
    if (why) fail(`audio bytes (this answer is ${why})`);
    return v as Blob;
  },
);

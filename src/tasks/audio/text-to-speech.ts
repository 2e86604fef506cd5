import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import { BODY_READERS } from "../../transport/http.js";
import type { TextToSpeechInput } from "@huggingface/tasks";
import { textToSpeech as deepinfra } from "../../providers/deepinfra.js";
import { textToSpeech as falAi } from "../../providers/fal-ai.js";
import { textToSpeech as hfInference } from "../../providers/hf-inference.js";
import { textToSpeech as replicate } from "../../providers/replicate.js";
import { textToSpeech as together } from "../../providers/together.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { checkTextInput, notAudio, validateEarly } from "./shared.js";

/** Arguments of {@link textToSpeech}: {@link TextToSpeechInput} from `@huggingface/tasks` (the text as `inputs`), with the routing fields of {@link BaseArgs}. */
export type TextToSpeechArgs = BaseArgs & TextToSpeechInput;

export const TEXT_TO_SPEECH: TaskDef = {
  runJob,
  readers: BODY_READERS,
  task: "text-to-speech",
  timeout: MEDIA_TIMEOUT,
  adapters: { deepinfra, "fal-ai": falAi, "hf-inference": hfInference, replicate, together },
};

/**
 * Speaks a text: the audio as a Blob with the content type the provider served (a generated file that the
 * provider links to is downloaded, its status and type checked). Provider options (`voice`,
 * `response_format`, ...) go in `parameters`; together's Kokoro models default to the `af_alloy` voice.
 * Arguments: {@link TextToSpeechInput} and the routing fields of {@link BaseArgs}. Answer: a `Blob` (the speech).
 * @function
 * @example
 * const audio = await textToSpeech({ accessToken: "hf_...", model: "hexgrad/Kokoro-82M", provider: "together", inputs: "Hello world" });
 * audio.type; // "audio/wav"
 */
export const textToSpeech = /* @__PURE__ */ defineTask<TextToSpeechArgs, Blob>(
  TEXT_TO_SPEECH,
  (args) => {
    checkTextInput(args, "the text to speak");
    validateEarly(TEXT_TO_SPEECH, args);
  },
  (v, _ctx, fail) => {
    const why = notAudio(v);
    if (why) fail(`audio bytes (this answer is ${why})`);
    return v as Blob;
  },
);

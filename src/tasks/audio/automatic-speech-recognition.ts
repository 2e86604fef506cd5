import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import { BODY_READERS } from "../../transport/http.js";
import type {
  AutomaticSpeechRecognitionInput,
  AutomaticSpeechRecognitionOutput,
  AutomaticSpeechRecognitionOutputChunk,
  AutomaticSpeechRecognitionParameters,
} from "@huggingface/tasks";
import { automaticSpeechRecognition as deepinfra } from "../../providers/deepinfra.js";
import { automaticSpeechRecognition as falAi } from "../../providers/fal-ai.js";
import { automaticSpeechRecognition as hfInference } from "../../providers/hf-inference.js";
import { automaticSpeechRecognition as replicate } from "../../providers/replicate.js";
import { automaticSpeechRecognition as together } from "../../providers/together.js";
import type { BaseArgs } from "../../types.js";
import { binaryArgs } from "../cv/image-classification.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { validateEarly, type AudioArgs, type LegacyAudioData } from "./shared.js";

/**
 * Arguments of {@link automaticSpeechRecognition}: {@link AutomaticSpeechRecognitionInput} from
 * `@huggingface/tasks` (or the same with the audio as a Blob, ArrayBuffer, typed array or http(s) URL, or the
 * legacy `data` form), with the routing fields of {@link BaseArgs}.
 */
export type AutomaticSpeechRecognitionArgs = BaseArgs &
  (
    | AutomaticSpeechRecognitionInput
    | AudioArgs<AutomaticSpeechRecognitionParameters>
    | LegacyAudioData<AutomaticSpeechRecognitionParameters>
  );
export type { AutomaticSpeechRecognitionOutput };

export const AUTOMATIC_SPEECH_RECOGNITION: TaskDef = {
  runJob,
  readers: BODY_READERS,
  task: "automatic-speech-recognition",
  timeout: QUICK_TIMEOUT,
  adapters: { deepinfra, "fal-ai": falAi, "hf-inference": hfInference, replicate, together },
};

function chunksOf(v: unknown): AutomaticSpeechRecognitionOutputChunk[] {
  if (!Array.isArray(v)) return [];
  return (
    v
      .filter((c) => isObject(c) && typeof c.text === "string" && Array.isArray(c.timestamp))
      // Whisper leaves the end of a cut-off last chunk open (null): kept as sent, never turned into 0.
      .map((c) => ({
        text: c.text as string,
        timestamp: (c.timestamp as unknown[]).map((n) => (n === null ? n : Number(n))) as number[],
      }))
  );
}

/**
 * Transcribes speech. The audio is sent with its real content type (from the Blob, else sniffed from the
 * bytes); together, fal-ai and replicate also take an http(s) URL of the audio. Providers: hf-inference
 * (raw bytes), fal-ai (data URL), replicate (prediction), together and deepinfra (multipart upload).
 * Arguments: {@link AutomaticSpeechRecognitionInput} and the routing fields of {@link BaseArgs}. Answer: {@link AutomaticSpeechRecognitionOutput}.
 * @function
 * @example
 * const out = await automaticSpeechRecognition({ accessToken: "hf_...", model: "openai/whisper-large-v3", inputs: audioBlob });
 * out.text; // "He hoped there would be stew for dinner..."
 */
export const automaticSpeechRecognition = /* @__PURE__ */ defineTask<
  AutomaticSpeechRecognitionArgs,
  AutomaticSpeechRecognitionOutput
>(
  AUTOMATIC_SPEECH_RECOGNITION,
  (args) => {
    const a = binaryArgs(args, true);
    validateEarly(AUTOMATIC_SPEECH_RECOGNITION, a);
    return a;
  },
  (v, _ctx, fail) => {
    if (!isObject(v) || typeof v.text !== "string") fail("{text: string, chunks?: [{text, timestamp}]}");
    const out: AutomaticSpeechRecognitionOutput = { text: v.text };
    const chunks = chunksOf(v.chunks);
    if (chunks.length) out.chunks = chunks;
    return out;
  },
);

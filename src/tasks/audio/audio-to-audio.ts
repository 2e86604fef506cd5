import { defineTask } from "../define.js";
import { runJob } from "../../transport/poll.js";
import { audioToAudio as falAi } from "../../providers/fal-ai.js";
import { audioToAudio as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { binaryArgs } from "../cv/image-classification.js";
import { isObject, type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { validateEarly, type AudioArgs, type LegacyAudioData } from "./shared.js";

/**
 * Arguments of {@link audioToAudio}: the audio as `inputs` (bytes, or an http(s) URL on fal-ai) or as the
 * legacy `data`, optional model-specific `parameters`, with the routing fields of {@link BaseArgs}.
 */
export type AudioToAudioArgs = BaseArgs &
  (
    | {
        /** Binary audio data. */
        inputs: Blob;
      }
    | AudioArgs<Record<string, unknown>>
    | LegacyAudioData<Record<string, unknown>>
  );

/** One audio output with its audio as a Blob (a shape kept for type compatibility; {@link audioToAudio} answers {@link AudioToAudioOutput}). */
export interface AudioToAudioOutputElem {
  /** The label for the audio output (model specific). */
  label: string;
  /** Base64 encoded audio output. */
  audio: Blob;
}

/** One audio file of the answer of {@link audioToAudio}. */
export interface AudioToAudioOutput {
  /** The audio, base64-encoded. */
  blob: string;
  /** The media type of the audio, as the provider gave it (e.g. `audio/flac`). */
  "content-type": string;
  /** The label of this output (model specific, e.g. `speech_0` for a separated source). */
  label: string;
}

export const AUDIO_TO_AUDIO: TaskDef = {
  runJob,
  task: "audio-to-audio",
  timeout: MEDIA_TIMEOUT,
  adapters: { "fal-ai": falAi, "hf-inference": hfInference },
};

/**
 * Turns audio into one or more audio files: source separation, speech enhancement, restyling. Each output
 * is `{label, blob: <base64>, "content-type"}`. On fal-ai the job is queued and the generated file is
 * downloaded; fal-ai also takes an http(s) URL of the input audio.
 * Arguments: {@link AudioToAudioArgs}. Answer: a list of {@link AudioToAudioOutput}.
 * @function
 * @example
 * const out = await audioToAudio({ accessToken: "hf_...", model: "speechbrain/sepformer-wham", inputs: audioBlob });
 * out[0].label; // "speech_0"
 */
export const audioToAudio = /* @__PURE__ */ defineTask<AudioToAudioArgs, AudioToAudioOutput[]>(
  AUDIO_TO_AUDIO,
  (args) => {
    const a = binaryArgs(args, true);
    validateEarly(AUDIO_TO_AUDIO, a);
    return a;
  },
  (v, _ctx, fail) => {
    const ok =
      // An empty list is a valid (if useless) answer: returned as is, as the reference does.
      Array.isArray(v) &&
      v.every(
        (e) =>
          isObject(e) &&
          typeof e.label === "string" &&
          typeof e.blob === "string" &&
          typeof e["content-type"] === "string",
      );
    if (!ok) fail(`Array<{label: string, blob: string (base64), "content-type": string}>`);
    return (v as AudioToAudioOutput[]).map((e) => ({
      label: e.label,
      blob: e.blob,
      "content-type": e["content-type"],
    }));
  },
);

import { defineTask } from "../define.js";
import type {
  AudioClassificationInput,
  AudioClassificationOutput,
  AudioClassificationParameters,
} from "@huggingface/tasks";
import { audioClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs, InferenceProvider } from "../../types.js";
import { type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { binaryArgs, type MediaArgs } from "../cv/image-classification.js";
import { isLabelScores } from "../nlp/text-classification.js";

/**
 * The legacy form: the audio as `data`.
 * @deprecated Use `inputs`.
 */
export interface LegacyAudioInput {
  /** The audio bytes (a Blob, an ArrayBuffer or a typed array). */
  data: Blob | ArrayBuffer | ArrayBufferView;
  /** The provider to run the task on, as in {@link BaseArgs.provider}. */
  provider?: InferenceProvider;
  /** The classification parameters ({@link AudioClassificationParameters}: `top_k`, `function_to_apply`). */
  parameters?: AudioClassificationParameters;
}

/**
 * Arguments of {@link audioClassification}: {@link AudioClassificationInput} from `@huggingface/tasks` (or the
 * same with the audio as a Blob, ArrayBuffer or typed array, or the legacy `data` form), with the routing
 * fields of {@link BaseArgs}.
 */
export type AudioClassificationArgs = BaseArgs &
  (AudioClassificationInput | MediaArgs<AudioClassificationParameters> | LegacyAudioInput);
export type { AudioClassificationOutput };

export const AUDIO_CLASSIFICATION: TaskDef = {
  task: "audio-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Classifies audio (emotion, language, sound events...): the likelihood of each class. The audio is sent
 * with its real content type (from the Blob, else sniffed: wav, flac, mp3, ogg, webm, mp4).
 * Arguments: {@link AudioClassificationInput} and the routing fields of {@link BaseArgs}. Answer: {@link AudioClassificationOutput}.
 * @function
 * @example
 * const out = await audioClassification({ accessToken: "hf_...", model: "superb/hubert-large-superb-er", inputs: audioBlob });
 * out[0]; // { label: "neu", score: 0.62 }
 */
export const audioClassification = /* @__PURE__ */ defineTask<AudioClassificationArgs, AudioClassificationOutput>(
  AUDIO_CLASSIFICATION,
  (args) => binaryArgs(args),
  (v, _ctx, fail) => {
    if (!isLabelScores(v)) fail("Array<{label: string, score: number}>");
    return v as AudioClassificationOutput;
  },
);

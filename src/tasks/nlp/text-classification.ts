import { defineTask } from "../define.js";
import type { TextClassificationInput, TextClassificationOutput } from "@huggingface/tasks";
import { textClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTextArgs } from "./fill-mask.js";

/**
 * Arguments of {@link textClassification}: {@link TextClassificationInput} from `@huggingface/tasks`, with the
 * routing fields of {@link BaseArgs}; `inputs` may also be a list of texts (the first text's classes are
 * returned, as the reference does).
 */
export type TextClassificationArgs = BaseArgs &
  (
    | TextClassificationInput
    | {
        /** The texts to classify (the first text's classes are returned). */
        inputs: string[];
        /** The classification parameters, as in {@link TextClassificationInput}. */
        parameters?: TextClassificationInput["parameters"];
        [property: string]: unknown;
      }
  );
export type { TextClassificationOutput };

export const TEXT_CLASSIFICATION: TaskDef = {
  task: "text-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/** `[{label: string, score: number}, ...]` (possibly empty). Shared by the classification tasks. */
export function isLabelScores(v: unknown): v is { label: string; score: number }[] {
  return Array.isArray(v) && v.every((x) => isObject(x) && typeof x.label === "string" && typeof x.score === "number");
}

/**
 * Classifies a text (sentiment analysis and the like): the likelihood of each class.
 * Arguments: {@link TextClassificationInput} and the routing fields of {@link BaseArgs}. Answer: {@link TextClassificationOutput}.
 * @function
 * @example
 * const out = await textClassification({ accessToken: "hf_...", model: "distilbert/distilbert-base-uncased-finetuned-sst-2-english", inputs: "I like you. I love you" });
 * out[0]; // { label: "POSITIVE", score: 0.9998 }
 */
export const textClassification = /* @__PURE__ */ defineTask<TextClassificationArgs, TextClassificationOutput>(
  TEXT_CLASSIFICATION,
  (args) => checkTextArgs(args, true),
  (v, _ctx, fail) => {
    // The pipeline answers one list per input, [[{label, score}]]: the outer array is unwrapped. A flat
    // list (some endpoints) is taken as is.
    const list = Array.isArray(v) && Array.isArray(v[0]) ? v[0] : v;
    if (!isLabelScores(list)) fail("Array<Array<{label: string, score: number}>>");
    return list as TextClassificationOutput;
  },
);

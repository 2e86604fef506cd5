import { defineTask } from "../define.js";
import type { SummarizationInput, SummarizationOutput } from "@huggingface/tasks";
import { summarization as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTextArgs } from "./fill-mask.js";

/**
 * Arguments of {@link summarization}: {@link SummarizationInput} from `@huggingface/tasks`, with the routing
 * fields of {@link BaseArgs}; `inputs` may also be a list of texts (the first summary is returned, as the
 * reference does).
 */
export type SummarizationArgs = BaseArgs &
  (
    | SummarizationInput
    | {
        /** The texts to summarize (the first summary is returned). */
        inputs: string[];
        /** The summarization parameters, as in {@link SummarizationInput}. */
        parameters?: SummarizationInput["parameters"];
        [property: string]: unknown;
      }
  );
export type { SummarizationOutput };

export const SUMMARIZATION: TaskDef = {
  task: "summarization",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Summarizes a longer text (mind the model's maximum input length).
 * Arguments: {@link SummarizationInput} and the routing fields of {@link BaseArgs}. Answer: {@link SummarizationOutput}.
 * @function
 * @example
 * const { summary_text } = await summarization({ accessToken: "hf_...", model: "facebook/bart-large-cnn", inputs: longText });
 */
export const summarization = /* @__PURE__ */ defineTask<SummarizationArgs, SummarizationOutput>(
  SUMMARIZATION,
  (args) => checkTextArgs(args, true),
  (v, _ctx, fail) => {
    // The pipeline answers [{summary_text}]; a bare object is taken too.
    const first = Array.isArray(v) ? v[0] : v;
    const ok = isObject(first) && typeof first.summary_text === "string";
    if (!ok || (Array.isArray(v) && !v.every((x) => isObject(x) && typeof x.summary_text === "string"))) {
      fail("Array<{summary_text: string}>");
    }
    return first as SummarizationOutput;
  },
);

import type { SummarizationInput, SummarizationOutput } from "@huggingface/tasks";
import { summarization as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs, Options } from "../../types.js";
import { isObject, runTask, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTextArgs } from "./fill-mask.js";

/** The task's input; `inputs` may also be a list of texts (the first summary is returned, as the reference does). */
export type SummarizationArgs = BaseArgs &
  (
    | SummarizationInput
    | { inputs: string[]; parameters?: SummarizationInput["parameters"]; [property: string]: unknown }
  );
export type { SummarizationOutput };

export const SUMMARIZATION: TaskDef = {
  task: "summarization",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Summarizes a longer text (mind the model's maximum input length).
 * @example
 * const { summary_text } = await summarization({ accessToken: "hf_...", model: "facebook/bart-large-cnn", inputs: longText });
 */
export async function summarization(args: SummarizationArgs, options?: Options): Promise<SummarizationOutput> {
  checkTextArgs(args, true);
  return runTask(SUMMARIZATION, args, options, (v, _ctx, fail) => {
    // The pipeline answers [{summary_text}]; a bare object is taken too.
    const first = Array.isArray(v) ? v[0] : v;
    const ok = isObject(first) && typeof first.summary_text === "string";
    if (!ok || (Array.isArray(v) && !v.every((x) => isObject(x) && typeof x.summary_text === "string"))) {
      fail("Array<{summary_text: string}>");
    }
    return first as SummarizationOutput;
  });
}

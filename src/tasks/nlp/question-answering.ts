import { defineTask } from "../define.js";
import type { QuestionAnsweringInput, QuestionAnsweringOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { questionAnswering as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { firstAnswer, isObject, optional, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters } from "./fill-mask.js";

/** Arguments of {@link questionAnswering}: {@link QuestionAnsweringInput} from `@huggingface/tasks`, with the routing fields of {@link BaseArgs}. */
export type QuestionAnsweringArgs = BaseArgs & QuestionAnsweringInput;
export type { QuestionAnsweringOutput };

export const QUESTION_ANSWERING: TaskDef = {
  task: "question-answering",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/** An answer element: `answer` is a string; `score`, `start` and `end` are numbers when present. */
export function isAnswer(x: unknown): x is { answer: string } {
  return (
    isObject(x) &&
    typeof x.answer === "string" &&
    optional(x.score, "number") &&
    optional(x.start, "number") &&
    optional(x.end, "number")
  );
}

/**
 * Extracts the answer to a question from a context text.
 * Arguments: {@link QuestionAnsweringInput} and the routing fields of {@link BaseArgs}. Answer: {@link QuestionAnsweringOutput}.
 * @function
 * @example
 * const { answer } = await questionAnswering({ accessToken: "hf_...", model: "deepset/roberta-base-squad2",
 *   inputs: { question: "What is my name?", context: "My name is Clara and I live in Berkeley." } });
 */
export const questionAnswering = /* @__PURE__ */ defineTask<QuestionAnsweringArgs, QuestionAnsweringOutput[number]>(
  QUESTION_ANSWERING,
  (args) => {
    const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
    if (!isObject(inputs)) throw new InferenceClientInputError(`inputs must be {question: string, context: string}`);
    if (typeof inputs.question !== "string") throw new InferenceClientInputError(`inputs.question must be a string`);
    if (typeof inputs.context !== "string") throw new InferenceClientInputError(`inputs.context must be a string`);
    checkParameters(args.parameters);
    // One answer as an object, or the top answers as an array (with top_k): the first is returned.
  },
  (v, _ctx, fail) =>
    firstAnswer<QuestionAnsweringOutput[number]>(
      v,
      isAnswer,
      "{answer: string, score: number, start: number, end: number} or a non-empty array of them",
      fail,
    ),
);

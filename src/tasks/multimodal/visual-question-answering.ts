import { defineTask } from "../define.js";
import type {
  VisualQuestionAnsweringInput,
  VisualQuestionAnsweringInputData,
  VisualQuestionAnsweringOutput,
} from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { mediaInput, type BinaryInput } from "../../lib/media.js";
import { visualQuestionAnswering as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { firstAnswer, isObject, optional, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters } from "../nlp/fill-mask.js";

/**
 * Arguments of {@link visualQuestionAnswering}: {@link VisualQuestionAnsweringInput} from `@huggingface/tasks` with the image as
 * bytes, with the routing fields of {@link BaseArgs}.
 */
export type VisualQuestionAnsweringArgs = BaseArgs &
  VisualQuestionAnsweringInput & {
    /** The question and the image ({@link VisualQuestionAnsweringInputData}). */
    inputs: VisualQuestionAnsweringInputData & {
      /** The image bytes (a Blob, an ArrayBuffer or a typed array), sent base64-encoded. */
      image: Blob | ArrayBuffer | ArrayBufferView;
    };
  };
export type { VisualQuestionAnsweringOutput };

export const VISUAL_QUESTION_ANSWERING: TaskDef = {
  task: "visual-question-answering",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/** `inputs: {image, question}` of the image question tasks, checked before any request. */
export function checkImageQuestion(args: unknown): void {
  const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
  if (!isObject(inputs)) throw new InferenceClientInputError(`inputs must be {image: Blob, question: string}`);
  mediaInput({ "inputs.image": inputs.image as BinaryInput }, { field: "inputs.image" });
  if (typeof inputs.question !== "string") throw new InferenceClientInputError(`inputs.question must be a string`);
  checkParameters((args as { parameters?: unknown }).parameters);
}

/**
 * Answers a question about an image. The image is sent base64-encoded in `inputs.image`.
 * Arguments: {@link VisualQuestionAnsweringInput} and the routing fields of {@link BaseArgs}. Answer: {@link VisualQuestionAnsweringOutput}.
 * @function
 * @example
 * const { answer } = await visualQuestionAnswering({ accessToken: "hf_...", model: "dandelin/vilt-b32-finetuned-vqa",
 *   inputs: { question: "How many cats are lying down?", image: imageBlob } });
 */
export const visualQuestionAnswering = /* @__PURE__ */ defineTask<
  VisualQuestionAnsweringArgs,
  VisualQuestionAnsweringOutput[number]
>(
  VISUAL_QUESTION_ANSWERING,
  (args) => checkImageQuestion(args),
  (v, _ctx, fail) =>
    firstAnswer<VisualQuestionAnsweringOutput[number]>(
      v,
      (x) => isObject(x) && typeof x.score === "number" && optional(x.answer, "string"),
      "Array<{answer: string, score: number}>",
      fail,
    ),
);

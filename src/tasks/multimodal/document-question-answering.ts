import { defineTask } from "../define.js";
import type {
  DocumentQuestionAnsweringInput,
  DocumentQuestionAnsweringInputData,
  DocumentQuestionAnsweringOutput,
} from "@huggingface/tasks";
import { documentQuestionAnswering as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { firstAnswer, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { isAnswer } from "../nlp/question-answering.js";
import { checkImageQuestion } from "./visual-question-answering.js";

export type DocumentQuestionAnsweringArgs = BaseArgs &
  DocumentQuestionAnsweringInput & {
    inputs: DocumentQuestionAnsweringInputData & { image: Blob | ArrayBuffer | ArrayBufferView };
  };
export type { DocumentQuestionAnsweringOutput };

export const DOCUMENT_QUESTION_ANSWERING: TaskDef = {
  task: "document-question-answering",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Answers a question about a document image (invoice, form...). The image is sent base64-encoded in
 * `inputs.image`.
 * Arguments: {@link DocumentQuestionAnsweringInput} and the routing fields of {@link BaseArgs}. Answer: {@link DocumentQuestionAnsweringOutput}.
 * @function
 * @example
 * const { answer } = await documentQuestionAnswering({ accessToken: "hf_...", model: "impira/layoutlm-document-qa",
 *   inputs: { question: "What is the invoice number?", image: invoiceBlob } });
 */
export const documentQuestionAnswering = /* @__PURE__ */ defineTask<
  DocumentQuestionAnsweringArgs,
  DocumentQuestionAnsweringOutput[number]
>(
  DOCUMENT_QUESTION_ANSWERING,
  (args) => checkImageQuestion(args),
  (v, _ctx, fail) =>
    firstAnswer<DocumentQuestionAnsweringOutput[number]>(
      v,
      isAnswer,
      "Array<{answer: string, score: number, start: number, end: number}>",
      fail,
    ),
);

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

/**
 * Arguments of {@link documentQuestionAnswering}: {@link DocumentQuestionAnsweringInput} from `@huggingface/tasks` with the image as
 * bytes, with the routing fields of {@link BaseArgs}.
 */
export type DocumentQuestionAnsweringArgs = BaseArgs &
  DocumentQuestionAnsweringInput & {
    /** The question and the document image ({@link DocumentQuestionAnsweringInputData}). */
    inputs: DocumentQuestionAnsweringInputData & {
      /** The document image bytes (a Blob, an ArrayBuffer or a typed array), sent base64-encoded. */
      image: Blob | ArrayBuffer | ArrayBufferView;
    };
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

import { defineTask } from "../define.js";
import type { TableQuestionAnsweringInput, TableQuestionAnsweringOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { tableQuestionAnswering as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { firstAnswer, isObject, optional, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters } from "./fill-mask.js";

/**
 * Arguments of {@link tableQuestionAnswering}: {@link TableQuestionAnsweringInput} from `@huggingface/tasks`,
 * with the routing fields of {@link BaseArgs}; `inputs.query` is accepted in place of `inputs.question`, as
 * the pipeline API and the `@huggingface/inference` README's own example use it.
 */
export type TableQuestionAnsweringArgs = BaseArgs &
  (
    | TableQuestionAnsweringInput
    | (Omit<TableQuestionAnsweringInput, "inputs"> & {
        /** The table and the question, the question named `query`. */
        inputs: Omit<TableQuestionAnsweringInput["inputs"], "question"> & {
          /** The question about the table. */
          query: string;
        };
      })
  );
export type { TableQuestionAnsweringOutput };

export const TABLE_QUESTION_ANSWERING: TaskDef = {
  task: "table-question-answering",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * A table as a record of equally long columns of cells (strings; numbers are taken too). Shared by the
 * tabular tasks.
 */
export function checkTable(table: unknown, field: string): void {
  if (!isObject(table) || Object.keys(table).length === 0) {
    throw new InferenceClientInputError(`${field} must be a non-empty object of columns: {column: string[]}`);
  }
  let rows: number | undefined;
  for (const [name, column] of Object.entries(table)) {
    if (!Array.isArray(column) || !column.every((c) => typeof c === "string" || typeof c === "number")) {
      throw new InferenceClientInputError(`${field}[${JSON.stringify(name)}] must be an array of strings`);
    }
    if (rows !== undefined && column.length !== rows) {
      throw new InferenceClientInputError(
        `${field}: every column must have the same length (${JSON.stringify(name)} has ${column.length}, expected ${rows})`,
      );
    }
    rows = column.length;
  }
}

function isTableAnswer(x: unknown): boolean {
  return (
    isObject(x) &&
    typeof x.answer === "string" &&
    optional(x.aggregator, (a) => typeof a === "string") &&
    optional(x.cells, (c) => Array.isArray(c) && c.every((s) => typeof s === "string")) &&
    optional(
      x.coordinates,
      (c) => Array.isArray(c) && c.every((xy) => Array.isArray(xy) && xy.every((n) => typeof n === "number")),
    )
  );
}

/**
 * Answers a question about a table.
 * Arguments: {@link TableQuestionAnsweringInput} and the routing fields of {@link BaseArgs}. Answer: {@link TableQuestionAnsweringOutput}.
 * @function
 * @example
 * const { answer } = await tableQuestionAnswering({ accessToken: "hf_...", model: "google/tapas-base-finetuned-wtq",
 *   inputs: { question: "How many stars does the transformers repository have?",
 *     table: { Repository: ["Transformers", "Datasets"], Stars: ["36542", "4512"] } } });
 */
export const tableQuestionAnswering = /* @__PURE__ */ defineTask<
  TableQuestionAnsweringArgs,
  TableQuestionAnsweringOutput[number]
>(
  TABLE_QUESTION_ANSWERING,
  (args) => {
    const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
    if (!isObject(inputs)) throw new InferenceClientInputError(`inputs must be {question: string, table: {...}}`);
    // `question` per the task spec; the older pipeline API calls it `query`: either is sent as given.
    if (typeof inputs.question !== "string" && typeof inputs.query !== "string") {
      throw new InferenceClientInputError(`inputs.question must be a string`);
    }
    checkTable(inputs.table, "inputs.table");
    checkParameters(args.parameters);
  },
  (v, _ctx, fail) =>
    firstAnswer<TableQuestionAnsweringOutput[number]>(
      v,
      isTableAnswer,
      "{answer: string, coordinates: number[][], cells: string[], aggregator: string}",
      fail,
    ),
);

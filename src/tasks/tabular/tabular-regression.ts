import { defineTask } from "../define.js";
import { InferenceClientInputError } from "../../errors.js";
import { tabularRegression as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters } from "../nlp/fill-mask.js";
import { checkTable } from "../nlp/table-question-answering.js";

/** Arguments of {@link tabularRegression}: the table as `inputs.data`, with the routing fields of {@link BaseArgs}. */
export type TabularRegressionArgs = BaseArgs & {
  /** The table to predict on. */
  inputs: {
    /** A table as a record of columns: header -> values, every column of the same length. */
    data: Record<string, string[]>;
  };
};
/** One predicted value per row. */
export type TabularRegressionOutput = number[];

export const TABULAR_REGRESSION: TaskDef = {
  task: "tabular-regression",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/** `inputs.data` must be a table of equally long columns. Shared by the tabular tasks. */
export function checkTabularArgs(args: unknown): void {
  const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
  if (!isObject(inputs)) throw new InferenceClientInputError(`inputs must be {data: {column: string[]}}`);
  checkTable(inputs.data, "inputs.data");
  checkParameters((args as { parameters?: unknown }).parameters);
}

export const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number");

/**
 * Predicts a value for each row of a table.
 * Arguments: {@link TabularRegressionArgs}. Answer: {@link TabularRegressionOutput}.
 * @function
 * @example
 * const weights = await tabularRegression({ accessToken: "hf_...", model: "scikit-learn/Fish-Weight",
 *   inputs: { data: { Height: ["11.52", "12.48"], Length1: ["23.2", "24"], Length2: ["25.4", "26.3"],
 *     Length3: ["30", "31.2"], Species: ["Bream", "Bream"], Width: ["4.02", "4.3056"] } } });
 */
export const tabularRegression = /* @__PURE__ */ defineTask<TabularRegressionArgs, TabularRegressionOutput>(
  TABULAR_REGRESSION,
  (args) => checkTabularArgs(args),
  (v, _ctx, fail) => {
    if (!isNumbers(v)) fail("Array<number>");
    return v;
  },
);

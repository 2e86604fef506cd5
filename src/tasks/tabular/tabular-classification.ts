import { defineTask } from "../define.js";
import { tabularClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTabularArgs } from "./tabular-regression.js";

/** Arguments of {@link tabularClassification}: the table as `inputs.data`, with the routing fields of {@link BaseArgs}. */
export type TabularClassificationArgs = BaseArgs & {
  /** The table to predict on. */
  inputs: {
    /** A table as a record of columns: header -> values, every column of the same length. */
    data: Record<string, string[]>;
  };
};
/**
 * One predicted label per row: a class index, or (from scikit-learn pipelines trained on named classes)
 * the class name as a string. Typed `number[]` as in `@huggingface/inference`.
 */
export type TabularClassificationOutput = number[];

export const TABULAR_CLASSIFICATION: TaskDef = {
  task: "tabular-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * Predicts a class for each row of a table.
 * Arguments: {@link TabularClassificationArgs}. Answer: {@link TabularClassificationOutput}.
 * @function
 * @example
 * const labels = await tabularClassification({ accessToken: "hf_...", model: "vvmnnnkv/wine-quality",
 *   inputs: { data: { fixed_acidity: ["7.4", "7.8"], volatile_acidity: ["0.7", "0.88"], alcohol: ["9.4", "9.8"] } } });
 */
export const tabularClassification = /* @__PURE__ */ defineTask<TabularClassificationArgs, TabularClassificationOutput>(
  TABULAR_CLASSIFICATION,
  (args) => checkTabularArgs(args),
  (v, _ctx, fail) => {
    // Pipelines trained on named classes answer the names (["setosa", ...]): taken as given.
    const labels = Array.isArray(v) && v.every((x) => typeof x === "number" || typeof x === "string");
    if (!labels) fail("Array<number | string>");
    return v as TabularClassificationOutput;
  },
);

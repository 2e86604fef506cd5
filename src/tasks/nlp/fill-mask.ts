import { defineTask } from "../define.js";
import type { FillMaskInput, FillMaskOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { fillMask as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, optional, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";

/** Arguments of {@link fillMask}: {@link FillMaskInput} from `@huggingface/tasks`, with the routing fields of {@link BaseArgs}. */
export type FillMaskArgs = BaseArgs & FillMaskInput;
export type { FillMaskOutput };

export const FILL_MASK: TaskDef = {
  task: "fill-mask",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * `inputs` must be a string (or, with `list`, an array of strings: tasks whose answer to a list of texts
 * the reference returns) and `parameters`, when given, an object. Shared by the text pipeline tasks.
 */
export function checkTextArgs(args: unknown, list = false): void {
  const a = args as { inputs?: unknown; parameters?: unknown } | undefined;
  if (!a || typeof a !== "object") throw new InferenceClientInputError(`The first argument must be an object`);
  const ok =
    typeof a.inputs === "string" ||
    (list && Array.isArray(a.inputs) && a.inputs.every((x: unknown) => typeof x === "string"));
  if (!ok) {
    const got = a.inputs === undefined ? "nothing" : Array.isArray(a.inputs) ? "an array" : typeof a.inputs;
    throw new InferenceClientInputError(`inputs must be a string${list ? " or an array of strings" : ""}, got ${got}`);
  }
  checkParameters(a.parameters);
}

/** `parameters`, when given, must be an object. */
export function checkParameters(parameters: unknown): void {
  if (parameters !== undefined && parameters !== null && !isObject(parameters)) {
    throw new InferenceClientInputError(
      `parameters must be an object, got ${Array.isArray(parameters) ? "an array" : typeof parameters}`,
    );
  }
}

/**
 * Fills the mask token of a text (`[MASK]`, `<mask>`... depending on the model) with the most likely tokens.
 * Arguments: {@link FillMaskInput} and the routing fields of {@link BaseArgs}. Answer: {@link FillMaskOutput}.
 * @function
 * @example
 * const out = await fillMask({ accessToken: "hf_...", model: "google-bert/bert-base-uncased", inputs: "The goal of life is [MASK]." });
 * out[0].token_str; // "happiness"
 */
export const fillMask = /* @__PURE__ */ defineTask<FillMaskArgs, FillMaskOutput>(
  FILL_MASK,
  (args) => checkTextArgs(args),
  (v, _ctx, fail) => {
    const ok =
      Array.isArray(v) &&
      v.every(
        (x) =>
          isObject(x) &&
          typeof x.score === "number" &&
          typeof x.sequence === "string" &&
          optional(x.token, "number") &&
          optional(x.token_str, "string"),
      );
    if (!ok) fail("Array<{score: number, sequence: string, token: number, token_str: string}>");
    return v as FillMaskOutput;
  },
);

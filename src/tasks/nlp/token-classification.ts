import { defineTask } from "../define.js";
import type { TokenClassificationInput, TokenClassificationOutput } from "@huggingface/tasks";
import { tokenClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, optional, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTextArgs } from "./fill-mask.js";

/** Arguments of {@link tokenClassification}: {@link TokenClassificationInput} from `@huggingface/tasks`, with the routing fields of {@link BaseArgs}. */
export type TokenClassificationArgs = BaseArgs & TokenClassificationInput;
export type { TokenClassificationOutput };

export const TOKEN_CLASSIFICATION: TaskDef = {
  task: "token-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/**
 * An entity: `word` and `score`, with `entity_group` (aggregated) or `entity` (per token); `start` and
 * `end` may be null with slow tokenizers.
 */
function isEntity(x: unknown): boolean {
  return (
    isObject(x) &&
    typeof x.word === "string" &&
    typeof x.score === "number" &&
    (typeof x.entity_group === "string" || typeof x.entity === "string") &&
    optional(x.start, "number") &&
    optional(x.end, "number")
  );
}

/**
 * Finds the entities of a text (named entity recognition, part-of-speech tagging...).
 * Arguments: {@link TokenClassificationInput} and the routing fields of {@link BaseArgs}. Answer: {@link TokenClassificationOutput}.
 * @function
 * @example
 * const entities = await tokenClassification({ accessToken: "hf_...", model: "dslim/bert-base-NER", inputs: "My name is Sarah Jessica Parker but you can call me Jessica" });
 * entities[0]; // { entity_group: "PER", score: 0.99, word: "Sarah Jessica Parker", start: 11, end: 31 }
 */
export const tokenClassification = /* @__PURE__ */ defineTask<TokenClassificationArgs, TokenClassificationOutput>(
  TOKEN_CLASSIFICATION,
  (args) => checkTextArgs(args),
  (v, _ctx, fail) => {
    if (!Array.isArray(v) || !v.every(isEntity)) {
      fail("Array<{entity_group: string, score: number, word: string, start: number, end: number}>");
    }
    return v as TokenClassificationOutput;
  },
);

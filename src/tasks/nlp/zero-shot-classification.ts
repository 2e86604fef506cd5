import { defineTask } from "../define.js";
import type { ZeroShotClassificationInput, ZeroShotClassificationOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { zeroShotClassification as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkParameters, checkTextArgs } from "./fill-mask.js";
import { isLabelScores } from "./text-classification.js";

/**
 * Arguments of {@link zeroShotClassification}: {@link ZeroShotClassificationInput} from `@huggingface/tasks`,
 * with the routing fields of {@link BaseArgs}; `inputs` may also be a list of texts, as the
 * `@huggingface/inference` README passes it.
 */
export type ZeroShotClassificationArgs = BaseArgs &
  (
    | ZeroShotClassificationInput
    | (Omit<ZeroShotClassificationInput, "inputs"> & {
        /** The texts to classify. */
        inputs: string[];
      })
  );
export type { ZeroShotClassificationOutput };

export const ZERO_SHOT_CLASSIFICATION: TaskDef = {
  task: "zero-shot-classification",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

/** `parameters.candidate_labels`: a non-empty array of strings (or one comma-separated string). */
export function checkCandidateLabels(parameters: unknown): void {
  const labels = isObject(parameters) ? parameters.candidate_labels : undefined;
  const ok =
    (typeof labels === "string" && labels.trim() !== "") ||
    (Array.isArray(labels) && labels.length > 0 && labels.every((l) => typeof l === "string"));
  if (!ok) throw new InferenceClientInputError(`parameters.candidate_labels must be a non-empty array of strings`);
}

/** The legacy answer `{sequence, labels: string[], scores: number[]}` as `[{label, score}]`. */
function fromLegacy(v: unknown): ZeroShotClassificationOutput | undefined {
  if (!isObject(v) || !Array.isArray(v.labels) || !Array.isArray(v.scores)) return undefined;
  const { labels, scores } = v as { labels: unknown[]; scores: unknown[] };
  if (labels.length !== scores.length) return undefined;
  if (!labels.every((l) => typeof l === "string") || !scores.every((s) => typeof s === "number")) return undefined;
  return labels.map((label, i) => ({ label: label as string, score: scores[i] as number }));
}

/**
 * Classifies a text into labels chosen at call time.
 * Arguments: {@link ZeroShotClassificationInput} and the routing fields of {@link BaseArgs}. Answer: {@link ZeroShotClassificationOutput}.
 * @function
 * @example
 * const out = await zeroShotClassification({ accessToken: "hf_...", model: "facebook/bart-large-mnli",
 *   inputs: "Hi, I recently bought a device from your company but it is not working as advertised",
 *   parameters: { candidate_labels: ["refund", "legal", "faq"] } });
 * out[0]; // { label: "refund", score: 0.88 }
 */
export const zeroShotClassification = /* @__PURE__ */ defineTask<
  ZeroShotClassificationArgs,
  ZeroShotClassificationOutput
>(
  ZERO_SHOT_CLASSIFICATION,
  (args) => {
    const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
    if (Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => typeof x === "string")) {
      checkParameters(args.parameters);
    } else checkTextArgs(args);
    checkCandidateLabels(args.parameters);
  },
  (v, _ctx, fail) => {
    // Current answer: [{label, score}]. Legacy answer: {sequence, labels, scores}, or a list of one.
    const legacy = fromLegacy(v) ?? (Array.isArray(v) && v.length === 1 ? fromLegacy(v[0]) : undefined);
    if (legacy) return legacy;
    if (!isLabelScores(v)) fail("Array<{label: string, score: number}>");
    return v as ZeroShotClassificationOutput;
  },
);

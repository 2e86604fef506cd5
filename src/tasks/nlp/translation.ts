import { defineTask } from "../define.js";
import type { TranslationInput, TranslationOutput } from "@huggingface/tasks";
import { translation as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs, Options } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTextArgs } from "./fill-mask.js";

/**
 * Arguments of {@link translation}: {@link TranslationInput} from `@huggingface/tasks` or
 * {@link TranslationListInput}, with the routing fields of {@link BaseArgs}.
 */
export type TranslationArgs = BaseArgs & (TranslationInput | TranslationListInput);
/** The list form of the translation input: several texts, answered with one translation each. */
export interface TranslationListInput {
  /** The texts to translate. */
  inputs: string[];
  /** The translation parameters, as in {@link TranslationInput} (`src_lang`, `tgt_lang`...). */
  parameters?: TranslationInput["parameters"];
  [property: string]: unknown;
}
export type { TranslationOutput };

export const TRANSLATION: TaskDef = {
  task: "translation",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

const isTranslation = (x: unknown) => isObject(x) && typeof x.translation_text === "string";

/**
 * Translates a text. Multilingual models take `parameters: {src_lang, tgt_lang}`.
 * Returns `{translation_text}`; a list of texts gives an array of them (one text: the object alone, as the
 * reference returns it).
 * Arguments: {@link TranslationInput} and the routing fields of {@link BaseArgs}. Answer: {@link TranslationOutput}.
 * @function
 * @example
 * const { translation_text } = await translation({ accessToken: "hf_...", model: "Helsinki-NLP/opus-mt-ru-en", inputs: "Меня зовут Вольфганг и я живу в Берлине" });
 */
export const translation: {
  (args: BaseArgs & TranslationInput, options?: Options): Promise<TranslationOutput>;
  (args: TranslationArgs, options?: Options): Promise<TranslationOutput | TranslationOutput[]>;
} = /* @__PURE__ */ defineTask<TranslationArgs, any>(
  TRANSLATION,
  (args) => checkTextArgs(args, true),
  (v, _ctx, fail) => {
    if (isTranslation(v)) return v as TranslationOutput;
    // An empty list (answer to an empty list of texts) is returned as is, as the reference does.
    if (!Array.isArray(v) || !v.every(isTranslation)) fail("Array<{translation_text: string}>");
    return (v.length === 1 ? v[0] : v) as TranslationOutput | TranslationOutput[];
  },
);

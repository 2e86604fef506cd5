import type { TranslationInput, TranslationOutput } from "@huggingface/tasks";
import { translation as hfInference } from "../../providers/hf-inference.js";
import type { BaseArgs, Options } from "../../types.js";
import { isObject, runTask, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";
import { checkTextArgs } from "./fill-mask.js";

export type TranslationArgs = BaseArgs & TranslationInput;
export type { TranslationOutput };

export const TRANSLATION: TaskDef = {
  task: "translation",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfInference },
};

const isTranslation = (x: unknown) => isObject(x) && typeof x.translation_text === "string";

/**
 * Translates a text. Multilingual models take `parameters: {src_lang, tgt_lang}`.
 * Returns `{translation_text}`, or an array of them when the model gives several.
 * @example
 * const { translation_text } = await translation({ accessToken: "hf_...", model: "Helsinki-NLP/opus-mt-ru-en", inputs: "Меня зовут Вольфганг и я живу в Берлине" });
 */
export async function translation(args: TranslationArgs, options?: Options): Promise<TranslationOutput> {
  checkTextArgs(args);
  return runTask(TRANSLATION, args, options, (v, _ctx, fail) => {
    if (isTranslation(v)) return v as TranslationOutput;
    if (!Array.isArray(v) || v.length === 0 || !v.every(isTranslation)) fail("Array<{translation_text: string}>");
    return (v.length === 1 ? v[0] : v) as TranslationOutput;
  });
}

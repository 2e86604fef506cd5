import { defineTask } from "../define.js";
import type { TextGenerationInput, TextGenerationOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { textGeneration as deepinfra } from "../../providers/deepinfra.js";
import { textGeneration as featherless } from "../../providers/featherless-ai.js";
import { textGeneration as groq } from "../../providers/groq.js";
import { textGeneration as hfInference } from "../../providers/hf-inference.js";
import { textGeneration as hyperbolic } from "../../providers/hyperbolic.js";
import { textGeneration as nebius } from "../../providers/nebius.js";
import { textGeneration as novita } from "../../providers/novita.js";
import { textGeneration as ovhcloud } from "../../providers/ovhcloud.js";
import { textGeneration as scaleway } from "../../providers/scaleway.js";
import { textGeneration as together } from "../../providers/together.js";
import type { BaseArgs, Options } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { runStream } from "../stream.js";
import { LLM_TIMEOUT } from "../timeouts.js";

export type { TextGenerationInput, TextGenerationOutput };
export type TextGenerationArgs = BaseArgs & TextGenerationInput;

export interface TextGenerationStreamToken {
  id: number;
  text: string;
  logprob: number;
  special: boolean;
}
export interface TextGenerationStreamPrefillToken {
  id: number;
  text: string;
  logprob?: number;
}
export type TextGenerationStreamFinishReason = "length" | "eos_token" | "stop_sequence" | (string & {});
export interface TextGenerationStreamBestOfSequence {
  generated_text: string;
  finish_reason: TextGenerationStreamFinishReason;
  generated_tokens: number;
  seed?: number;
  prefill: TextGenerationStreamPrefillToken[];
  tokens: TextGenerationStreamToken[];
}
export interface TextGenerationStreamDetails {
  finish_reason: TextGenerationStreamFinishReason;
  generated_tokens: number;
  seed?: number;
  prefill: TextGenerationStreamPrefillToken[];
  tokens: TextGenerationStreamToken[];
  best_of_sequences?: TextGenerationStreamBestOfSequence[];
}
/**
 * One streamed token. Whatever the provider streams (TGI token events or OpenAI completion chunks),
 * `token.text` is the new text and `generated_text` is the whole text on the last event. OpenAI
 * completion fields (`choices`, `id`, `usage`...) are kept when the provider sent them.
 */
export interface TextGenerationStreamOutput {
  index?: number;
  token: TextGenerationStreamToken;
  generated_text: string | null;
  details: TextGenerationStreamDetails | null;
  choices?: { index?: number; text: string; finish_reason?: string | null }[];
  [key: string]: unknown;
}

export const TEXT_GENERATION: TaskDef = {
  task: "text-generation",
  timeout: LLM_TIMEOUT,
  adapters: {
    deepinfra,
    "featherless-ai": featherless,
    groq,
    "hf-inference": hfInference,
    hyperbolic,
    nebius,
    novita,
    ovhcloud,
    scaleway,
    together,
  },
};

function checkInputs(args: TextGenerationArgs): void {
  if (!args || typeof (args as { inputs?: unknown }).inputs !== "string") {
    throw new InferenceClientInputError(
      `inputs must be a string (the prompt), got ${args ? typeof args.inputs : typeof args}`,
    );
  }
}

/**
 * Continues a prompt. Sent as an OpenAI completions request (or a one-message chat where the provider
 * only serves chat); TGI `parameters` are mapped (`max_new_tokens` to `max_tokens`, `stop_sequences` to `stop`).
 * Arguments: {@link TextGenerationInput} and the routing fields of {@link BaseArgs}. Answer: {@link TextGenerationOutput}.
 * @function
 * @example
 * const { generated_text } = await textGeneration({ accessToken: "hf_...", model: "mistralai/Mixtral-8x7B-v0.1", provider: "together", inputs: "The answer to the universe is" });
 */
export const textGeneration = /* @__PURE__ */ defineTask<TextGenerationArgs, TextGenerationOutput>(
  TEXT_GENERATION,
  (args) => checkInputs(args),
  (v, _ctx, fail) => {
    const first = Array.isArray(v) ? v[0] : v;
    if (!isObject(first) || typeof first.generated_text !== "string") fail("{generated_text: string}");
    return first as TextGenerationOutput;
  },
);

/**
 * Streams generated tokens.
 * Arguments: {@link TextGenerationInput} and the routing fields of {@link BaseArgs}. Yields: {@link TextGenerationStreamOutput}.
 * @example
 * for await (const out of textGenerationStream({ accessToken: "hf_...", model, provider: "together", inputs: "Once upon a time" })) {
 *   process.stdout.write(out.token.text);
 * }
 */
export function textGenerationStream(
  args: TextGenerationArgs,
  options?: Options,
): AsyncGenerator<TextGenerationStreamOutput, void, undefined> {
  let index = 0;
  let text = "";
  return runStream<TextGenerationStreamOutput>(
    TEXT_GENERATION,
    args,
    options,
    {
      push(chunk: TextGenerationStreamOutput) {
        const c = chunk;
        if (c && c.token && typeof c.token.text === "string") {
          text += c.token.text;
          if (c.index === undefined) c.index = index;
          index++;
          // TGI sends the full text on its last event; OpenAI-style streams do not, so it is filled in.
          if (c.details && c.generated_text == null) c.generated_text = text;
        }
        return [c];
      },
    },
    () => checkInputs(args),
  );
}

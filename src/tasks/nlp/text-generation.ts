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
/** Arguments of {@link textGeneration} and {@link textGenerationStream}: {@link TextGenerationInput} from `@huggingface/tasks`, with the routing fields of {@link BaseArgs}. */
export type TextGenerationArgs = BaseArgs & TextGenerationInput;

/** One generated token of a text generation stream. */
export interface TextGenerationStreamToken {
  /** The token's id in the model's vocabulary (0 when the provider streams OpenAI completion chunks). */
  id: number;
  /** The token's text. */
  text: string;
  /** The token's log-probability (0 when the provider does not send it). */
  logprob: number;
  /** Whether the token is a special token (such as end of sequence). */
  special: boolean;
}
/** One token of the prompt, as the server read it (TGI's `decoder_input_details`). */
export interface TextGenerationStreamPrefillToken {
  /** The token's id in the model's vocabulary. */
  id: number;
  /** The token's text. */
  text: string;
  /** The token's log-probability (absent for the first token). */
  logprob?: number;
}
/** Why generation stopped: the length limit, the end-of-sequence token, a stop sequence, or a provider's own reason. */
export type TextGenerationStreamFinishReason = "length" | "eos_token" | "stop_sequence" | (string & {});
/** One of the extra sequences generated with `best_of`, in the details of the last event. */
export interface TextGenerationStreamBestOfSequence {
  /** The sequence's whole generated text. */
  generated_text: string;
  /** Why this sequence stopped. */
  finish_reason: TextGenerationStreamFinishReason;
  /** How many tokens this sequence generated. */
  generated_tokens: number;
  /** The sampling seed, when sampling was used. */
  seed?: number;
  /** The prompt's tokens. */
  prefill: TextGenerationStreamPrefillToken[];
  /** The generated tokens. */
  tokens: TextGenerationStreamToken[];
}
/** What the last event of a text generation stream tells about the generation. */
export interface TextGenerationStreamDetails {
  /** Why generation stopped. */
  finish_reason: TextGenerationStreamFinishReason;
  /** How many tokens were generated (0 when the provider does not say). */
  generated_tokens: number;
  /** The sampling seed, when sampling was used and the provider reports it. */
  seed?: number;
  /** The prompt's tokens, when the server sends them (else empty). */
  prefill: TextGenerationStreamPrefillToken[];
  /** The generated tokens, when the server sends them (else empty). */
  tokens: TextGenerationStreamToken[];
  /** The extra sequences generated with `best_of`. */
  best_of_sequences?: TextGenerationStreamBestOfSequence[];
}
/**
 * One streamed token. Whatever the provider streams (TGI token events or OpenAI completion chunks),
 * `token.text` is the new text and `generated_text` is the whole text on the last event. OpenAI
 * completion fields (`choices`, `id`, `usage`...) are kept when the provider sent them.
 */
export interface TextGenerationStreamOutput {
  /** The event's position in the stream, from 0. */
  index?: number;
  /** The new token. */
  token: TextGenerationStreamToken;
  /** The whole generated text on the last event, else null. */
  generated_text: string | null;
  /** What the last event tells about the generation, else null. */
  details: TextGenerationStreamDetails | null;
  /** The OpenAI completion chunk's choices, when the provider streamed those. */
  choices?: {
    /** The choice's index. */
    index?: number;
    /** The new text of this choice. */
    text: string;
    /** Why this choice stopped, on its last chunk. */
    finish_reason?: string | null;
  }[];
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

import { defineTask } from "../define.js";
import type { ChatCompletionInput, ChatCompletionOutput, ChatCompletionStreamOutput } from "@huggingface/tasks";
import { InferenceClientInputError } from "../../errors.js";
import { chat as baseten } from "../../providers/baseten.js";
import { chat as cerebras } from "../../providers/cerebras.js";
import { chat as clarifai } from "../../providers/clarifai.js";
import { chat as cohere } from "../../providers/cohere.js";
import { chat as deepinfra } from "../../providers/deepinfra.js";
import { chat as featherless } from "../../providers/featherless-ai.js";
import { chat as fireworks } from "../../providers/fireworks-ai.js";
import { chat as groq } from "../../providers/groq.js";
import { chat as hfInference } from "../../providers/hf-inference.js";
import { chat as hyperbolic } from "../../providers/hyperbolic.js";
import { chat as nebius } from "../../providers/nebius.js";
import { chat as novita } from "../../providers/novita.js";
import { chat as nscale } from "../../providers/nscale.js";
import { chat as nvidia } from "../../providers/nvidia.js";
import { chat as openai } from "../../providers/openai.js";
import { chat as ovhcloud } from "../../providers/ovhcloud.js";
import { chat as publicai } from "../../providers/publicai.js";
import { chat as sambanova } from "../../providers/sambanova.js";
import { chat as scaleway } from "../../providers/scaleway.js";
import { chat as together } from "../../providers/together.js";
import { chat as zai } from "../../providers/zai-org.js";
import { autoChat } from "../../providers/auto.js";
import { chatNormaliser } from "./normalize-stream.js";
import type { BaseArgs, Options } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { runStream } from "../stream.js";
import { LLM_TIMEOUT } from "../timeouts.js";

/** Arguments of {@link chatCompletion} and {@link chatCompletionStream}: {@link ChatCompletionInput} from `@huggingface/tasks`, with the routing fields of {@link BaseArgs}. */
export type ChatCompletionArgs = BaseArgs & ChatCompletionInput;
export type { ChatCompletionInput, ChatCompletionOutput, ChatCompletionStreamOutput };

export const CHAT: TaskDef = {
  task: "conversational",
  timeout: LLM_TIMEOUT,
  autoChat,
  adapters: {
    baseten,
    cerebras,
    clarifai,
    cohere,
    deepinfra,
    "featherless-ai": featherless,
    "fireworks-ai": fireworks,
    groq,
    "hf-inference": hfInference,
    hyperbolic,
    nebius,
    novita,
    nscale,
    nvidia,
    openai,
    ovhcloud,
    publicai,
    sambanova,
    scaleway,
    together,
    "zai-org": zai,
  },
};

function checkMessages(args: ChatCompletionArgs): void {
  if (!args || !Array.isArray((args as { messages?: unknown }).messages)) {
    throw new InferenceClientInputError(
      `messages must be an array of {role, content} objects, got ${args ? typeof (args as { messages?: unknown }).messages : typeof args}`,
    );
  }
  for (const [i, m] of args.messages.entries()) {
    if (!isObject(m) || typeof m.role !== "string") {
      throw new InferenceClientInputError(`messages[${i}] must be an object with a string role`);
    }
  }
}

/**
 * Generates the next assistant message of a conversation (OpenAI chat completions shape).
 * Missing optional fields in the provider's answer (`usage`, `created`) are accepted.
 * Arguments: {@link ChatCompletionInput} and the routing fields of {@link BaseArgs}. Answer: {@link ChatCompletionOutput}.
 * @function
 * @example
 * const out = await chatCompletion({
 *   accessToken: "hf_...",
 *   model: "Qwen/Qwen3-32B",
 *   provider: "cerebras",
 *   messages: [{ role: "user", content: "Hello!" }],
 * });
 * console.log(out.choices[0].message.content);
 */
export const chatCompletion = /* @__PURE__ */ defineTask<ChatCompletionArgs, ChatCompletionOutput>(
  CHAT,
  (args) => checkMessages(args),
  (v, _ctx, fail) => {
    if (!isObject(v) || !Array.isArray(v.choices)) fail("a chat completion {choices: [...]}");
    return v as ChatCompletionOutput;
  },
);

/**
 * Streams the next assistant message as the provider's OpenAI `chat.completion.chunk` objects, as
 * `@huggingface/inference` yields them: reasoning (`<think>` text in `content`, `reasoning`,
 * `reasoning_content`), tool-call deltas and usage as sent. Pass `{ normalize: true }` for one chunk shape
 * across providers (see `ChatStreamOptions.normalize`). Breaking out of the loop cancels the request.
 * Arguments: {@link ChatCompletionInput} and the routing fields of {@link BaseArgs}. Yields: {@link ChatCompletionStreamOutput}.
 * @example
 * for await (const chunk of chatCompletionStream({ accessToken: "hf_...", model: "Qwen/Qwen3-32B", messages })) {
 *   process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
 * }
 */
export function chatCompletionStream(
  args: ChatCompletionArgs,
  options?: ChatStreamOptions,
): AsyncGenerator<ChatCompletionStreamOutput, void, undefined> {
  // One iterator from the socket to the caller (tasks/stream.ts): normalising is a pipe inside it, not another layer.
  return runStream<ChatCompletionStreamOutput>(
    CHAT,
    args,
    options,
    options?.normalize === true ? chatNormaliser() : undefined,
    () => checkMessages(args),
  );
}

/** Options of `chatCompletionStream`. */
export interface ChatStreamOptions extends Options {
  /**
   * One chunk shape whatever the provider sends: reasoning text in `delta.reasoning` (from `reasoning`,
   * `reasoning_content`, or `<think>` blocks, which are taken out of `content`), tool-call deltas in
   * OpenAI's shape (`index`, `type: "function"`, string `arguments`), and usage moved from a trailing
   * usage-only chunk onto the finishing chunk. Off by default: chunks are the provider's, untouched.
   * @default false
   */
  normalize?: boolean;
  /**
   * @deprecated Chunks are raw by default now; this option does nothing. Use `normalize: true` for the
   * normalised view.
   */
  rawChunks?: boolean;
}

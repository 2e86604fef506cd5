import {
  chatCompletion,
  chatCompletionStream,
  type ChatCompletionArgs,
  type ChatCompletionOutput,
  type ChatCompletionStreamOutput,
  type ChatStreamOptions,
} from "./tasks/nlp/chat-completion.js";
import {
  featureExtraction,
  sentenceSimilarity,
  type FeatureExtractionArgs,
  type FeatureExtractionOutput,
  type SentenceSimilarityArgs,
  type SentenceSimilarityOutput,
} from "./tasks/nlp/feature-extraction.js";
import {
  textGeneration,
  textGenerationStream,
  type TextGenerationArgs,
  type TextGenerationOutput,
  type TextGenerationStreamOutput,
} from "./tasks/nlp/text-generation.js";
import { request, streamingRequest } from "./tasks/custom/request.js";
import type { InferenceTask, Options, RequestArgs } from "./types.js";
import { chatCompletionsAlias, type ChatCompletions } from "./openai-alias.js";

export type ClientOptions = Options & { endpointUrl?: string };

/**
 * Holds a token and default options, and exposes every task as a method. Call arguments win over the
 * client's token and endpoint; call options win over the client's options.
 * @example
 * const client = new InferenceClient(process.env.HF_TOKEN);
 * const out = await client.chatCompletion({ model: "Qwen/Qwen3-32B", messages: [{ role: "user", content: "Hi" }] });
 */
export class InferenceClient {
  // Private fields are not enumerable and not shown by util.inspect: the token cannot leak through logging.
  readonly #accessToken: string;
  readonly #defaults: Options;
  readonly #endpointUrl: string | undefined;

  constructor(accessToken = "", defaultOptions: ClientOptions = {}) {
    const { endpointUrl, ...rest } = defaultOptions ?? {};
    this.#accessToken = accessToken ?? "";
    this.#defaults = rest;
    this.#endpointUrl = endpointUrl;
  }

  /**
   * The `openai` SDK's call shape: `client.chat.completions.create({ model, messages, stream })`.
   * @example
   * const res = await client.chat.completions.create({ model: "Qwen/Qwen3-32B", messages: [{ role: "user", content: "Hi" }] });
   */
  get chat(): { completions: ChatCompletions } {
    return chatCompletionsAlias((args, options) => [this.a(args), this.o(options)]);
  }

  /** A new client bound to an Inference Endpoint or local server URL. */
  endpoint(endpointUrl: string): InferenceClient {
    return new InferenceClient(this.#accessToken, { ...this.#defaults, endpointUrl });
  }

  /** @internal */
  protected a<T extends object>(args: T): T {
    const base: Record<string, unknown> = {};
    if (this.#endpointUrl !== undefined) base.endpointUrl = this.#endpointUrl;
    if (this.#accessToken) base.accessToken = this.#accessToken;
    return { ...base, ...args } as T;
  }

  /** @internal */
  protected o<T extends Options>(options: T | undefined): T {
    return (options ? { ...this.#defaults, ...options } : this.#defaults) as T;
  }

  chatCompletion(args: ChatCompletionArgs, options?: Options): Promise<ChatCompletionOutput> {
    return chatCompletion(this.a(args), this.o(options));
  }
  chatCompletionStream(
    args: ChatCompletionArgs,
    options?: ChatStreamOptions,
  ): AsyncGenerator<ChatCompletionStreamOutput> {
    return chatCompletionStream(this.a(args), this.o(options));
  }
  textGeneration(args: TextGenerationArgs, options?: Options): Promise<TextGenerationOutput> {
    return textGeneration(this.a(args), this.o(options));
  }
  textGenerationStream(args: TextGenerationArgs, options?: Options): AsyncGenerator<TextGenerationStreamOutput> {
    return textGenerationStream(this.a(args), this.o(options));
  }
  featureExtraction(args: FeatureExtractionArgs, options?: Options): Promise<FeatureExtractionOutput> {
    return featureExtraction(this.a(args), this.o(options));
  }
  sentenceSimilarity(args: SentenceSimilarityArgs, options?: Options): Promise<SentenceSimilarityOutput> {
    return sentenceSimilarity(this.a(args), this.o(options));
  }
  /** @deprecated Use a task method. */
  request<T>(args: RequestArgs, options?: Options & { task?: InferenceTask }): Promise<T> {
    return request<T>(this.a(args), this.o(options));
  }
  /** @deprecated Use `chatCompletionStream` or `textGenerationStream`. */
  streamingRequest<T>(args: RequestArgs, options?: Options & { task?: InferenceTask }): AsyncGenerator<T> {
    return streamingRequest<T>(this.a(args), this.o(options));
  }
}

/** @deprecated Use InferenceClient. */
export class HfInference extends InferenceClient {}
/** @deprecated Use InferenceClient. */
export class InferenceClientEndpoint extends InferenceClient {}

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
import {
  automaticSpeechRecognition,
  type AutomaticSpeechRecognitionArgs,
  type AutomaticSpeechRecognitionOutput,
} from "./tasks/audio/automatic-speech-recognition.js";
import { textToSpeech, type TextToSpeechArgs } from "./tasks/audio/text-to-speech.js";
import { textToAudio, type TextToAudioArgs } from "./tasks/audio/text-to-audio.js";
import { audioToAudio, type AudioToAudioArgs, type AudioToAudioOutput } from "./tasks/audio/audio-to-audio.js";
import {
  audioClassification,
  documentQuestionAnswering,
  fillMask,
  imageClassification,
  imageToText,
  objectDetection,
  questionAnswering,
  summarization,
  tableQuestionAnswering,
  tabularClassification,
  tabularRegression,
  textClassification,
  tokenClassification,
  translation,
  visualQuestionAnswering,
  zeroShotClassification,
  zeroShotImageClassification,
  type AudioClassificationArgs,
  type AudioClassificationOutput,
  type DocumentQuestionAnsweringArgs,
  type DocumentQuestionAnsweringOutput,
  type FillMaskArgs,
  type FillMaskOutput,
  type ImageClassificationArgs,
  type ImageClassificationOutput,
  type ImageToTextArgs,
  type ImageToTextOutput,
  type ObjectDetectionArgs,
  type ObjectDetectionOutput,
  type QuestionAnsweringArgs,
  type QuestionAnsweringOutput,
  type SummarizationArgs,
  type SummarizationOutput,
  type TableQuestionAnsweringArgs,
  type TableQuestionAnsweringOutput,
  type TabularClassificationArgs,
  type TabularClassificationOutput,
  type TabularRegressionArgs,
  type TabularRegressionOutput,
  type TextClassificationArgs,
  type TextClassificationOutput,
  type TokenClassificationArgs,
  type TokenClassificationOutput,
  type TranslationArgs,
  type TranslationOutput,
  type VisualQuestionAnsweringArgs,
  type VisualQuestionAnsweringOutput,
  type ZeroShotClassificationArgs,
  type ZeroShotClassificationOutput,
  type ZeroShotImageClassificationArgs,
  type ZeroShotImageClassificationOutput,
} from "./tasks/index.js";
import {
  imageSegmentation,
  imageTextToImage,
  imageTextToVideo,
  imageToImage,
  imageToVideo,
  textToImage,
  textToVideo,
  type ImageSegmentationArgs,
  type ImageSegmentationOutput,
  type ImageTextToImageArgs,
  type ImageTextToVideoArgs,
  type ImageToImageArgs,
  type ImageToVideoArgs,
  type TextToImageArgs,
  type TextToImageOptions,
  type TextToVideoArgs,
  type TextToVideoOutput,
} from "./tasks/index.js";
import type { TranslationInput } from "@huggingface/tasks";
import type { BaseArgs, InferenceTask, LimitOptions, Options, RequestArgs } from "./types.js";
import { createLimiter } from "./limits/limiter.js";
import { chatCompletionsAlias, type ChatCompletions } from "./openai-alias.js";
import { checkEndpointUrl, checkOptions } from "./options-check.js";
import { proxyCall } from "./tasks/proxy.js";
import { observe } from "./meta.js";
import type { Observed } from "./tasks/run.js";
import { getModel, listModels, type CatalogOptions, type RouterModel } from "./catalog.js";
import {
  bulkIter,
  bulkMap,
  type BulkArgs,
  type BulkCallOptions,
  type BulkClient,
  type BulkItem,
  type BulkIterOptions,
  type BulkOptions,
  type BulkResult,
  type BulkTaskName,
  type BulkValue,
} from "./bulk.js";

export type ClientOptions = Options & LimitOptions & { endpointUrl?: string };

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
  #chat: { completions: ChatCompletions } | undefined;

  /** Bad options (a wrong type, a header that cannot be sent, an endpoint URL with a password) throw `InferenceClientInputError` here. */
  constructor(accessToken = "", defaultOptions: ClientOptions = {}) {
    checkOptions(defaultOptions);
    const { endpointUrl, limits, circuit, onCircuit, limitStore, ...rest } = defaultOptions ?? {};
    checkEndpointUrl(endpointUrl);
    this.#accessToken = accessToken ?? "";
    this.#defaults = rest;
    // Client-wide limits: one limiter shared by every call of this client (and of its `endpoint` clients).
    const limiter =
      (rest as { limiter?: unknown }).limiter ??
      (limits || circuit || onCircuit || limitStore
        ? createLimiter({ limits, circuit, onCircuit, limitStore })
        : undefined);
    if (limiter) (rest as { limiter?: unknown }).limiter = limiter;
    this.#endpointUrl = endpointUrl;
  }

  /**
   * The `openai` SDK's call shape: `client.chat.completions.create({ model, messages, stream })`.
   * @example
   * const res = await client.chat.completions.create({ model: "Qwen/Qwen3-32B", messages: [{ role: "user", content: "Hi" }] });
   */
  get chat(): { completions: ChatCompletions } {
    return (this.#chat ??= chatCompletionsAlias((args, options) => [this.a(args), this.o(options)]));
  }

  /**
   * The router's catalog (`/v1/models`): models with their providers, prices (USD per 1M tokens), context
   * length and speed, fetched with this client's token and options, cached for 5 minutes.
   * @example
   * const model = await client.models.get("Qwen/Qwen3-32B");
   */
  get models(): {
    list(options?: CatalogOptions): Promise<RouterModel[]>;
    get(id: string, options?: CatalogOptions): Promise<RouterModel>;
  } {
    const o = (options?: CatalogOptions): CatalogOptions => ({
      ...this.#defaults,
      ...(this.#accessToken ? { accessToken: this.#accessToken } : {}),
      ...options,
    });
    return { list: (options) => listModels(o(options)), get: (id, options) => getModel(id, o(options)) };
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
    let merged = (options ? { ...this.#defaults, ...options } : this.#defaults) as T;
    // The client passes hooks given to it or to a call through `observe()` itself: only the standalone task
    // functions, which a bundler can take one by one, ask their caller to do it.
    if ((merged.onResponse || merged.onError || merged.meter || merged.prices) && !(merged as Observed).observe) {
      merged = observe(merged);
    }
    // A proxied call carries its runner (tasks/run.ts reads it); a direct call carries nothing more.
    return merged.proxyUrl ? { ...merged, viaProxy: proxyCall } : merged;
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
  fillMask(args: FillMaskArgs, options?: Options): Promise<FillMaskOutput> {
    return fillMask(this.a(args), this.o(options));
  }
  summarization(args: SummarizationArgs, options?: Options): Promise<SummarizationOutput> {
    return summarization(this.a(args), this.o(options));
  }
  questionAnswering(args: QuestionAnsweringArgs, options?: Options): Promise<QuestionAnsweringOutput[number]> {
    return questionAnswering(this.a(args), this.o(options));
  }
  tableQuestionAnswering(
    args: TableQuestionAnsweringArgs,
    options?: Options,
  ): Promise<TableQuestionAnsweringOutput[number]> {
    return tableQuestionAnswering(this.a(args), this.o(options));
  }
  textClassification(args: TextClassificationArgs, options?: Options): Promise<TextClassificationOutput> {
    return textClassification(this.a(args), this.o(options));
  }
  tokenClassification(args: TokenClassificationArgs, options?: Options): Promise<TokenClassificationOutput> {
    return tokenClassification(this.a(args), this.o(options));
  }
  translation(args: BaseArgs & TranslationInput, options?: Options): Promise<TranslationOutput>;
  translation(args: TranslationArgs, options?: Options): Promise<TranslationOutput | TranslationOutput[]>;
  translation(args: TranslationArgs, options?: Options): Promise<TranslationOutput | TranslationOutput[]> {
    return translation(this.a(args), this.o(options));
  }
  zeroShotClassification(args: ZeroShotClassificationArgs, options?: Options): Promise<ZeroShotClassificationOutput> {
    return zeroShotClassification(this.a(args), this.o(options));
  }
  audioClassification(args: AudioClassificationArgs, options?: Options): Promise<AudioClassificationOutput> {
    return audioClassification(this.a(args), this.o(options));
  }
  automaticSpeechRecognition(
    args: AutomaticSpeechRecognitionArgs,
    options?: Options,
  ): Promise<AutomaticSpeechRecognitionOutput> {
    return automaticSpeechRecognition(this.a(args), this.o(options));
  }
  textToSpeech(args: TextToSpeechArgs, options?: Options): Promise<Blob> {
    return textToSpeech(this.a(args), this.o(options));
  }
  textToAudio(args: TextToAudioArgs, options?: Options): Promise<Blob> {
    return textToAudio(this.a(args), this.o(options));
  }
  audioToAudio(args: AudioToAudioArgs, options?: Options): Promise<AudioToAudioOutput[]> {
    return audioToAudio(this.a(args), this.o(options));
  }
  imageClassification(args: ImageClassificationArgs, options?: Options): Promise<ImageClassificationOutput> {
    return imageClassification(this.a(args), this.o(options));
  }
  objectDetection(args: ObjectDetectionArgs, options?: Options): Promise<ObjectDetectionOutput> {
    return objectDetection(this.a(args), this.o(options));
  }
  zeroShotImageClassification(
    args: ZeroShotImageClassificationArgs,
    options?: Options,
  ): Promise<ZeroShotImageClassificationOutput> {
    return zeroShotImageClassification(this.a(args), this.o(options));
  }
  imageToText(args: ImageToTextArgs, options?: Options): Promise<ImageToTextOutput> {
    return imageToText(this.a(args), this.o(options));
  }
  visualQuestionAnswering(
    args: VisualQuestionAnsweringArgs,
    options?: Options,
  ): Promise<VisualQuestionAnsweringOutput[number]> {
    return visualQuestionAnswering(this.a(args), this.o(options));
  }
  documentQuestionAnswering(
    args: DocumentQuestionAnsweringArgs,
    options?: Options,
  ): Promise<DocumentQuestionAnsweringOutput[number]> {
    return documentQuestionAnswering(this.a(args), this.o(options));
  }
  tabularRegression(args: TabularRegressionArgs, options?: Options): Promise<TabularRegressionOutput> {
    return tabularRegression(this.a(args), this.o(options));
  }
  tabularClassification(args: TabularClassificationArgs, options?: Options): Promise<TabularClassificationOutput> {
    return tabularClassification(this.a(args), this.o(options));
  }
  /** A `Blob` by default; `outputType` "url" or "dataUrl" gives a string, "json" the provider's answer. */
  textToImage(args: TextToImageArgs, options?: TextToImageOptions & { outputType?: undefined | "blob" }): Promise<Blob>;
  textToImage(args: TextToImageArgs, options: TextToImageOptions & { outputType: "url" }): Promise<string>;
  textToImage(args: TextToImageArgs, options: TextToImageOptions & { outputType: "dataUrl" }): Promise<string>;
  textToImage(
    args: TextToImageArgs,
    options: TextToImageOptions & { outputType: "json" },
  ): Promise<Record<string, unknown>>;
  textToImage(args: TextToImageArgs, options?: TextToImageOptions): Promise<Blob | string | Record<string, unknown>>;
  textToImage(args: TextToImageArgs, options?: TextToImageOptions): Promise<Blob | string | Record<string, unknown>> {
    return (
      textToImage as (a: TextToImageArgs, o?: TextToImageOptions) => Promise<Blob | string | Record<string, unknown>>
    )(this.a(args), this.o(options));
  }
  imageToImage(args: ImageToImageArgs, options?: Options): Promise<Blob> {
    return imageToImage(this.a(args), this.o(options));
  }
  imageTextToImage(args: ImageTextToImageArgs, options?: Options): Promise<Blob> {
    return imageTextToImage(this.a(args), this.o(options));
  }
  textToVideo(args: TextToVideoArgs, options?: Options): Promise<TextToVideoOutput> {
    return textToVideo(this.a(args), this.o(options));
  }
  imageToVideo(args: ImageToVideoArgs, options?: Options): Promise<Blob> {
    return imageToVideo(this.a(args), this.o(options));
  }
  imageTextToVideo(args: ImageTextToVideoArgs, options?: Options): Promise<Blob> {
    return imageTextToVideo(this.a(args), this.o(options));
  }
  imageSegmentation(args: ImageSegmentationArgs, options?: Options): Promise<ImageSegmentationOutput> {
    return imageSegmentation(this.a(args), this.o(options));
  }
  /**
   * Runs one task over many inputs (see "Bulk work" in the README): at most `concurrency` calls in flight,
   * `batchSize` inputs per call where the provider takes lists, one `{ value }` or `{ error }` per input in
   * input order. Resolves even when items fail or `signal` aborts (unfinished items get the abort error).
   * @example
   * const out = await client.map("featureExtraction", texts.map((inputs) => ({ model, inputs })), { batchSize: 32 });
   */
  map<K extends BulkTaskName>(
    taskName: K,
    argsList: readonly BulkArgs<K>[],
    options?: BulkOptions<BulkCallOptions<K>>,
  ): Promise<BulkResult<BulkValue<K>>[]> {
    return bulkMap(this.#bulk(), taskName, argsList, options) as Promise<BulkResult<BulkValue<K>>[]>;
  }
  /**
   * `map` over an (async) iterable, for inputs that do not fit in memory: yields `{ index, value }` or
   * `{ index, error }` as items finish (in input order with `ordered: true`), reading at most
   * `concurrency * batchSize` items ahead of what it has yielded.
   */
  mapIter<K extends BulkTaskName>(
    taskName: K,
    args: AsyncIterable<BulkArgs<K>> | Iterable<BulkArgs<K>>,
    options?: BulkIterOptions<BulkCallOptions<K>>,
  ): AsyncGenerator<BulkItem<BulkValue<K>>> {
    return bulkIter(this.#bulk(), taskName, args, options) as AsyncGenerator<BulkItem<BulkValue<K>>>;
  }
  #bulk(): BulkClient {
    return {
      has: (name) => typeof (this as unknown as Record<string, unknown>)[name] === "function",
      call: (name, args, options) =>
        (this as unknown as Record<string, (a: unknown, o: unknown) => Promise<unknown>>)[name]!(args, options),
      prep: (args, options) => [this.a(args as Record<string, unknown>), this.o(options)],
    };
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

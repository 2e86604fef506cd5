/**
 * Return types against `@huggingface/inference` (the reference): each task called the way the reference's
 * README calls it (plus the other forms its types allow: every `outputType`, lists of texts, bytes as
 * `data`) must have the very type the reference gives the same call (`expectTypeOf<Ours>().toEqualTypeOf<Theirs>()`,
 * exact equality, not mere assignability). The calls sit in functions that are never run: `tsc` (part of
 * `npm run check`, which covers test/) checks them, and vitest runs the file so the assertions are counted.
 *
 * Deliberate differences, asserted on their own:
 * - `textToImage(args)` without options is `Promise<Blob>`, as it is at run time: the reference types that
 *   call `Promise<string>` (its first overload, for outputType "url", takes its options as optional).
 * - `translation` also takes a list of texts (`Promise<TranslationOutput | TranslationOutput[]>`), which the
 *   reference's types refuse though its runtime sends it and returns the array.
 * - `textToImage` with options whose `outputType` is known only at run time is accepted (any of the results);
 *   the reference's overloads refuse such a call.
 *
 * And the compatibility names of the reference that user code may import: `setLogger` and its `Logger` type,
 * the helper parameter types `HeaderParams`, `UrlParams` and `BodyParams`, and every value it exports.
 */
import type { TranslationOutput } from "@huggingface/tasks";
import * as referenceExports from "@huggingface/inference";
import {
  InferenceClient as ReferenceClient,
  type BodyParams as RefBodyParams,
  type HeaderParams as RefHeaderParams,
  type Logger as RefLogger,
  type UrlParams as RefUrlParams,
} from "@huggingface/inference";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as ourExports from "../src/index.js";
import {
  InferenceClient,
  setLogger,
  type BodyParams,
  type HeaderParams,
  type InferenceProviderMappingEntry,
  type Logger,
  type OutputType,
  type UrlParams,
} from "../src/index.js";
import { getLogger } from "../src/lib/logger.js";

const FLUX = "black-forest-labs/FLUX.1-dev";
const IMAGE = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" });
const IMAGE_BYTES = new ArrayBuffer(8);
const AUDIO_BYTES = new ArrayBuffer(8);

function referenceCalls(hf: ReferenceClient) {
  return {
    textToImageProvider: hf.textToImage({
      provider: "replicate",
      model: "black-forest-labs/Flux.1-dev",
      inputs: "A black forest cake",
    }),
    textToImageBlob: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "blob" }),
    textToImageUrl: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "url" }),
    textToImageDataUrl: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "dataUrl" }),
    textToImageJson: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "json" }),
    textToImageEmptyOptions: hf.textToImage({ model: FLUX, inputs: "a green bird" }, {}),
    textGeneration: hf.textGeneration({ model: "gpt2", inputs: "Hello, I'm a language model" }),
    textGenerationProvider: hf.textGeneration({
      model: "mistralai/Mixtral-8x7B-v0.1",
      provider: "together",
      inputs: "The answer to the universe is",
    }),
    textGenerationStream: hf.textGenerationStream({
      model: "mistralai/Mixtral-8x7B-v0.1",
      provider: "together",
      inputs: "repeat",
      parameters: { max_new_tokens: 250 },
    }),
    chatCompletion: hf.chatCompletion({
      model: "Qwen/Qwen3-32B",
      provider: "cerebras",
      messages: [{ role: "user", content: "Hello, nice to meet you!" }],
      max_tokens: 512,
      temperature: 0.1,
    }),
    chatCompletionStream: hf.chatCompletionStream({
      model: "Qwen/Qwen3-32B",
      provider: "cerebras",
      messages: [{ role: "user", content: "Can you help me solve an equation?" }],
      max_tokens: 512,
      temperature: 0.1,
    }),
    chatCompletionEndpoint: hf.chatCompletion({
      messages: [{ role: "user", content: "What is the capital of France?" }],
    }),
    chatCompletionRetryOff: hf.chatCompletion(
      { messages: [{ role: "user", content: "What is the capital of France?" }] },
      { retry_on_error: false },
    ),
    featureExtraction: hf.featureExtraction({
      model: "sentence-transformers/distilbert-base-nli-mean-tokens",
      inputs: "That is a happy person",
    }),
    featureExtractionList: hf.featureExtraction({
      model: "sentence-transformers/distilbert-base-nli-mean-tokens",
      inputs: ["a", "b"],
    }),
    fillMask: hf.fillMask({ model: "bert-base-uncased", inputs: "[MASK] world!" }),
    summarization: hf.summarization({
      model: "facebook/bart-large-cnn",
      inputs: "The tower is 324 metres tall.",
      parameters: { max_length: 100 },
    }),
    questionAnswering: hf.questionAnswering({
      model: "deepset/roberta-base-squad2",
      inputs: { question: "What is the capital of France?", context: "The capital of France is Paris." },
    }),
    tableQuestionAnswering: hf.tableQuestionAnswering({
      model: "google/tapas-base-finetuned-wtq",
      inputs: { question: "How many stars?", table: { Repository: ["Transformers"], Stars: ["36542"] } },
    }),
    textClassification: hf.textClassification({
      model: "distilbert-base-uncased-finetuned-sst-2-english",
      inputs: "I like you. I love you.",
    }),
    tokenClassification: hf.tokenClassification({
      model: "dbmdz/bert-large-cased-finetuned-conll03-english",
      inputs: "My name is Sarah Jessica Parker",
    }),
    translation: hf.translation({ model: "t5-base", inputs: "My name is Wolfgang and I live in Berlin" }),
    translationParameters: hf.translation({
      model: "facebook/mbart-large-50-many-to-many-mmt",
      inputs: "Hello",
      parameters: { src_lang: "en_XX", tgt_lang: "fr_XX" },
    }),
    zeroShotClassification: hf.zeroShotClassification({
      model: "facebook/bart-large-mnli",
      inputs: "I would like to get reimbursed!",
      parameters: { candidate_labels: ["refund", "legal", "faq"] },
    }),
    sentenceSimilarity: hf.sentenceSimilarity({
      model: "sentence-transformers/paraphrase-xlm-r-multilingual-v1",
      inputs: { source_sentence: "That is a happy person", sentences: ["That is a happy dog", "Today is a sunny day"] },
    }),
    automaticSpeechRecognition: hf.automaticSpeechRecognition({
      model: "facebook/wav2vec2-large-960h-lv60-self",
      data: AUDIO_BYTES,
    }),
    audioClassification: hf.audioClassification({ model: "superb/hubert-large-superb-er", data: AUDIO_BYTES }),
    textToSpeech: hf.textToSpeech({ model: "espnet/kan-bayashi_ljspeech_vits", inputs: "Hello world!" }),
    textToAudio: hf.textToAudio({ model: "facebook/musicgen-small", inputs: "a jazz tune" }),
    audioToAudio: hf.audioToAudio({ model: "speechbrain/sepformer-wham", data: AUDIO_BYTES }),
    imageClassification: hf.imageClassification({ data: IMAGE_BYTES, model: "google/vit-base-patch16-224" }),
    objectDetection: hf.objectDetection({ data: IMAGE_BYTES, model: "facebook/detr-resnet-50" }),
    imageSegmentation: hf.imageSegmentation({ inputs: IMAGE, model: "facebook/detr-resnet-50-panoptic" }),
    imageToText: hf.imageToText({ data: IMAGE_BYTES, model: "nlpconnect/vit-gpt2-image-captioning" }),
    imageToImage: hf.imageToImage({
      inputs: IMAGE,
      parameters: { prompt: "elmo's lecture" },
      model: "lllyasviel/sd-controlnet-depth",
    }),
    imageTextToImage: hf.imageTextToImage({
      model: "black-forest-labs/FLUX.1-Kontext-dev",
      provider: "fal-ai",
      inputs: IMAGE,
      parameters: { prompt: "make it snow" },
    }),
    textToVideo: hf.textToVideo({ model: "Wan-AI/Wan2.1-T2V-14B", provider: "fal-ai", inputs: "a fox running" }),
    imageToVideo: hf.imageToVideo({ model: "Wan-AI/Wan2.1-I2V-14B-720P", provider: "fal-ai", inputs: IMAGE }),
    imageTextToVideo: hf.imageTextToVideo({
      model: "MiniMaxAI/MiniMax-H3",
      provider: "novita",
      inputs: IMAGE,
      parameters: { prompt: "it moves" },
    }),
    zeroShotImageClassification: hf.zeroShotImageClassification({
      model: "openai/clip-vit-large-patch14-336",
      inputs: { image: IMAGE },
      parameters: { candidate_labels: ["cat", "dog"] },
    }),
    visualQuestionAnswering: hf.visualQuestionAnswering({
      model: "dandelin/vilt-b32-finetuned-vqa",
      inputs: { question: "How many cats are lying down?", image: IMAGE },
    }),
    documentQuestionAnswering: hf.documentQuestionAnswering({
      model: "impira/layoutlm-document-qa",
      inputs: { question: "Invoice number?", image: IMAGE },
    }),
    tabularRegression: hf.tabularRegression({
      model: "scikit-learn/Fish-Weight",
      inputs: { data: { Height: ["11.52", "12.48"], Species: ["Bream", "Bream"] } },
    }),
    tabularClassification: hf.tabularClassification({
      model: "vvmnnnkv/wine-quality",
      inputs: { data: { pH: ["3.51", "3.2"], alcohol: ["9.4", "9.8"] } },
    }),
    request: hf.request<{ answer: string }>({ model: "org/model", inputs: "x" }, { task: "text-classification" }),
    streamingRequest: hf.streamingRequest<{ token: string }>(
      { model: "org/model", inputs: "x" },
      { task: "text-generation" },
    ),
  };
}

function ourCalls(hf: InferenceClient) {
  return {
    textToImageProvider: hf.textToImage({
      provider: "replicate",
      model: "black-forest-labs/Flux.1-dev",
      inputs: "A black forest cake",
    }),
    textToImageBlob: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "blob" }),
    textToImageUrl: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "url" }),
    textToImageDataUrl: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "dataUrl" }),
    textToImageJson: hf.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType: "json" }),
    textToImageEmptyOptions: hf.textToImage({ model: FLUX, inputs: "a green bird" }, {}),
    textGeneration: hf.textGeneration({ model: "gpt2", inputs: "Hello, I'm a language model" }),
    textGenerationProvider: hf.textGeneration({
      model: "mistralai/Mixtral-8x7B-v0.1",
      provider: "together",
      inputs: "The answer to the universe is",
    }),
    textGenerationStream: hf.textGenerationStream({
      model: "mistralai/Mixtral-8x7B-v0.1",
      provider: "together",
      inputs: "repeat",
      parameters: { max_new_tokens: 250 },
    }),
    chatCompletion: hf.chatCompletion({
      model: "Qwen/Qwen3-32B",
      provider: "cerebras",
      messages: [{ role: "user", content: "Hello, nice to meet you!" }],
      max_tokens: 512,
      temperature: 0.1,
    }),
    chatCompletionStream: hf.chatCompletionStream({
      model: "Qwen/Qwen3-32B",
      provider: "cerebras",
      messages: [{ role: "user", content: "Can you help me solve an equation?" }],
      max_tokens: 512,
      temperature: 0.1,
    }),
    chatCompletionEndpoint: hf.chatCompletion({
      messages: [{ role: "user", content: "What is the capital of France?" }],
    }),
    chatCompletionRetryOff: hf.chatCompletion(
      { messages: [{ role: "user", content: "What is the capital of France?" }] },
      { retry_on_error: false },
    ),
    featureExtraction: hf.featureExtraction({
      model: "sentence-transformers/distilbert-base-nli-mean-tokens",
      inputs: "That is a happy person",
    }),
    featureExtractionList: hf.featureExtraction({
      model: "sentence-transformers/distilbert-base-nli-mean-tokens",
      inputs: ["a", "b"],
    }),
    fillMask: hf.fillMask({ model: "bert-base-uncased", inputs: "[MASK] world!" }),
    summarization: hf.summarization({
      model: "facebook/bart-large-cnn",
      inputs: "The tower is 324 metres tall.",
      parameters: { max_length: 100 },
    }),
    questionAnswering: hf.questionAnswering({
      model: "deepset/roberta-base-squad2",
      inputs: { question: "What is the capital of France?", context: "The capital of France is Paris." },
    }),
    tableQuestionAnswering: hf.tableQuestionAnswering({
      model: "google/tapas-base-finetuned-wtq",
      inputs: { question: "How many stars?", table: { Repository: ["Transformers"], Stars: ["36542"] } },
    }),
    textClassification: hf.textClassification({
      model: "distilbert-base-uncased-finetuned-sst-2-english",
      inputs: "I like you. I love you.",
    }),
    tokenClassification: hf.tokenClassification({
      model: "dbmdz/bert-large-cased-finetuned-conll03-english",
      inputs: "My name is Sarah Jessica Parker",
    }),
    translation: hf.translation({ model: "t5-base", inputs: "My name is Wolfgang and I live in Berlin" }),
    translationParameters: hf.translation({
      model: "facebook/mbart-large-50-many-to-many-mmt",
      inputs: "Hello",
      parameters: { src_lang: "en_XX", tgt_lang: "fr_XX" },
    }),
    zeroShotClassification: hf.zeroShotClassification({
      model: "facebook/bart-large-mnli",
      inputs: "I would like to get reimbursed!",
      parameters: { candidate_labels: ["refund", "legal", "faq"] },
    }),
    sentenceSimilarity: hf.sentenceSimilarity({
      model: "sentence-transformers/paraphrase-xlm-r-multilingual-v1",
      inputs: { source_sentence: "That is a happy person", sentences: ["That is a happy dog", "Today is a sunny day"] },
    }),
    automaticSpeechRecognition: hf.automaticSpeechRecognition({
      model: "facebook/wav2vec2-large-960h-lv60-self",
      data: AUDIO_BYTES,
    }),
    audioClassification: hf.audioClassification({ model: "superb/hubert-large-superb-er", data: AUDIO_BYTES }),
    textToSpeech: hf.textToSpeech({ model: "espnet/kan-bayashi_ljspeech_vits", inputs: "Hello world!" }),
    textToAudio: hf.textToAudio({ model: "facebook/musicgen-small", inputs: "a jazz tune" }),
    audioToAudio: hf.audioToAudio({ model: "speechbrain/sepformer-wham", data: AUDIO_BYTES }),
    imageClassification: hf.imageClassification({ data: IMAGE_BYTES, model: "google/vit-base-patch16-224" }),
    objectDetection: hf.objectDetection({ data: IMAGE_BYTES, model: "facebook/detr-resnet-50" }),
    imageSegmentation: hf.imageSegmentation({ inputs: IMAGE, model: "facebook/detr-resnet-50-panoptic" }),
    imageToText: hf.imageToText({ data: IMAGE_BYTES, model: "nlpconnect/vit-gpt2-image-captioning" }),
    imageToImage: hf.imageToImage({
      inputs: IMAGE,
      parameters: { prompt: "elmo's lecture" },
      model: "lllyasviel/sd-controlnet-depth",
    }),
    imageTextToImage: hf.imageTextToImage({
      model: "black-forest-labs/FLUX.1-Kontext-dev",
      provider: "fal-ai",
      inputs: IMAGE,
      parameters: { prompt: "make it snow" },
    }),
    textToVideo: hf.textToVideo({ model: "Wan-AI/Wan2.1-T2V-14B", provider: "fal-ai", inputs: "a fox running" }),
    imageToVideo: hf.imageToVideo({ model: "Wan-AI/Wan2.1-I2V-14B-720P", provider: "fal-ai", inputs: IMAGE }),
    imageTextToVideo: hf.imageTextToVideo({
      model: "MiniMaxAI/MiniMax-H3",
      provider: "novita",
      inputs: IMAGE,
      parameters: { prompt: "it moves" },
    }),
    zeroShotImageClassification: hf.zeroShotImageClassification({
      model: "openai/clip-vit-large-patch14-336",
      inputs: { image: IMAGE },
      parameters: { candidate_labels: ["cat", "dog"] },
    }),
    visualQuestionAnswering: hf.visualQuestionAnswering({
      model: "dandelin/vilt-b32-finetuned-vqa",
      inputs: { question: "How many cats are lying down?", image: IMAGE },
    }),
    documentQuestionAnswering: hf.documentQuestionAnswering({
      model: "impira/layoutlm-document-qa",
      inputs: { question: "Invoice number?", image: IMAGE },
    }),
    tabularRegression: hf.tabularRegression({
      model: "scikit-learn/Fish-Weight",
      inputs: { data: { Height: ["11.52", "12.48"], Species: ["Bream", "Bream"] } },
    }),
    tabularClassification: hf.tabularClassification({
      model: "vvmnnnkv/wine-quality",
      inputs: { data: { pH: ["3.51", "3.2"], alcohol: ["9.4", "9.8"] } },
    }),
    request: hf.request<{ answer: string }>({ model: "org/model", inputs: "x" }, { task: "text-classification" }),
    streamingRequest: hf.streamingRequest<{ token: string }>(
      { model: "org/model", inputs: "x" },
      { task: "text-generation" },
    ),
  };
}

type Theirs = ReturnType<typeof referenceCalls>;
type Ours = ReturnType<typeof ourCalls>;

describe("return types equal the reference's for the same call", () => {
  it("every README call and the other forms the reference's types allow", () => {
    expectTypeOf<Ours["textToImageBlob"]>().toEqualTypeOf<Theirs["textToImageBlob"]>();
    expectTypeOf<Ours["textToImageUrl"]>().toEqualTypeOf<Theirs["textToImageUrl"]>();
    expectTypeOf<Ours["textToImageDataUrl"]>().toEqualTypeOf<Theirs["textToImageDataUrl"]>();
    expectTypeOf<Ours["textToImageJson"]>().toEqualTypeOf<Theirs["textToImageJson"]>();
    expectTypeOf<Ours["textToImageEmptyOptions"]>().toEqualTypeOf<Theirs["textToImageEmptyOptions"]>();
    expectTypeOf<Ours["textGeneration"]>().toEqualTypeOf<Theirs["textGeneration"]>();
    expectTypeOf<Ours["textGenerationProvider"]>().toEqualTypeOf<Theirs["textGenerationProvider"]>();
    expectTypeOf<Ours["chatCompletion"]>().toEqualTypeOf<Theirs["chatCompletion"]>();
    expectTypeOf<Ours["chatCompletionStream"]>().toEqualTypeOf<Theirs["chatCompletionStream"]>();
    expectTypeOf<Ours["chatCompletionEndpoint"]>().toEqualTypeOf<Theirs["chatCompletionEndpoint"]>();
    expectTypeOf<Ours["chatCompletionRetryOff"]>().toEqualTypeOf<Theirs["chatCompletionRetryOff"]>();
    expectTypeOf<Ours["featureExtraction"]>().toEqualTypeOf<Theirs["featureExtraction"]>();
    expectTypeOf<Ours["featureExtractionList"]>().toEqualTypeOf<Theirs["featureExtractionList"]>();
    expectTypeOf<Ours["fillMask"]>().toEqualTypeOf<Theirs["fillMask"]>();
    expectTypeOf<Ours["summarization"]>().toEqualTypeOf<Theirs["summarization"]>();
    expectTypeOf<Ours["questionAnswering"]>().toEqualTypeOf<Theirs["questionAnswering"]>();
    expectTypeOf<Ours["tableQuestionAnswering"]>().toEqualTypeOf<Theirs["tableQuestionAnswering"]>();
    expectTypeOf<Ours["textClassification"]>().toEqualTypeOf<Theirs["textClassification"]>();
    expectTypeOf<Ours["tokenClassification"]>().toEqualTypeOf<Theirs["tokenClassification"]>();
    expectTypeOf<Ours["translation"]>().toEqualTypeOf<Theirs["translation"]>();
    expectTypeOf<Ours["translationParameters"]>().toEqualTypeOf<Theirs["translationParameters"]>();
    expectTypeOf<Ours["zeroShotClassification"]>().toEqualTypeOf<Theirs["zeroShotClassification"]>();
    expectTypeOf<Ours["sentenceSimilarity"]>().toEqualTypeOf<Theirs["sentenceSimilarity"]>();
    expectTypeOf<Ours["automaticSpeechRecognition"]>().toEqualTypeOf<Theirs["automaticSpeechRecognition"]>();
    expectTypeOf<Ours["audioClassification"]>().toEqualTypeOf<Theirs["audioClassification"]>();
    expectTypeOf<Ours["textToSpeech"]>().toEqualTypeOf<Theirs["textToSpeech"]>();
    expectTypeOf<Ours["textToAudio"]>().toEqualTypeOf<Theirs["textToAudio"]>();
    expectTypeOf<Ours["audioToAudio"]>().toEqualTypeOf<Theirs["audioToAudio"]>();
    expectTypeOf<Ours["imageClassification"]>().toEqualTypeOf<Theirs["imageClassification"]>();
    expectTypeOf<Ours["objectDetection"]>().toEqualTypeOf<Theirs["objectDetection"]>();
    expectTypeOf<Ours["imageSegmentation"]>().toEqualTypeOf<Theirs["imageSegmentation"]>();
    expectTypeOf<Ours["imageToText"]>().toEqualTypeOf<Theirs["imageToText"]>();
    expectTypeOf<Ours["imageToImage"]>().toEqualTypeOf<Theirs["imageToImage"]>();
    expectTypeOf<Ours["imageTextToImage"]>().toEqualTypeOf<Theirs["imageTextToImage"]>();
    expectTypeOf<Ours["textToVideo"]>().toEqualTypeOf<Theirs["textToVideo"]>();
    expectTypeOf<Ours["imageToVideo"]>().toEqualTypeOf<Theirs["imageToVideo"]>();
    expectTypeOf<Ours["imageTextToVideo"]>().toEqualTypeOf<Theirs["imageTextToVideo"]>();
    expectTypeOf<Ours["zeroShotImageClassification"]>().toEqualTypeOf<Theirs["zeroShotImageClassification"]>();
    expectTypeOf<Ours["visualQuestionAnswering"]>().toEqualTypeOf<Theirs["visualQuestionAnswering"]>();
    expectTypeOf<Ours["documentQuestionAnswering"]>().toEqualTypeOf<Theirs["documentQuestionAnswering"]>();
    expectTypeOf<Ours["tabularRegression"]>().toEqualTypeOf<Theirs["tabularRegression"]>();
    expectTypeOf<Ours["tabularClassification"]>().toEqualTypeOf<Theirs["tabularClassification"]>();
    expectTypeOf<Ours["request"]>().toEqualTypeOf<Theirs["request"]>();
    expectTypeOf<Ours["streamingRequest"]>().toEqualTypeOf<Theirs["streamingRequest"]>();
  });

  it("the two tables hold the same calls", () => {
    expectTypeOf<keyof Ours>().toEqualTypeOf<keyof Theirs>();
  });

  it("the two tables make the same calls with the same arguments (they differ only in the client's type)", () => {
    // tsc resolves overloads per client class, so the table is written once per client; run against a recorder,
    // both must call the same methods with equal arguments, in the same order.
    const record = () => {
      const calls: [string | symbol, unknown[]][] = [];
      const client = new Proxy(
        {},
        {
          get:
            (_, method) =>
            (...args: unknown[]) =>
              void calls.push([method, args]),
        },
      );
      return { calls, client };
    };
    const theirs = record();
    const ours = record();
    const theirKeys = Object.keys(referenceCalls(theirs.client as ReferenceClient));
    const ourKeys = Object.keys(ourCalls(ours.client as InferenceClient));
    expect(ourKeys).toEqual(theirKeys);
    expect(ours.calls.length).toBe(ourKeys.length);
    expect(ours.calls).toEqual(theirs.calls);
  });
});

describe("deliberate type differences", () => {
  it("textToImage without options is a Blob (the reference says string, and returns a Blob)", () => {
    const ours = (c: InferenceClient) => c.textToImage({ model: FLUX, inputs: "a green bird" });
    const theirs = (c: ReferenceClient) => c.textToImage({ model: FLUX, inputs: "a green bird" });
    expectTypeOf<ReturnType<typeof ours>>().toEqualTypeOf<Promise<Blob>>();
    expectTypeOf<ReturnType<typeof theirs>>().toEqualTypeOf<Promise<string>>();
    // The README's first example is such a call.
    expectTypeOf<Ours["textToImageProvider"]>().toEqualTypeOf<Promise<Blob>>();
    expectTypeOf<Theirs["textToImageProvider"]>().toEqualTypeOf<Promise<string>>();
    // With explicit "blob" or empty options, both already agree on Blob (see the table above).
    expectTypeOf<Ours["textToImageBlob"]>().toEqualTypeOf<Promise<Blob>>();
  });

  it("textGenerationStream chunks: the same fields, read the same way (ours also keeps OpenAI fields)", () => {
    // Ours widens the chunk (an index signature, `choices`, any finish reason a provider sends), so the
    // chunk types are not equal; what user code reads from them is.
    type OurChunk = Ours["textGenerationStream"] extends AsyncGenerator<infer C> ? C : never;
    type TheirChunk = Theirs["textGenerationStream"] extends AsyncGenerator<infer C> ? C : never;
    expectTypeOf<OurChunk["token"]>().toEqualTypeOf<TheirChunk["token"]>();
    expectTypeOf<OurChunk["generated_text"]>().toEqualTypeOf<TheirChunk["generated_text"]>();
    expectTypeOf<OurChunk["index"]>().toEqualTypeOf<TheirChunk["index"]>();
    expectTypeOf<NonNullable<OurChunk["details"]>["generated_tokens"]>().toEqualTypeOf<
      NonNullable<TheirChunk["details"]>["generated_tokens"]
    >();
    // Every finish reason the reference names is one of ours.
    expectTypeOf<NonNullable<TheirChunk["details"]>["finish_reason"]>().toMatchTypeOf<
      NonNullable<OurChunk["details"]>["finish_reason"]
    >();
  });

  it("translation of a list of texts gives one translation per text", () => {
    const ours = (c: InferenceClient) => c.translation({ model: "t5-base", inputs: ["Hello", "Goodbye"] });
    expectTypeOf<ReturnType<typeof ours>>().toEqualTypeOf<Promise<TranslationOutput | TranslationOutput[]>>();
    // One text: the reference's type exactly.
    expectTypeOf<Ours["translation"]>().toEqualTypeOf<Promise<TranslationOutput>>();
  });

  it("textToImage with an outputType known at run time gives any of the results", () => {
    const ours = (c: InferenceClient, outputType: OutputType) =>
      c.textToImage({ model: FLUX, inputs: "a green bird" }, { outputType });
    expectTypeOf<ReturnType<typeof ours>>().toEqualTypeOf<Promise<Blob | string | Record<string, unknown>>>();
  });
});

describe("compatibility exports", () => {
  it("setLogger takes console or any Logger, stores it, and returns nothing", () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m) => lines.push(m),
      info: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      error: (m) => lines.push(m),
      log: (m) => lines.push(m),
    };
    expect(setLogger(logger)).toBeUndefined();
    expect(getLogger()).toBe(logger);
    setLogger(console);
    expect(getLogger()).toBe(console);
    expect(lines).toEqual([]);
    expectTypeOf(setLogger).parameter(0).toEqualTypeOf<Logger>();
  });

  it("the helper parameter types match the reference's", () => {
    expectTypeOf<Logger>().toEqualTypeOf<RefLogger>();
    expectTypeOf<HeaderParams>().toEqualTypeOf<RefHeaderParams>();
    expectTypeOf<UrlParams["model"]>().toEqualTypeOf<RefUrlParams["model"]>();
    expectTypeOf<UrlParams["authMethod"]>().toEqualTypeOf<RefUrlParams["authMethod"]>();
    expectTypeOf<BodyParams["args"]>().toEqualTypeOf<RefBodyParams["args"]>();
    expectTypeOf<BodyParams["mapping"]>().toEqualTypeOf<InferenceProviderMappingEntry | undefined>();
    // Type-level checks: `npm run check` type-checks the tests, and a mismatch above or below fails it.
    const h: HeaderParams = { accessToken: "hf_x", authMethod: "hf-token" };
    const u: UrlParams = { authMethod: "provider-key", model: "m", task: "text-to-image" };
    const b: BodyParams<{ inputs: string }> = { args: { inputs: "x" }, model: "m", outputType: "blob" };
    void [h, u, b];
  });

  it("every value the reference exports is exported here, except its helper registry and snippets", () => {
    const absent = new Set([
      "PROVIDERS",
      "getProviderHelper",
      "makeRequestOptions",
      "makeRequestOptionsFromResolvedModel",
      "snippets",
    ]);
    const missing = Object.keys(referenceExports).filter((k) => !absent.has(k) && !(k in ourExports));
    expect(missing).toEqual([]);
  });
});

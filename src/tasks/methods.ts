/**
 * The task methods of `InferenceClient`, as types (the class installs them from the list of tasks/list.ts):
 * each is its standalone task function, called with the client's token, endpoint and default options under
 * the call's own. Each method's documentation is its function's.
 */
import type {
  audioClassification,
  audioToAudio,
  automaticSpeechRecognition,
  chatCompletion,
  documentQuestionAnswering,
  featureExtraction,
  fillMask,
  imageClassification,
  imageSegmentation,
  imageTextToImage,
  imageTextToVideo,
  imageToImage,
  imageToText,
  imageToVideo,
  objectDetection,
  questionAnswering,
  sentenceSimilarity,
  summarization,
  tableQuestionAnswering,
  tabularClassification,
  tabularRegression,
  textClassification,
  textGeneration,
  textToAudio,
  textToImage,
  textToSpeech,
  textToVideo,
  tokenClassification,
  translation,
  visualQuestionAnswering,
  zeroShotClassification,
  zeroShotImageClassification,
  ChatCompletionArgs,
  ChatCompletionStreamOutput,
  ChatStreamOptions,
  TextGenerationArgs,
  TextGenerationStreamOutput,
} from "./index.js";
import type { Options } from "../types.js";

/** The task methods of `InferenceClient`, one per task of the task list (src/tasks/list.ts), each with its options. */
export interface TaskMethods {
  /** {@inheritDoc chatCompletion} */
  chatCompletion: typeof chatCompletion;
  /** {@inheritDoc chatCompletionStream} */
  chatCompletionStream(
    args: ChatCompletionArgs,
    options?: ChatStreamOptions,
  ): AsyncGenerator<ChatCompletionStreamOutput>;
  /** {@inheritDoc textGeneration} */
  textGeneration: typeof textGeneration;
  /** {@inheritDoc textGenerationStream} */
  textGenerationStream(args: TextGenerationArgs, options?: Options): AsyncGenerator<TextGenerationStreamOutput>;
  /** {@inheritDoc featureExtraction} */
  featureExtraction: typeof featureExtraction;
  /** {@inheritDoc sentenceSimilarity} */
  sentenceSimilarity: typeof sentenceSimilarity;
  /** {@inheritDoc fillMask} */
  fillMask: typeof fillMask;
  /** {@inheritDoc summarization} */
  summarization: typeof summarization;
  /** {@inheritDoc questionAnswering} */
  questionAnswering: typeof questionAnswering;
  /** {@inheritDoc tableQuestionAnswering} */
  tableQuestionAnswering: typeof tableQuestionAnswering;
  /** {@inheritDoc textClassification} */
  textClassification: typeof textClassification;
  /** {@inheritDoc tokenClassification} */
  tokenClassification: typeof tokenClassification;
  /** {@inheritDoc translation} */
  translation: typeof translation;
  /** {@inheritDoc zeroShotClassification} */
  zeroShotClassification: typeof zeroShotClassification;
  /** {@inheritDoc audioClassification} */
  audioClassification: typeof audioClassification;
  /** {@inheritDoc automaticSpeechRecognition} */
  automaticSpeechRecognition: typeof automaticSpeechRecognition;
  /** {@inheritDoc textToSpeech} */
  textToSpeech: typeof textToSpeech;
  /** {@inheritDoc textToAudio} */
  textToAudio: typeof textToAudio;
  /** {@inheritDoc audioToAudio} */
  audioToAudio: typeof audioToAudio;
  /** {@inheritDoc imageClassification} */
  imageClassification: typeof imageClassification;
  /** {@inheritDoc objectDetection} */
  objectDetection: typeof objectDetection;
  /** {@inheritDoc zeroShotImageClassification} */
  zeroShotImageClassification: typeof zeroShotImageClassification;
  /** {@inheritDoc imageToText} */
  imageToText: typeof imageToText;
  /** {@inheritDoc visualQuestionAnswering} */
  visualQuestionAnswering: typeof visualQuestionAnswering;
  /** {@inheritDoc documentQuestionAnswering} */
  documentQuestionAnswering: typeof documentQuestionAnswering;
  /** {@inheritDoc tabularRegression} */
  tabularRegression: typeof tabularRegression;
  /** {@inheritDoc tabularClassification} */
  tabularClassification: typeof tabularClassification;
  /** {@inheritDoc textToImage} */
  textToImage: typeof textToImage;
  /** {@inheritDoc imageToImage} */
  imageToImage: typeof imageToImage;
  /** {@inheritDoc imageTextToImage} */
  imageTextToImage: typeof imageTextToImage;
  /** {@inheritDoc textToVideo} */
  textToVideo: typeof textToVideo;
  /** {@inheritDoc imageToVideo} */
  imageToVideo: typeof imageToVideo;
  /** {@inheritDoc imageTextToVideo} */
  imageTextToVideo: typeof imageTextToVideo;
  /** {@inheritDoc imageSegmentation} */
  imageSegmentation: typeof imageSegmentation;
}

/** The tasks the proxy handler can run: client method name -> pipeline task, task function, streaming. */
import {
  chatCompletion,
  chatCompletionStream,
  textGeneration,
  textGenerationStream,
  featureExtraction,
  sentenceSimilarity,
  fillMask,
  summarization,
  questionAnswering,
  tableQuestionAnswering,
  textClassification,
  tokenClassification,
  translation,
  zeroShotClassification,
  audioClassification,
  automaticSpeechRecognition,
  textToSpeech,
  textToAudio,
  audioToAudio,
  imageClassification,
  objectDetection,
  zeroShotImageClassification,
  imageToText,
  visualQuestionAnswering,
  documentQuestionAnswering,
  tabularRegression,
  tabularClassification,
  textToImage,
  imageToImage,
  imageTextToImage,
  textToVideo,
  imageToVideo,
  imageTextToVideo,
  imageSegmentation,
} from "../tasks/index.js";

/** A task the proxy handler can run (`SERVER_TASKS`). */
export interface ServerTask {
  /** The client method name, e.g. `chatCompletion`. */
  method: string;
  /** The pipeline task, e.g. `conversational`. */
  task: string;
  /** Whether it answers a stream (the `...Stream` methods). */
  stream: boolean;
  /** Runs the task function with the checked arguments and options. */
  run: (args: any, options: any) => any;
}

// Names written out: function names do not survive minification.
const TABLE: [method: string, run: (args: any, options: any) => any, task: string, stream?: true][] = [
  ["chatCompletion", chatCompletion, "conversational"],
  ["chatCompletionStream", chatCompletionStream, "conversational", true],
  ["textGeneration", textGeneration, "text-generation"],
  ["textGenerationStream", textGenerationStream, "text-generation", true],
  ["featureExtraction", featureExtraction, "feature-extraction"],
  ["sentenceSimilarity", sentenceSimilarity, "sentence-similarity"],
  ["fillMask", fillMask, "fill-mask"],
  ["summarization", summarization, "summarization"],
  ["questionAnswering", questionAnswering, "question-answering"],
  ["tableQuestionAnswering", tableQuestionAnswering, "table-question-answering"],
  ["textClassification", textClassification, "text-classification"],
  ["tokenClassification", tokenClassification, "token-classification"],
  ["translation", translation, "translation"],
  ["zeroShotClassification", zeroShotClassification, "zero-shot-classification"],
  ["audioClassification", audioClassification, "audio-classification"],
  ["automaticSpeechRecognition", automaticSpeechRecognition, "automatic-speech-recognition"],
  ["textToSpeech", textToSpeech, "text-to-speech"],
  ["textToAudio", textToAudio, "text-to-audio"],
  ["audioToAudio", audioToAudio, "audio-to-audio"],
  ["imageClassification", imageClassification, "image-classification"],
  ["objectDetection", objectDetection, "object-detection"],
  ["zeroShotImageClassification", zeroShotImageClassification, "zero-shot-image-classification"],
  ["imageToText", imageToText, "image-to-text"],
  ["visualQuestionAnswering", visualQuestionAnswering, "visual-question-answering"],
  ["documentQuestionAnswering", documentQuestionAnswering, "document-question-answering"],
  ["tabularRegression", tabularRegression, "tabular-regression"],
  ["tabularClassification", tabularClassification, "tabular-classification"],
  ["textToImage", textToImage, "text-to-image"],
  ["imageToImage", imageToImage, "image-to-image"],
  ["imageTextToImage", imageTextToImage, "image-text-to-image"],
  ["textToVideo", textToVideo, "text-to-video"],
  ["imageToVideo", imageToVideo, "image-to-video"],
  ["imageTextToVideo", imageTextToVideo, "image-text-to-video"],
  ["imageSegmentation", imageSegmentation, "image-segmentation"],
];

/** Every task the handler serves, by method name. */
export const SERVER_TASKS: ReadonlyMap<string, ServerTask> = new Map(
  TABLE.map(([method, run, task, stream]) => [method, { method, task, stream: !!stream, run }]),
);

/** The task a path segment names: a method name, or a pipeline task (its streaming form when `stream`). */
export function findTask(name: string, stream: boolean): ServerTask | undefined {
  const byMethod = SERVER_TASKS.get(name);
  if (byMethod) return byMethod;
  for (const t of SERVER_TASKS.values()) if (t.task === name && t.stream === stream) return t;
  return undefined;
}

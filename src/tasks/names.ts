/**
 * The client's task methods by name, `true` for a streaming one: the list without the tasks themselves, for
 * the client, which loads the tasks (tasks/list.ts, through src/engine.ts) with its first call. tasks/list.ts
 * checks that the two name the same tasks.
 */
import type { TaskMethods } from "./methods.js";

export const TASK_NAMES = {
  chatCompletion: false,
  chatCompletionStream: true,
  textGeneration: false,
  textGenerationStream: true,
  featureExtraction: false,
  sentenceSimilarity: false,
  fillMask: false,
  summarization: false,
  questionAnswering: false,
  tableQuestionAnswering: false,
  textClassification: false,
  tokenClassification: false,
  translation: false,
  zeroShotClassification: false,
  audioClassification: false,
  automaticSpeechRecognition: false,
  textToSpeech: false,
  textToAudio: false,
  audioToAudio: false,
  imageClassification: false,
  objectDetection: false,
  zeroShotImageClassification: false,
  imageToText: false,
  visualQuestionAnswering: false,
  documentQuestionAnswering: false,
  tabularRegression: false,
  tabularClassification: false,
  textToImage: false,
  imageToImage: false,
  imageTextToImage: false,
  textToVideo: false,
  imageToVideo: false,
  imageTextToVideo: false,
  imageSegmentation: false,
} as const satisfies Record<keyof TaskMethods, boolean>;

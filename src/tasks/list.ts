/**
 * Every task of the library, once. The client's methods, the proxy server's routes, the CLI's `run` table
 * and the README's support table all come from this list; the standalone functions are the ones it names
 * (exported one by one from their modules, so that a bundler keeps only those a program imports).
 *
 * Each entry: the method name (written out: function names do not survive minification), the task function,
 * the task's definition (pipeline task, adapters) and, for streaming variants, `true`. The generic
 * `request` and `streamingRequest` are not tasks and are not listed.
 */
import type { TaskMethods } from "./methods.js";
import type { TaskDef } from "./run.js";
import type { TASK_NAMES } from "./names.js";
import {
  audioClassification,
  audioToAudio,
  automaticSpeechRecognition,
  chatCompletion,
  chatCompletionStream,
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
  textGenerationStream,
  textToAudio,
  textToImage,
  textToSpeech,
  textToVideo,
  tokenClassification,
  translation,
  visualQuestionAnswering,
  zeroShotClassification,
  zeroShotImageClassification,
} from "./index.js";
import { AUDIO_CLASSIFICATION } from "./audio/audio-classification.js";
import { AUDIO_TO_AUDIO } from "./audio/audio-to-audio.js";
import { AUTOMATIC_SPEECH_RECOGNITION } from "./audio/automatic-speech-recognition.js";
import { TEXT_TO_AUDIO } from "./audio/text-to-audio.js";
import { TEXT_TO_SPEECH } from "./audio/text-to-speech.js";
import { IMAGE_CLASSIFICATION } from "./cv/image-classification.js";
import { IMAGE_SEGMENTATION } from "./cv/image-segmentation.js";
import { IMAGE_TEXT_TO_IMAGE } from "./cv/image-text-to-image.js";
import { IMAGE_TEXT_TO_VIDEO } from "./cv/image-text-to-video.js";
import { IMAGE_TO_IMAGE } from "./cv/image-to-image.js";
import { IMAGE_TO_TEXT } from "./cv/image-to-text.js";
import { IMAGE_TO_VIDEO } from "./cv/image-to-video.js";
import { OBJECT_DETECTION } from "./cv/object-detection.js";
import { TEXT_TO_IMAGE } from "./cv/text-to-image.js";
import { TEXT_TO_VIDEO } from "./cv/text-to-video.js";
import { ZERO_SHOT_IMAGE_CLASSIFICATION } from "./cv/zero-shot-image-classification.js";
import { DOCUMENT_QUESTION_ANSWERING } from "./multimodal/document-question-answering.js";
import { VISUAL_QUESTION_ANSWERING } from "./multimodal/visual-question-answering.js";
import { CHAT } from "./nlp/chat-completion.js";
import { FEATURE_EXTRACTION, SENTENCE_SIMILARITY } from "./nlp/feature-extraction.js";
import { FILL_MASK } from "./nlp/fill-mask.js";
import { QUESTION_ANSWERING } from "./nlp/question-answering.js";
import { SUMMARIZATION } from "./nlp/summarization.js";
import { TABLE_QUESTION_ANSWERING } from "./nlp/table-question-answering.js";
import { TEXT_CLASSIFICATION } from "./nlp/text-classification.js";
import { TEXT_GENERATION } from "./nlp/text-generation.js";
import { TOKEN_CLASSIFICATION } from "./nlp/token-classification.js";
import { TRANSLATION } from "./nlp/translation.js";
import { ZERO_SHOT_CLASSIFICATION } from "./nlp/zero-shot-classification.js";
import { TABULAR_CLASSIFICATION } from "./tabular/tabular-classification.js";
import { TABULAR_REGRESSION } from "./tabular/tabular-regression.js";

/** One task of the list: its function, its definition, and `true` for a streaming variant. */
export type ListedTask<F = (args: any, options?: any) => any> = readonly [run: F, def: TaskDef, stream?: true];

/** The tasks by method name (see {@link TaskMethods} for their documentation). */
export const TASKS = {
  chatCompletion: [chatCompletion, CHAT],
  chatCompletionStream: [chatCompletionStream, CHAT, true],
  textGeneration: [textGeneration, TEXT_GENERATION],
  textGenerationStream: [textGenerationStream, TEXT_GENERATION, true],
  featureExtraction: [featureExtraction, FEATURE_EXTRACTION],
  sentenceSimilarity: [sentenceSimilarity, SENTENCE_SIMILARITY],
  fillMask: [fillMask, FILL_MASK],
  summarization: [summarization, SUMMARIZATION],
  questionAnswering: [questionAnswering, QUESTION_ANSWERING],
  tableQuestionAnswering: [tableQuestionAnswering, TABLE_QUESTION_ANSWERING],
  textClassification: [textClassification, TEXT_CLASSIFICATION],
  tokenClassification: [tokenClassification, TOKEN_CLASSIFICATION],
  translation: [translation, TRANSLATION],
  zeroShotClassification: [zeroShotClassification, ZERO_SHOT_CLASSIFICATION],
  audioClassification: [audioClassification, AUDIO_CLASSIFICATION],
  automaticSpeechRecognition: [automaticSpeechRecognition, AUTOMATIC_SPEECH_RECOGNITION],
  textToSpeech: [textToSpeech, TEXT_TO_SPEECH],
  textToAudio: [textToAudio, TEXT_TO_AUDIO],
  audioToAudio: [audioToAudio, AUDIO_TO_AUDIO],
  imageClassification: [imageClassification, IMAGE_CLASSIFICATION],
  objectDetection: [objectDetection, OBJECT_DETECTION],
  zeroShotImageClassification: [zeroShotImageClassification, ZERO_SHOT_IMAGE_CLASSIFICATION],
  imageToText: [imageToText, IMAGE_TO_TEXT],
  visualQuestionAnswering: [visualQuestionAnswering, VISUAL_QUESTION_ANSWERING],
  documentQuestionAnswering: [documentQuestionAnswering, DOCUMENT_QUESTION_ANSWERING],
  tabularRegression: [tabularRegression, TABULAR_REGRESSION],
  tabularClassification: [tabularClassification, TABULAR_CLASSIFICATION],
  textToImage: [textToImage, TEXT_TO_IMAGE],
  imageToImage: [imageToImage, IMAGE_TO_IMAGE],
  imageTextToImage: [imageTextToImage, IMAGE_TEXT_TO_IMAGE],
  textToVideo: [textToVideo, TEXT_TO_VIDEO],
  imageToVideo: [imageToVideo, IMAGE_TO_VIDEO],
  imageTextToVideo: [imageTextToVideo, IMAGE_TEXT_TO_VIDEO],
  imageSegmentation: [imageSegmentation, IMAGE_SEGMENTATION],
} as const satisfies Record<string, ListedTask>;

/** A task's method name. */
export type TaskName = keyof typeof TASKS;

// The list and the client's method types name the same tasks, and each listed function fits its method's type
// (a type error here otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ListMatchesMethods = Assert<
  Same<TaskName, keyof TaskMethods> &
    ({ [K in TaskName]: (typeof TASKS)[K][0] } extends { [K in keyof TaskMethods]: TaskMethods[K] } ? true : false)
>;

// The light list of names (tasks/names.ts, what the client installs) marks as streaming exactly the tasks listed
// here with `true`.
type Streaming = { [K in TaskName]: (typeof TASKS)[K] extends readonly [unknown, unknown, true] ? true : false };
export type NamesMatchList = Assert<Same<Streaming, { [K in TaskName]: (typeof TASK_NAMES)[K] }>>;

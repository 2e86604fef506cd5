export { request, streamingRequest } from "./custom/request.js";
export {
  chatCompletion,
  chatCompletionStream,
  type ChatCompletionArgs,
  type ChatCompletionInput,
  type ChatCompletionOutput,
  type ChatCompletionStreamOutput,
  type ChatStreamOptions,
} from "./nlp/chat-completion.js";
export {
  textGeneration,
  textGenerationStream,
  type TextGenerationArgs,
  type TextGenerationInput,
  type TextGenerationOutput,
  type TextGenerationStreamOutput,
  type TextGenerationStreamToken,
  type TextGenerationStreamDetails,
  type TextGenerationStreamPrefillToken,
  type TextGenerationStreamBestOfSequence,
  type TextGenerationStreamFinishReason,
} from "./nlp/text-generation.js";
export {
  featureExtraction,
  sentenceSimilarity,
  type FeatureExtractionArgs,
  type FeatureExtractionOutput,
  type SentenceSimilarityArgs,
  type SentenceSimilarityOutput,
} from "./nlp/feature-extraction.js";
export { fillMask, type FillMaskArgs, type FillMaskOutput } from "./nlp/fill-mask.js";
export { summarization, type SummarizationArgs, type SummarizationOutput } from "./nlp/summarization.js";
export {
  questionAnswering,
  type QuestionAnsweringArgs,
  type QuestionAnsweringOutput,
} from "./nlp/question-answering.js";
export {
  tableQuestionAnswering,
  type TableQuestionAnsweringArgs,
  type TableQuestionAnsweringOutput,
} from "./nlp/table-question-answering.js";
export {
  textClassification,
  type TextClassificationArgs,
  type TextClassificationOutput,
} from "./nlp/text-classification.js";
export {
  tokenClassification,
  type TokenClassificationArgs,
  type TokenClassificationOutput,
} from "./nlp/token-classification.js";
export {
  translation,
  type TranslationArgs,
  type TranslationListInput,
  type TranslationOutput,
} from "./nlp/translation.js";
export {
  zeroShotClassification,
  type ZeroShotClassificationArgs,
  type ZeroShotClassificationOutput,
} from "./nlp/zero-shot-classification.js";
export {
  audioClassification,
  type AudioClassificationArgs,
  type AudioClassificationOutput,
} from "./audio/audio-classification.js";
export {
  automaticSpeechRecognition,
  type AutomaticSpeechRecognitionArgs,
  type AutomaticSpeechRecognitionOutput,
} from "./audio/automatic-speech-recognition.js";
export { textToSpeech, type TextToSpeechArgs } from "./audio/text-to-speech.js";
export { textToAudio, type TextToAudioArgs } from "./audio/text-to-audio.js";
export {
  audioToAudio,
  type AudioToAudioArgs,
  type AudioToAudioOutput,
  type AudioToAudioOutputElem,
} from "./audio/audio-to-audio.js";
export {
  imageClassification,
  type ImageClassificationArgs,
  type ImageClassificationOutput,
} from "./cv/image-classification.js";
export { objectDetection, type ObjectDetectionArgs, type ObjectDetectionOutput } from "./cv/object-detection.js";
export {
  zeroShotImageClassification,
  type ZeroShotImageClassificationArgs,
  type ZeroShotImageClassificationOutput,
} from "./cv/zero-shot-image-classification.js";
export { imageToText, type ImageToTextArgs, type ImageToTextOutput } from "./cv/image-to-text.js";
export {
  visualQuestionAnswering,
  type VisualQuestionAnsweringArgs,
  type VisualQuestionAnsweringOutput,
} from "./multimodal/visual-question-answering.js";
export {
  documentQuestionAnswering,
  type DocumentQuestionAnsweringArgs,
  type DocumentQuestionAnsweringOutput,
} from "./multimodal/document-question-answering.js";
export {
  tabularRegression,
  type TabularRegressionArgs,
  type TabularRegressionOutput,
} from "./tabular/tabular-regression.js";
export {
  tabularClassification,
  type TabularClassificationArgs,
  type TabularClassificationOutput,
} from "./tabular/tabular-classification.js";
export {
  textToImage,
  type TextToImageArgs,
  type TextToImageInput,
  type TextToImageOptions,
  type TextToImageOutput,
} from "./cv/text-to-image.js";
export { imageToImage, type ImageToImageArgs, type ImageToImageInput } from "./cv/image-to-image.js";
export { imageTextToImage, type ImageTextToImageArgs, type ImageTextToImageInput } from "./cv/image-text-to-image.js";
export {
  textToVideo,
  type TextToVideoArgs,
  type TextToVideoInput,
  type TextToVideoOutput,
} from "./cv/text-to-video.js";
export { imageToVideo, type ImageToVideoArgs, type ImageToVideoInput } from "./cv/image-to-video.js";
export { imageTextToVideo, type ImageTextToVideoArgs, type ImageTextToVideoInput } from "./cv/image-text-to-video.js";
export {
  imageSegmentation,
  type ImageSegmentationArgs,
  type ImageSegmentationInput,
  type ImageSegmentationOutput,
} from "./cv/image-segmentation.js";

import type { Adapter } from "../../providers/adapter.js";
import { hfInference, pipelineUrl } from "../../providers/hf-inference.js";
import { bodyArgs } from "../../providers/adapter.js";
import { BODY_READERS } from "../../transport/http.js";
import type { AdapterTable } from "../../contracts/task.js";
import type { InferenceProvider, InferenceTask, Options, RequestArgs } from "../../types.js";
import { runTask, type TaskDef } from "../run.js";
import { runStream } from "../stream.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { CHAT } from "../nlp/chat-completion.js";
import { TEXT_GENERATION } from "../nlp/text-generation.js";
import { FEATURE_EXTRACTION, SENTENCE_SIMILARITY } from "../nlp/feature-extraction.js";
import { AUDIO_TO_AUDIO } from "../audio/audio-to-audio.js";
import { AUTOMATIC_SPEECH_RECOGNITION } from "../audio/automatic-speech-recognition.js";
import { TEXT_TO_AUDIO } from "../audio/text-to-audio.js";
import { TEXT_TO_SPEECH } from "../audio/text-to-speech.js";
import { IMAGE_SEGMENTATION } from "../cv/image-segmentation.js";
import { IMAGE_TEXT_TO_IMAGE } from "../cv/image-text-to-image.js";
import { IMAGE_TEXT_TO_VIDEO } from "../cv/image-text-to-video.js";
import { IMAGE_TO_IMAGE } from "../cv/image-to-image.js";
import { IMAGE_TO_TEXT } from "../cv/image-to-text.js";
import { IMAGE_TO_VIDEO } from "../cv/image-to-video.js";
import { TEXT_TO_IMAGE } from "../cv/text-to-image.js";
import { TEXT_TO_VIDEO } from "../cv/text-to-video.js";

/** The classic pipeline API: JSON `{inputs, parameters}` or raw bytes (`data`) to `models/{id}` or an endpoint URL. */
const generic: Adapter = {
  provider: hfInference,
  path: () => "",
  url: /* @__PURE__ */ pipelineUrl(),
  body: (args: Record<string, unknown>) => {
    const data = args.data;
    if (data instanceof Blob || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      return {
        // A view sends only its own bytes, not the whole buffer behind it (a pooled Node Buffer has 8 KiB).
        data:
          data instanceof Blob || data instanceof ArrayBuffer
            ? data
            : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    }
    return { json: bodyArgs(args) };
  },
  response: "auto",
};

const KNOWN: Partial<Record<InferenceTask, TaskDef>> = {
  conversational: CHAT,
  "text-generation": TEXT_GENERATION,
  "feature-extraction": FEATURE_EXTRACTION,
  "sentence-similarity": SENTENCE_SIMILARITY,
};

/** The tasks third-party providers serve besides the ones above: their adapters describe the request. */
const MEDIA: TaskDef[] = [
  AUDIO_TO_AUDIO,
  AUTOMATIC_SPEECH_RECOGNITION,
  TEXT_TO_AUDIO,
  TEXT_TO_SPEECH,
  IMAGE_SEGMENTATION,
  IMAGE_TEXT_TO_IMAGE,
  IMAGE_TEXT_TO_VIDEO,
  IMAGE_TO_IMAGE,
  IMAGE_TO_TEXT,
  IMAGE_TO_VIDEO,
  TEXT_TO_IMAGE,
  TEXT_TO_VIDEO,
];

function defFor(task: InferenceTask | undefined): TaskDef {
  const known = task ? KNOWN[task] : undefined;
  // As the reference: the answer as the provider sent it, not reshaped for the task function.
  if (known) return { ...known, autoChat: undefined, raw: true };
  const adapters: AdapterTable<InferenceProvider> = { "hf-inference": generic };
  // As the reference does, a third-party provider gets the task's own request and its first answer as
  // is: no job polling, no reshaping.
  for (const [provider, adapter] of Object.entries(MEDIA.find((d) => d.task === task)?.adapters ?? {})) {
    if (provider !== "hf-inference" && adapter) {
      adapters[provider as InferenceProvider] = { ...adapter, job: undefined, output: undefined, response: "auto" };
    }
  }
  return {
    task: task ?? ("custom" as InferenceTask),
    timeout: MEDIA_TIMEOUT,
    adapters,
    readers: BODY_READERS,
    anyTask: !task,
  };
}

/**
 * Sends a raw request and returns the provider's answer as is (JSON, or a Blob for other content types).
 * Kept for code written against `@huggingface/inference`; prefer the task functions, which check inputs
 * and outputs.
 * @example
 * const out = await request<{ label: string; score: number }[]>(
 *   { accessToken: "hf_...", model: "distilbert/distilbert-base-uncased-finetuned-sst-2-english", inputs: "I like you" },
 *   { task: "text-classification" },
 * );
 * @deprecated Use a task function.
 */
export async function request<T>(args: RequestArgs, options?: Options & { task?: InferenceTask }): Promise<T> {
  return runTask(defFor(options?.task), args, options, (v) => v as T);
}

/**
 * Sends a raw streaming request and yields each parsed event.
 * @example
 * for await (const event of streamingRequest<{ token: { text: string } }>(
 *   { accessToken: "hf_...", model: "mistralai/Mixtral-8x7B-v0.1", provider: "together", inputs: "Once upon a time" },
 *   { task: "text-generation" },
 * )) {
 *   process.stdout.write(event.token.text);
 * }
 * @deprecated Use `chatCompletionStream` or `textGenerationStream`.
 */
export function streamingRequest<T>(
  args: RequestArgs,
  options?: Options & { task?: InferenceTask },
): AsyncGenerator<T, void, undefined> {
  return runStream<T>(defFor(options?.task), args, options);
}

import type { Adapter } from "../../providers/adapter.js";
import { hfInference, pipelineUrl } from "../../providers/hf-inference.js";
import { bodyArgs } from "../../providers/adapter.js";
import type { InferenceTask, Options, RequestArgs } from "../../types.js";
import { runStream, runTask, type TaskDef } from "../run.js";
import { MEDIA_TIMEOUT } from "../timeouts.js";
import { CHAT } from "../nlp/chat-completion.js";
import { TEXT_GENERATION } from "../nlp/text-generation.js";
import { FEATURE_EXTRACTION, SENTENCE_SIMILARITY } from "../nlp/feature-extraction.js";

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

function defFor(task: InferenceTask | undefined): TaskDef {
  const known = task ? KNOWN[task] : undefined;
  // As the reference: the answer as the provider sent it, not reshaped for the task function.
  if (known) return { ...known, autoChat: undefined, raw: true };
  return {
    task: task ?? ("custom" as InferenceTask),
    timeout: MEDIA_TIMEOUT,
    adapters: { "hf-inference": generic },
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

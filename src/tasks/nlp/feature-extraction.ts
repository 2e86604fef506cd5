import { defineTask } from "../define.js";
import type { FeatureExtractionInput, SentenceSimilarityInput, SentenceSimilarityOutput } from "@huggingface/tasks";
import { InferenceClientInputError, InferenceClientProviderApiError } from "../../errors.js";
import { featureExtraction as deepinfra } from "../../providers/deepinfra.js";
import { featureExtraction as hfInference, sentenceSimilarity as hfSimilarity } from "../../providers/hf-inference.js";
import { featureExtraction as nebius } from "../../providers/nebius.js";
import { embeddingsRoute, withEndpointEmbeddings } from "../../providers/openai-compatible.js";
import { featureExtraction as sambanova } from "../../providers/sambanova.js";
import { featureExtraction as scaleway } from "../../providers/scaleway.js";
import { featureExtraction as together } from "../../providers/together.js";
import type { BaseArgs, Options } from "../../types.js";
import { runTask, type TaskDef } from "../run.js";
import { QUICK_TIMEOUT } from "../timeouts.js";

/** The OpenAI embeddings fields of {@link FeatureExtractionArgs}, sent in the body to the OpenAI-style providers. */
export interface FeatureExtractionOAICompatInput {
  /** How the provider encodes the vectors; a `base64` answer is decoded to numbers. */
  encoding_format?: "float" | "base64";
  /** The number of dimensions of the vectors, for models that can shorten them. */
  dimensions?: number | null;
}
/**
 * Arguments of {@link featureExtraction}: {@link FeatureExtractionInput} from `@huggingface/tasks` and
 * {@link FeatureExtractionOAICompatInput}, with the routing fields of {@link BaseArgs}.
 */
export type FeatureExtractionArgs = BaseArgs & FeatureExtractionInput & FeatureExtractionOAICompatInput;
/** Nested arrays of numbers (as typed by `@huggingface/inference`; answers nest deeper for lists of texts). */
export type FeatureExtractionOutput = (number | number[] | number[][])[];
/** Arguments of {@link sentenceSimilarity}: {@link SentenceSimilarityInput} from `@huggingface/tasks`, with the routing fields of {@link BaseArgs}. */
export type SentenceSimilarityArgs = BaseArgs & SentenceSimilarityInput;
export type { SentenceSimilarityOutput };

export const FEATURE_EXTRACTION: TaskDef = {
  task: "feature-extraction",
  timeout: QUICK_TIMEOUT,
  adapters: {
    deepinfra,
    "hf-inference": /* @__PURE__ */ withEndpointEmbeddings(hfInference),
    nebius,
    sambanova,
    scaleway,
    together,
  },
};

export const SENTENCE_SIMILARITY: TaskDef = {
  task: "sentence-similarity",
  timeout: QUICK_TIMEOUT,
  adapters: { "hf-inference": hfSimilarity },
};

/**
 * Numbers in arrays nested to any depth. hf-inference answers a list of texts with up to
 * `number[][][][]` (one token-embedding matrix per text), which `@huggingface/inference` also returns.
 */
function isNumberTree(v: unknown, depth = 0): boolean {
  if (typeof v === "number") return true;
  // The bound only keeps a hostile answer from overflowing the stack; real answers nest 1 to 4 deep.
  return Array.isArray(v) && depth < 64 && v.every((x) => isNumberTree(x, depth + 1));
}

/**
 * Embeds text as vectors.
 * Arguments: {@link FeatureExtractionInput} and the routing fields of {@link BaseArgs}. Answer:
 * {@link FeatureExtractionOutput}.
 * @example
 * const vectors = await featureExtraction({ accessToken: "hf_...", model: "sentence-transformers/all-MiniLM-L6-v2", inputs: "That is a happy person" });
 */
export async function featureExtraction(
  args: FeatureExtractionArgs,
  options?: Options,
): Promise<FeatureExtractionOutput> {
  const inputs = (args as { inputs?: unknown } | undefined)?.inputs;
  if (typeof inputs !== "string" && !(Array.isArray(inputs) && inputs.every((s) => typeof s === "string"))) {
    throw new InferenceClientInputError(`inputs must be a string or an array of strings`);
  }
  const run = (a: FeatureExtractionArgs) =>
    runTask(FEATURE_EXTRACTION, a, options, (v, ctx, fail) => {
      // An OpenAI server answers a list for one text; the pipeline API answers the vector itself.
      if (typeof inputs === "string" && embeddingsRoute(ctx.endpointUrl)) {
        if (!Array.isArray(v) || v.length !== 1) fail("one embedding for one input");
        v = v[0];
      }
      if (!Array.isArray(v) || !isNumberTree(v)) fail("nested arrays of numbers");
      return v as FeatureExtractionOutput;
    });
  const url = typeof args.endpointUrl === "string" ? args.endpointUrl.trim().replace(/\/+$/, "") : "";
  if (!/^https?:\/\/[^/]+$/i.test(url)) return run(args);
  // A bare `http://host:port` is an Inference Endpoint or TEI (pipeline body at the URL itself, as the
  // reference sends it) or an OpenAI-compatible server. When the server has no such route (404, 405:
  // llama-server, vLLM, Ollama), the same call goes once more to `/v1/embeddings` of the same host.
  try {
    return await run(args);
  } catch (e) {
    if (!(e instanceof InferenceClientProviderApiError) || (e.status !== 404 && e.status !== 405)) throw e;
    return run({ ...args, endpointUrl: `${url}/v1` });
  }
}

/**
 * Scores how close each sentence is to a source sentence.
 * Arguments: {@link SentenceSimilarityInput} and the routing fields of {@link BaseArgs}. Answer: {@link SentenceSimilarityOutput}.
 * @function
 * @example
 * const scores = await sentenceSimilarity({ accessToken: "hf_...", model: "sentence-transformers/paraphrase-xlm-r-multilingual-v1",
 *   inputs: { source_sentence: "That is a happy person", sentences: ["That is a happy dog", "Today is a sunny day"] } });
 */
export const sentenceSimilarity = /* @__PURE__ */ defineTask<SentenceSimilarityArgs, SentenceSimilarityOutput>(
  SENTENCE_SIMILARITY,
  (args) => {
    const inputs = (args as { inputs?: { source_sentence?: unknown; sentences?: unknown } } | undefined)?.inputs;
    if (!inputs || typeof inputs.source_sentence !== "string" || !Array.isArray(inputs.sentences)) {
      throw new InferenceClientInputError(`inputs must be {source_sentence: string, sentences: string[]}`);
    }
  },
  (v, _ctx, fail) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) fail("an array of numbers");
    return v as SentenceSimilarityOutput;
  },
);

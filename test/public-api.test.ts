/**
 * The public runtime surface, name by name: the values each entry point exports (the package's root and each
 * subpath), from the sources and from every build that ships (the bundled ESM files, the CommonJS files and
 * the ESM tree of one file per module). A helper that a module exports for the library's own use and that
 * reaches an entry point fails here; so does a name that goes missing from one build. Adding to the public
 * API means adding the name below.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const TASK_FUNCTIONS = [
  "audioClassification",
  "audioToAudio",
  "automaticSpeechRecognition",
  "chatCompletion",
  "chatCompletionStream",
  "documentQuestionAnswering",
  "featureExtraction",
  "fillMask",
  "imageClassification",
  "imageSegmentation",
  "imageTextToImage",
  "imageTextToVideo",
  "imageToImage",
  "imageToText",
  "imageToVideo",
  "objectDetection",
  "questionAnswering",
  "request",
  "sentenceSimilarity",
  "streamingRequest",
  "summarization",
  "tableQuestionAnswering",
  "tabularClassification",
  "tabularRegression",
  "textClassification",
  "textGeneration",
  "textGenerationStream",
  "textToAudio",
  "textToImage",
  "textToSpeech",
  "textToVideo",
  "tokenClassification",
  "translation",
  "visualQuestionAnswering",
  "zeroShotClassification",
  "zeroShotImageClassification",
];

const ERROR_CLASSES = [
  "InferenceClientAuthenticationError",
  "InferenceClientBadRequestError",
  "InferenceClientBudgetError",
  "InferenceClientConnectionError",
  "InferenceClientError",
  "InferenceClientHubApiError",
  "InferenceClientInputError",
  "InferenceClientNotFoundError",
  "InferenceClientPermissionDeniedError",
  "InferenceClientProviderApiError",
  "InferenceClientProviderOutputError",
  "InferenceClientRateLimitError",
  "InferenceClientRoutingError",
  "InferenceClientServerError",
  "InferenceClientTimeoutError",
];

const TESTING = [
  "HUB_TASKS",
  "MOCK_FINGERPRINT",
  "chatCompletionReply",
  "completionReply",
  "createMockFetch",
  "embeddingsReply",
  "mockAnswer",
  "pipelineFeatureExtractionReply",
  "sentenceSimilarityReply",
  "startMockProvider",
  "tokens",
  "vector",
];

/** Entry point -> [source file, built files relative to dist/, the values it exports]. */
const ENTRIES: Record<string, { src: string; built: string[]; names: string[] }> = {
  "unified-inference": {
    src: "src/index.ts",
    built: ["index.js", "index.cjs", "modules/index.js"],
    names: [
      ...TASK_FUNCTIONS,
      ...ERROR_CLASSES,
      "HfInference",
      "INFERENCE_PROVIDERS",
      "InferenceClient",
      "InferenceClientEndpoint",
      "PROVIDERS_HUB_ORGS",
      "PROVIDERS_OR_POLICIES",
      "ROUTER_DROPPED_PROVIDERS",
      "ROUTER_POLICIES",
      "catalogPrices",
      "clearCatalogCache",
      "clearMappingCache",
      "clearModelMappings",
      "createMeter",
      "getModel",
      "listModels",
      "metaOf",
      "observe",
      "priceOf",
      "registerModelMapping",
      "setLogger",
      "usageOf",
      "withOpenAIRoute",
    ],
  },
  "unified-inference/testing (node)": {
    src: "src/testing/index.ts",
    built: ["testing/index.js", "testing/index.cjs"],
    names: TESTING,
  },
  "unified-inference/testing (browsers, workers)": {
    src: "src/testing/browser.ts",
    built: ["testing/browser.js", "testing/browser.cjs", "modules/testing/browser.js"],
    names: TESTING,
  },
  "unified-inference/server": {
    src: "src/server/index.ts",
    built: ["server/index.js", "server/index.cjs", "modules/server/index.js"],
    names: ["SERVER_TASKS", "createInferenceHandler", "toNodeListener"],
  },
  "unified-inference/otel": {
    src: "src/otel/index.ts",
    built: ["otel/index.js", "otel/index.cjs", "modules/otel/index.js"],
    names: ["otelHooks"],
  },
  "unified-inference/redis": {
    src: "src/redis/index.ts",
    built: ["redis/index.js", "redis/index.cjs", "modules/redis/index.js"],
    names: ["redisLimitStore"],
  },
};

const ROOT = new URL("../", import.meta.url);
const require = createRequire(import.meta.url);
const sorted = (names: Iterable<string>) => [...names].sort();
/** The runtime exports of a module (CommonJS: its `exports` object, without the interop marker). */
const exportsOf = async (path: string): Promise<string[]> =>
  path.endsWith(".cjs")
    ? sorted(Object.keys(require(fileURLToPath(new URL(path, ROOT)))).filter((k) => k !== "__esModule"))
    : sorted(Object.keys(await import(new URL(path, ROOT).href)));

describe("the public runtime exports of each entry point", () => {
  for (const [entry, { src, built, names }] of Object.entries(ENTRIES)) {
    it(`${entry}: from ${src}`, async () => {
      expect(await exportsOf(src)).toEqual(sorted(names));
    });

    for (const file of built) {
      const path = `dist/${file}`;
      it.skipIf(!existsSync(new URL(path, ROOT)))(`${entry}: from ${path} (skipped when not built)`, async () => {
        expect(await exportsOf(path)).toEqual(sorted(names));
      });
    }
  }

  it("no entry exports a helper of the transport or of the mock's core", async () => {
    // Other modules of the library import these; they are not API (and the lists above must not gain them).
    const all = (await Promise.all(Object.values(ENTRIES).map((e) => exportsOf(e.src)))).flat();
    for (const internal of ["redactHeaders", "isCredentialHeader", "isRetryableStatus", "createMockCore"]) {
      expect(all).not.toContain(internal);
    }
  });
});

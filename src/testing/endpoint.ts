/**
 * Tasks answered at an endpoint URL that names them, e.g. `endpointUrl: \`${mock.url}/text-to-image\``.
 *
 * An Inference Endpoint serves one pipeline at its root, so a request to it does not say which task it
 * is. The mock reads the task from the path instead: the classic pipeline and audio tasks in
 * ./wire-classic.ts and ./wire-audio.ts, and here the five whose answers otherwise hang on
 * hf-inference's `/pipeline/...` paths or on a Hub mapping: feature extraction, sentence similarity,
 * text-to-image, image-to-image and image segmentation. Chat and text generation need no task in the
 * path: they go to the OpenAI-compatible routes (`/v1/chat/completions`, `/v1/completions`).
 *
 * Only a POST whose last path segment names the task, to a host other than the Hub's, is answered here,
 * and only when no other route of the mock took it.
 */
import { MOCK_PNG, MOCK_PNG_BASE64 } from "./media-files.js";
import type { MockReply, MockRequest } from "./types.js";
import { pipelineFeatureExtractionReply, sentenceSimilarityReply } from "./wire.js";

const png = (): MockReply => ({ bytes: MOCK_PNG, headers: { "content-type": "image/png" } });
const bad = (error: string): MockReply => ({ status: 400, json: { error } });

const ENDPOINT_TASKS: Record<string, (req: MockRequest) => MockReply> = {
  "feature-extraction": (req) => pipelineFeatureExtractionReply(req.json),
  "sentence-similarity": (req) => sentenceSimilarityReply(req.json),
  "text-to-image": (req) => (typeof req.json?.inputs === "string" ? png() : bad("inputs must be a prompt")),
  // The image as raw bytes, or base64 in JSON `inputs` (with `parameters`).
  "image-to-image": (req) =>
    (req.json ? typeof req.json.inputs === "string" : req.bytes.length > 0) ? png() : bad("Incorrect image"),
  "image-segmentation": (req) =>
    typeof req.json?.inputs === "string" || (!req.json && req.bytes.length > 0)
      ? {
          json: [
            { score: 0.9871, label: "cat", mask: MOCK_PNG_BASE64 },
            { score: 0.9532, label: "couch", mask: MOCK_PNG_BASE64 },
          ],
        }
      : bad("inputs must be an image"),
};

/** The answer for an endpoint URL naming one of the tasks above, else undefined. */
export function endpointReply(req: MockRequest): MockReply | undefined {
  if (req.method !== "POST" || /(^|\.)(huggingface\.co|hf\.co)$/.test(req.host)) return undefined;
  const task = req.path.replace(/\/+$/, "").split("/").pop() ?? "";
  return Object.hasOwn(ENDPOINT_TASKS, task) ? ENDPOINT_TASKS[task]!(req) : undefined;
}

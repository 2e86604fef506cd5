/**
 * What both builds of `unified-inference/testing` export (./index.ts for Node, ./browser.ts for browsers and
 * workers), named one by one, written once; each build adds its own `startMockProvider`.
 */
export { createMockFetch, type Matcher, type MappingInput, type MockCore } from "./mock.js";
export {
  chatCompletionReply,
  completionReply,
  embeddingsReply,
  HUB_TASKS,
  MOCK_FINGERPRINT,
  mockAnswer,
  pipelineFeatureExtractionReply,
  sentenceSimilarityReply,
  tokens,
  vector,
} from "./wire.js";
export type { MockHandler, MockReply, MockRequest } from "./types.js";

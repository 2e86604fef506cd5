/**
 * The error class of a provider's failed answer, by its status: one subclass of
 * `InferenceClientProviderApiError` per family, over loopback to the mock provider. Each keeps the base
 * class (for `instanceof` written against it, as against `@huggingface/inference`) and its `name`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  InferenceClientAuthenticationError,
  InferenceClientBadRequestError,
  InferenceClientError,
  InferenceClientHubApiError,
  InferenceClientNotFoundError,
  InferenceClientPermissionDeniedError,
  InferenceClientProviderApiError,
  InferenceClientRateLimitError,
  InferenceClientServerError,
} from "../src/index.js";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";
import { failure } from "./support/collect.js";

const CHAT_PATH = "/v1/chat/completions";
let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const SUBCLASSES = [
  InferenceClientBadRequestError,
  InferenceClientAuthenticationError,
  InferenceClientPermissionDeniedError,
  InferenceClientNotFoundError,
  InferenceClientRateLimitError,
  InferenceClientServerError,
];

const ROWS: [status: number, cls: typeof InferenceClientProviderApiError][] = [
  [400, InferenceClientBadRequestError],
  [422, InferenceClientBadRequestError],
  [401, InferenceClientAuthenticationError],
  [403, InferenceClientPermissionDeniedError],
  [404, InferenceClientNotFoundError],
  [429, InferenceClientRateLimitError],
  [500, InferenceClientServerError],
  [501, InferenceClientServerError],
  [503, InferenceClientServerError],
  [418, InferenceClientProviderApiError],
  [409, InferenceClientProviderApiError],
];

describe("a failed answer's error class follows its status", () => {
  for (const [status, cls] of ROWS) {
    it(`HTTP ${status}: ${cls.name}`, async () => {
      mock.on(CHAT_PATH, { status, json: { error: `failure ${status}` } });
      const err = await failure(
        chatCompletion(
          { endpointUrl: mock.url, messages: [{ role: "user", content: "Hi" }] },
          { fetch: mock.fetch, retry_on_error: false },
        ),
      );
      expect(err).toBeInstanceOf(cls);
      expect(err).toBeInstanceOf(InferenceClientProviderApiError);
      expect(err).toBeInstanceOf(InferenceClientError);
      expect(err).not.toBeInstanceOf(InferenceClientHubApiError);
      expect(Object.getPrototypeOf(err)).toBe(cls.prototype);
      // Code that matches on the name (as with @huggingface/inference) sees the base class's.
      expect(err.name).toBe("ProviderApiError");
      expect(err.status).toBe(status);
      expect(err.providerMessage).toBe(`failure ${status}`);
      for (const other of SUBCLASSES) expect(err instanceof other).toBe(other === cls);
    });
  }

  it("classFor gives the same classes without a request", () => {
    for (const [status, cls] of ROWS) expect(InferenceClientProviderApiError.classFor(status)).toBe(cls);
  });
});

/**
 * `unified-inference/testing`: a mock inference provider for offline tests.
 *
 * `startMockProvider()` starts a real HTTP server on loopback that speaks the providers' wire formats
 * (OpenAI-style chat, completions and embeddings, the hf-inference pipeline API, the Hub's mapping API),
 * records every request, and can be told to answer with a given status, body, stream or fault. Its
 * `fetch` sends any URL (router, provider or Hub) to the server and records the URL the client meant,
 * so tests assert the exact URL without touching the network. `createMockFetch()` is the same mock
 * in-process, for browsers and edge runtimes without a server.
 *
 * This module is the entry for Node (and Deno and Bun, which resolve the package's `node` condition).
 * Bundlers that build for the browser or a worker resolve ./browser.ts instead: the same exports, with
 * a `startMockProvider` that rejects, so that `createMockFetch` bundles without any Node module.
 *
 * @example
 * import { startMockProvider } from "unified-inference/testing";
 * const mock = await startMockProvider();
 * mock.mapModel("meta-llama/Llama-3.3-70B-Instruct", [{ provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" }]);
 * const client = new InferenceClient("hf_test", { fetch: mock.fetch });
 * await client.chatCompletion({ model: "meta-llama/Llama-3.3-70B-Instruct", provider: "together", messages: [{ role: "user", content: "Hi" }] });
 * mock.requests[0].url; // "https://router.huggingface.co/together/v1/chat/completions"
 * await mock.close();
 */
export * from "./exports.js";
export { startMockProvider, type MockProvider } from "./server.js";

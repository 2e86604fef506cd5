// An offline tour of unified-inference against the built-in mock provider. Run: npm run demo
import { InferenceClient, InferenceClientProviderApiError } from "../dist/index.js";
import { startMockProvider } from "../dist/testing/index.js";

const mock = await startMockProvider();
mock.mapModel("meta-llama/Llama-3.3-70B-Instruct", [
  { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  { provider: "deepinfra", providerId: "meta-llama/Llama-3.3-70B-Instruct-fast", task: "conversational" },
]);
mock.mapModel("sentence-transformers/all-MiniLM-L6-v2", [
  { provider: "hf-inference", providerId: "sentence-transformers/all-MiniLM-L6-v2", task: "feature-extraction" },
]);
mock.mapModel("black-forest-labs/FLUX.1-dev", [
  { provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" },
]);
const client = new InferenceClient("hf_demo_token", { fetch: mock.fetch });
const section = (t) => console.log(`\n== ${t}`);

section("chatCompletion through the router (provider: together)");
const out = await client.chatCompletion({
  model: "meta-llama/Llama-3.3-70B-Instruct",
  provider: "together",
  messages: [{ role: "user", content: "What is the capital of France?" }],
});
console.log(out.choices[0].message.content);
const sent = mock.requests.at(-1);
console.log(`sent: ${sent.method} ${sent.url}\nbody: ${sent.text}`);

section("chatCompletionStream");
for await (const chunk of client.chatCompletionStream({
  model: "meta-llama/Llama-3.3-70B-Instruct",
  provider: "together",
  messages: [{ role: "user", content: "Stream it" }],
})) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}
console.log();

section("a local OpenAI-compatible server (endpointUrl)");
const local = new InferenceClient(undefined, { endpointUrl: mock.url });
const res = await local.chatCompletion({ messages: [{ role: "user", content: "Hello local" }] });
console.log(res.choices[0].message.content, `(sent to ${mock.requests.at(-1).url})`);

section("a rate limit, retried with Retry-After");
mock.once("/together/", {
  status: 429,
  json: { error: { message: "Too many requests" } },
  headers: { "retry-after": "0" },
});
const retried = await client.chatCompletion(
  { model: "meta-llama/Llama-3.3-70B-Instruct", provider: "together", messages: [{ role: "user", content: "again" }] },
  { onRetry: (r) => console.log(`retry #${r.attempt} after HTTP ${r.status}, waiting ${r.delayMs} ms`) },
);
console.log(retried.choices[0].message.content);

section("an error you can act on (token redacted)");
mock.once("/together/", {
  status: 401,
  json: { error: { message: "Invalid API key" } },
  headers: { "x-request-id": "req_123" },
});
try {
  await client.chatCompletion({
    model: "meta-llama/Llama-3.3-70B-Instruct",
    provider: "together",
    messages: [{ role: "user", content: "x" }],
  });
} catch (e) {
  if (e instanceof InferenceClientProviderApiError) {
    console.log(e.message);
    console.log({
      status: e.status,
      provider: e.provider,
      requestId: e.requestId,
      retryable: e.retryable,
      headers: e.httpRequest.headers,
    });
  } else throw e;
}

section("featureExtraction (provider auto: the first live provider serving the task)");
const vectors = await client.featureExtraction({
  model: "sentence-transformers/all-MiniLM-L6-v2",
  inputs: ["That is a happy person", "Today is a sunny day"],
});
console.log(`${vectors.length} vectors of ${vectors[0].length} numbers; sent to ${mock.requests.at(-1).url}`);

section("textToImage on fal-ai: a queued job, polled with progress");
const image = await client.textToImage(
  { model: "black-forest-labs/FLUX.1-dev", provider: "fal-ai", inputs: "A red fox in the snow" },
  {
    onProgress: (p) =>
      console.log(`  ${p.status}${p.queuePosition !== undefined ? ` (queue position ${p.queuePosition})` : ""}`),
  },
);
console.log(`got a ${image.type} image of ${image.size} bytes`);

section("provider fallback: together is overloaded, deepinfra answers");
mock.once("/together/", { status: 503, json: { error: "overloaded" } });
const fell = await client.chatCompletion(
  {
    model: "meta-llama/Llama-3.3-70B-Instruct",
    provider: ["together", "deepinfra"],
    messages: [{ role: "user", content: "Hi" }],
  },
  { maxRetries: 0 },
);
console.log(`${fell.choices[0].message.content} (answered by ${mock.requests.at(-1).url})`);

section("the openai SDK's call shape");
const viaAlias = await client.chat.completions.create({
  model: "meta-llama/Llama-3.3-70B-Instruct",
  messages: [{ role: "user", content: "Same API as openai" }],
});
console.log(viaAlias.object, viaAlias.choices[0].message.content);

await mock.close();

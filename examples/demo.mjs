// An offline tour of unified-inference against the built-in mock provider. Run: npm run demo
import { InferenceClient, InferenceClientProviderApiError } from "../dist/index.js";
import { startMockProvider } from "../dist/testing/index.js";

const mock = await startMockProvider();
mock.mapModel("meta-llama/Llama-3.3-70B-Instruct", [
  { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
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

await mock.close();

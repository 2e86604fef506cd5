// The page's script (bundled by server.mjs with esbuild): the browser client with `proxyUrl` and no token.
import { InferenceClient } from "../../dist/index.js";

const client = new InferenceClient(undefined, { proxyUrl: "/api/inference" });
const form = document.getElementById("ask");
const answer = document.getElementById("answer");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const content = document.getElementById("prompt").value;
  const model = document.getElementById("model").value;
  answer.textContent = "";
  answer.dataset.state = "streaming";
  try {
    for await (const chunk of client.chatCompletionStream({ model, messages: [{ role: "user", content }] })) {
      answer.textContent += chunk.choices[0]?.delta?.content ?? "";
    }
    answer.dataset.state = "done";
  } catch (e) {
    // A refusal arrives as the library's typed error: here a ProviderApiError with status 403.
    answer.textContent = `${e.name} (${e.status ?? "no status"}): ${e.message}`;
    answer.dataset.state = "error";
  }
});

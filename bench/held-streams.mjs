// Memory of open streams: one library holds HELD_STREAMS streams open at once (each has handed its first chunk
// to the caller, and the server holds the response open), and this process reports what that costs per stream.
// Run by run.mjs, one fresh process per library and repeat, so that no library's heap or RSS carries over.
// Usage: node --expose-gc bench/held-streams.mjs <base url> <library> [path of a unified-inference index.js]
// Prints one JSON object: { rss, heap } (bytes per open stream: after opening minus before, divided by the count).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { HELD_STREAMS } from "./config.mjs";

const [base, lib, path] = process.argv.slice(2);
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const TOKEN = "hf_benchmarktoken0123456789";
const MODEL = "bench-model";
const messages = [{ role: "user", content: "Tell me about the quick brown fox." }];

/** Opens one stream and reads its first chunk; resolves with what must be kept to hold it open. */
let open;
if (lib === "fetch") {
  open = async () => {
    const res = await fetch(`${base}/hold/v1/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ model: MODEL, messages, stream: true }),
    });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("stream ended");
      buf += decoder.decode(value, { stream: true });
      const end = buf.indexOf("\n\n");
      if (end !== -1) {
        JSON.parse(buf.slice(6, end));
        return { reader, decoder, buf: buf.slice(end + 2) };
      }
    }
  };
} else if (lib === "openai") {
  const { default: OpenAI } = await import("openai");
  const client = new OpenAI({ apiKey: TOKEN, baseURL: `${base}/hold/v1` });
  open = async () => {
    const it = (await client.chat.completions.create({ model: MODEL, messages, stream: true }))[Symbol.asyncIterator]();
    await it.next();
    return it;
  };
} else {
  const mod = await import(
    lib === "@huggingface/inference" ? "@huggingface/inference" : pathToFileURL(resolve(path)).href
  );
  open = async () => {
    const it = mod
      .chatCompletionStream({ accessToken: TOKEN, endpointUrl: `${base}/hold`, model: MODEL, messages })
      [Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) throw new Error("stream ended");
    return it;
  };
}

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
};

// Warm-up: the library's code and the connection pool's machinery are compiled and in use before the baseline.
const warm = await Promise.all(Array.from({ length: 20 }, open));
const before = await settle();
const held = await Promise.all(Array.from({ length: HELD_STREAMS }, open));
const after = await settle();
process.stdout.write(
  `${JSON.stringify({
    rss: (after.rss - before.rss) / HELD_STREAMS,
    heap: (after.heap - before.heap) / HELD_STREAMS,
    held: held.length + warm.length,
  })}\n`,
);
process.exit(0);

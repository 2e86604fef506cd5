// Loopback server for the benchmark, run in its own process so that its CPU time is never counted in the
// client's. It answers by the first path segment, whatever follows it (each library appends its own route):
//   /json/...   a chat completion (JSON)
//   /burst/...  an SSE chat stream of BURST_CHUNKS chunks written in one write
//   /paced/...  an SSE chat stream of PACED_CHUNKS chunks, one write per chunk, PACE_MS apart
//   /embed/...  a 256 x 1024 feature-extraction answer (OpenAI's embeddings shape when the path ends with /embeddings)
//   /image/...  a 1 MiB binary answer (image/png)
//   /first/...  an SSE chat stream whose first event is written FIRST_GAP_MS after the headers and carries the
//               server's wall-clock time of that write (`bench_ts`, ms), then FIRST_REST chunks and [DONE] at once
//   /hold/...   an SSE chat stream that sends its headers and one chunk, then holds the response open until the
//               client goes away (for the memory of open streams)
// Prints {"port": n} on its first stdout line once listening.
import http from "node:http";
import {
  BURST_CHUNKS,
  EMBED_DIM,
  EMBED_ROWS,
  FIRST_GAP_MS,
  FIRST_REST,
  IMAGE_BYTES,
  PACE_MS,
  PACED_CHUNKS,
} from "./config.mjs";

const created = 1_700_000_000;
const words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."];

const chatJson = Buffer.from(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created,
    model: "bench-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: words.join("").repeat(4) },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 40, total_tokens: 52 },
  }),
);

function chunkEvent(i, last) {
  const chunk = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created,
    model: "bench-model",
    choices: [
      {
        index: 0,
        delta: last ? {} : { content: words[i % words.length] },
        logprobs: null,
        finish_reason: last ? "stop" : null,
      },
    ],
  };
  if (last) chunk.usage = { prompt_tokens: 12, completion_tokens: i, total_tokens: 12 + i };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The events of a stream of `n` chunks (the last one carries the finish reason), then [DONE]. */
function streamEvents(n) {
  const events = [];
  for (let i = 0; i < n; i++) events.push(Buffer.from(chunkEvent(i, i === n - 1)));
  events.push(Buffer.from("data: [DONE]\n\n"));
  return events;
}

const burstBody = Buffer.concat(streamEvents(BURST_CHUNKS));
const pacedEvents = streamEvents(PACED_CHUNKS);

// Deterministic float32-looking values, as an embeddings server would print them.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32) * 0.2 - 0.1;
const matrix = Array.from({ length: EMBED_ROWS }, () => Array.from({ length: EMBED_DIM }, () => Math.fround(rand())));
const embedPipeline = Buffer.from(JSON.stringify(matrix));
const embedOpenAI = Buffer.from(
  JSON.stringify({
    object: "list",
    data: matrix.map((embedding, index) => ({ object: "embedding", index, embedding })),
    model: "bench-model",
    usage: { prompt_tokens: EMBED_ROWS, total_tokens: EMBED_ROWS },
  }),
);

const image = Buffer.alloc(IMAGE_BYTES);
for (let i = 0; i < IMAGE_BYTES; i++) image[i] = (i * 2_654_435_761) >>> 24;

const firstRest = Buffer.concat(streamEvents(FIRST_REST));
const holdFirst = Buffer.from(chunkEvent(0, false));
/** Wall-clock ms with sub-ms precision, on the same clock as the client process's. */
const wall = () => performance.timeOrigin + performance.now();

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

function sendBody(res, type, body) {
  res.writeHead(200, { "content-type": type, "content-length": String(body.byteLength) });
  res.end(body);
}

async function sendPaced(res) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const ev of pacedEvents) {
    if (res.destroyed) return;
    res.write(ev);
    await wait(PACE_MS);
  }
  res.end();
}

function sendFirst(res) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
  // The gap lets the client settle into waiting for the body, so the first event finds it idle.
  setTimeout(() => {
    if (res.destroyed) return;
    const ev = chunkEvent(0, false).replace('"id":', `"bench_ts":${wall()},"id":`);
    res.write(ev);
    res.end(firstRest);
  }, FIRST_GAP_MS);
}

function sendHold(req, res) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(holdFirst);
  // Nothing more: the stream stays open until the client cancels it or exits.
  req.socket.setTimeout(0);
}

const server = http.createServer((req, res) => {
  const parts = [];
  req.on("data", (c) => parts.push(c));
  req.on("end", () => {
    const path = req.url ?? "/";
    const kind = path.split("/")[1];
    const stream = parts.length > 0 && /"stream"\s*:\s*true/.test(Buffer.concat(parts).toString("utf8"));
    if (kind === "json") return sendBody(res, "application/json", chatJson);
    if (kind === "burst" && stream) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.end(burstBody);
      return;
    }
    if (kind === "paced" && stream) return void sendPaced(res);
    if (kind === "first" && stream) return sendFirst(res);
    if (kind === "hold" && stream) return sendHold(req, res);
    if (kind === "embed") {
      return sendBody(res, "application/json", /\/embeddings$/.test(path) ? embedOpenAI : embedPipeline);
    }
    if (kind === "image") return sendBody(res, "image/png", image);
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: `no route for ${req.method} ${path}` }));
  });
});
server.keepAliveTimeout = 60_000;
// Held streams stay open as long as the client wants them.
server.requestTimeout = 0;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));

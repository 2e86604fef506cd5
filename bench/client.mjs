// The client side of the CPU benchmark: every library calls the loopback server started by run.mjs (in
// another process), interleaved round by round, and the CPU time of this process is recorded per batch.
// Run with --expose-gc. Usage:
//   node --expose-gc bench/client.mjs <base url> [rounds] [library's index.js] [baseline's index.js]
// With a baseline (another build of unified-inference, e.g. an older revision), it runs as a library of its own,
// "baseline", interleaved with the others. Prints one JSON object:
// { scenarios: { [id]: { [library]: number[] (one value per round) } }, notes }.
import * as ref from "@huggingface/inference";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import OpenAI from "openai";
import { BURST_CHUNKS, EMBED_DIM, EMBED_ROWS, FIRST_REST, IMAGE_BYTES, PACED_CHUNKS } from "./config.mjs";

const base = process.argv[2];
const ROUNDS = Number(process.argv[3] ?? 9);
const ours = await import(
  pathToFileURL(resolve(process.argv[4] ?? new URL("../dist/index.js", import.meta.url).pathname)).href
);
const baseline = process.argv[5] ? await import(pathToFileURL(resolve(process.argv[5])).href) : undefined;
if (!base) throw new Error("usage: node --expose-gc bench/client.mjs <base url> [rounds] [index.js]");
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

const TOKEN = "hf_benchmarktoken0123456789";
const MODEL = "bench-model";
const messages = [
  { role: "system", content: "You are a helpful assistant." },
  { role: "user", content: "Tell me about the quick brown fox." },
];
const inputs = Array.from({ length: EMBED_ROWS }, (_, i) => `sentence number ${i}`);

// ---------------------------------------------------------------------------------------------------
// Raw fetch: the floor. The least a correct client must do: one fetch, JSON.parse, SSE split by hand.
const rawHeaders = { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` };
const rawStats = { reads: 0, events: 0 };

async function rawPost(url, body) {
  const res = await fetch(url, { method: "POST", headers: rawHeaders, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res;
}

async function rawStream(kind) {
  const res = await rawPost(`${base}/${kind}/v1/chat/completions`, { model: MODEL, messages, stream: true });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error("stream ended before [DONE]");
    rawStats.reads++;
    buf += decoder.decode(value, { stream: true });
    let start = 0;
    let end;
    while ((end = buf.indexOf("\n\n", start)) !== -1) {
      const line = buf.slice(start, end);
      start = end + 2;
      if (!line.startsWith("data: ")) continue;
      const data = line.slice(6);
      if (data === "[DONE]") {
        await reader.cancel();
        rawStats.events += n;
        return n;
      }
      JSON.parse(data);
      n++;
    }
    buf = buf.slice(start);
  }
}

/** Wall-clock ms with sub-ms precision, on the same clock as the server's `bench_ts`. */
const wall = () => performance.timeOrigin + performance.now();

/**
 * /first: µs from the server's write of the first event to this process holding it as a parsed chunk; the
 * rest of the stream is read to its end. (The two processes' clocks may differ by a constant: compare
 * libraries by their difference to raw fetch in the same round, never by the absolute figure.)
 */
async function rawFirst() {
  const res = await rawPost(`${base}/first/v1/chat/completions`, { model: MODEL, messages, stream: true });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  let latency;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return latency;
    buf += decoder.decode(value, { stream: true });
    let start = 0;
    let end;
    while ((end = buf.indexOf("\n\n", start)) !== -1) {
      const line = buf.slice(start, end);
      start = end + 2;
      if (!line.startsWith("data: ")) continue;
      const data = line.slice(6);
      if (data === "[DONE]") continue;
      const chunk = JSON.parse(data);
      if (latency === undefined) latency = (wall() - chunk.bench_ts) * 1000;
    }
    buf = buf.slice(start);
  }
}

/** The latency of the first chunk of an async iterable of chunks (read to its end). */
async function firstOf(chunks) {
  let latency;
  let n = 0;
  for await (const chunk of chunks) {
    if (latency === undefined) latency = (wall() - chunk.bench_ts) * 1000;
    n++;
  }
  if (n !== FIRST_REST + 1) throw new Error(`/first stream gave ${n} chunks`);
  return latency;
}

const raw = {
  chat: async () => (await rawPost(`${base}/json/v1/chat/completions`, { model: MODEL, messages })).json(),
  stream: rawStream,
  embed: async () => (await rawPost(`${base}/embed/models/${MODEL}`, { inputs })).json(),
  image: async () => (await rawPost(`${base}/image/models/${MODEL}`, { inputs: "a cat" })).blob(),
  first: rawFirst,
};

// ---------------------------------------------------------------------------------------------------
// unified-inference (dist) and @huggingface/inference: the standalone functions with endpointUrl.
function hfStyle(lib, imageFn, normalizes = false) {
  const streamArgs = (kind) => ({ accessToken: TOKEN, endpointUrl: `${base}/${kind}`, model: MODEL, messages });
  return {
    chat: () => lib.chatCompletion({ accessToken: TOKEN, endpointUrl: `${base}/json`, model: MODEL, messages }),
    stream: async (kind) => {
      let n = 0;
      for await (const chunk of lib.chatCompletionStream({
        accessToken: TOKEN,
        endpointUrl: `${base}/${kind}`,
        model: MODEL,
        messages,
      })) {
        if (chunk.choices) n++;
      }
      return n;
    },
    embed: () => lib.featureExtraction({ accessToken: TOKEN, endpointUrl: `${base}/embed`, model: MODEL, inputs }),
    image: imageFn,
    first: () => firstOf(lib.chatCompletionStream(streamArgs("first"))),
    // The opt-in normalised chunk view (unified-inference only): one chunk shape across providers.
    streamNorm: normalizes
      ? async (kind) => {
          let n = 0;
          for await (const chunk of lib.chatCompletionStream(streamArgs(kind), { normalize: true })) {
            if (chunk.choices) n++;
          }
          return n;
        }
      : undefined,
  };
}

// textToImage when the library has it, else the generic request returning a Blob.
const imageOf = (lib) =>
  typeof lib.textToImage === "function"
    ? () => lib.textToImage({ accessToken: TOKEN, endpointUrl: `${base}/image`, model: MODEL, inputs: "a cat" })
    : () => lib.request({ accessToken: TOKEN, endpointUrl: `${base}/image`, model: MODEL, inputs: "a cat" });
const oursImage = imageOf(ours);
const oursImageApi = typeof ours.textToImage === "function" ? "textToImage" : "request";
const refImage = () =>
  ref.textToImage({ accessToken: TOKEN, endpointUrl: `${base}/image`, model: MODEL, inputs: "a cat" });

// ---------------------------------------------------------------------------------------------------
// openai@6: chat and embeddings (its image API answers base64 JSON, not comparable).
const oa = (kind) => new OpenAI({ apiKey: TOKEN, baseURL: `${base}/${kind}/v1` });
const oaJson = oa("json");
const oaBurst = oa("burst");
const oaPaced = oa("paced");
const oaEmbed = oa("embed");
const oaFirst = oa("first");
const openai = {
  chat: () => oaJson.chat.completions.create({ model: MODEL, messages }),
  stream: async (kind) => {
    const client = kind === "burst" ? oaBurst : oaPaced;
    let n = 0;
    for await (const chunk of await client.chat.completions.create({ model: MODEL, messages, stream: true })) {
      if (chunk.choices) n++;
    }
    return n;
  },
  embed: () => oaEmbed.embeddings.create({ model: MODEL, input: inputs, encoding_format: "float" }),
  image: undefined,
  first: async () => firstOf(await oaFirst.chat.completions.create({ model: MODEL, messages, stream: true })),
};

const LIBS = {
  fetch: raw,
  "unified-inference": hfStyle(ours, oursImage, true),
  ...(baseline ? { baseline: hfStyle(baseline, imageOf(baseline), true) } : {}),
  "@huggingface/inference": hfStyle(ref, refImage),
  openai,
};

// ---------------------------------------------------------------------------------------------------
// Scenarios: `run(lib)` does one batch and returns how many units (requests, chunks, responses) it did.
const seq = async (n, fn) => {
  for (let i = 0; i < n; i++) await fn();
  return n;
};
const waves = async (waveCount, width, fn) => {
  for (let w = 0; w < waveCount; w++) await Promise.all(Array.from({ length: width }, () => fn()));
  return waveCount * width;
};

const SCENARIOS = [
  { id: "chat-seq", unit: "request", run: (l) => seq(150, l.chat) },
  { id: "chat-c64", unit: "request", run: (l) => waves(4, 64, l.chat) },
  {
    id: "stream-burst",
    unit: "chunk",
    run: async (l) => {
      let n = 0;
      for (let i = 0; i < 4; i++) n += await l.stream("burst");
      return n;
    },
  },
  {
    id: "stream-paced",
    unit: "chunk",
    run: async (l) => (await Promise.all(Array.from({ length: 8 }, () => l.stream("paced")))).reduce((a, b) => a + b),
  },
  {
    id: "stream-burst-normalized",
    unit: "chunk",
    needs: "streamNorm",
    // Raw fetch does no normalising: it is the same floor as for the plain burst.
    run: async (l) => {
      let n = 0;
      for (let i = 0; i < 4; i++) n += await (l.streamNorm ?? l.stream)("burst");
      return n;
    },
    floor: true,
  },
  { id: "embed", unit: "response", run: (l) => seq(3, l.embed), needs: "embed" },
  { id: "image", unit: "response", run: (l) => seq(20, l.image), needs: "image" },
  {
    id: "first-chunk",
    unit: "µs latency",
    needs: "first",
    // Not CPU: the median latency of 15 streams, each opened after the previous one ended.
    latency: async (l) => {
      const xs = [];
      for (let i = 0; i < 15; i++) xs.push(await l.first());
      return xs;
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Sanity: every library gets the answer the benchmark means, before anything is measured.
async function check(name, l) {
  const c = await l.chat();
  if (!c?.choices?.[0]?.message?.content) throw new Error(`${name}: chat answer without content`);
  for (const [kind, expected] of [
    ["burst", BURST_CHUNKS],
    ["paced", PACED_CHUNKS],
  ]) {
    const n = await l.stream(kind);
    if (n !== expected) throw new Error(`${name}: ${kind} stream gave ${n} chunks, expected ${expected}`);
  }
  const e = await l.embed();
  const rows = Array.isArray(e) ? e : e?.data?.map((d) => d.embedding);
  if (rows?.length !== EMBED_ROWS || rows[0]?.length !== EMBED_DIM) throw new Error(`${name}: bad embeddings shape`);
  if (l.streamNorm && (await l.streamNorm("burst")) !== BURST_CHUNKS) throw new Error(`${name}: normalised burst`);
  if (l.first && !Number.isFinite(await l.first())) throw new Error(`${name}: no latency for the first chunk`);
  if (l.image) {
    const b = await l.image();
    if (!(b instanceof Blob) || b.size !== IMAGE_BYTES)
      throw new Error(`${name}: image is not a ${IMAGE_BYTES} B Blob`);
  }
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function measure(scenario, l) {
  globalThis.gc();
  if (scenario.latency) {
    const xs = (await scenario.latency(l)).sort((a, b) => a - b);
    return xs[(xs.length - 1) >> 1];
  }
  const t0 = cpuNow();
  const units = await scenario.run(l);
  return (cpuNow() - t0) / units;
}

// For quick comparisons by hand: BENCH_ONLY=<scenario ids>, BENCH_SKIP_LIBS=<library names> (comma-separated).
const only = process.env.BENCH_ONLY?.split(",");
const skip = process.env.BENCH_SKIP_LIBS?.split(",") ?? [];
if (only) SCENARIOS.splice(0, SCENARIOS.length, ...SCENARIOS.filter((s) => only.includes(s.id)));
const names = Object.keys(LIBS).filter((n) => !skip.includes(n));
for (const name of names) await check(name, LIBS[name]);

// Warm-up: two unmeasured batches of every scenario for every library.
for (let i = 0; i < 2; i++) {
  for (const s of SCENARIOS) {
    for (const name of names) {
      const l = LIBS[name];
      if (!s.needs || l[s.needs] || (s.floor && name === "fetch")) await (s.latency ?? s.run)(l);
    }
  }
}
rawStats.reads = 0;
rawStats.events = 0;
for (let i = 0; i < 2; i++) await raw.stream("paced");
const pacedReadsPerChunk = rawStats.reads / rawStats.events;
rawStats.reads = 0;
rawStats.events = 0;
for (let i = 0; i < 2; i++) await raw.stream("burst");
const burstReadsPerChunk = rawStats.reads / rawStats.events;

const results = {};
for (const s of SCENARIOS) results[s.id] = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order each round so that no library always runs right after the same other one.
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const s of SCENARIOS) {
    for (const name of order) {
      const l = LIBS[name];
      if (s.needs && !l[s.needs] && !(s.floor && name === "fetch")) continue;
      results[s.id][name].push(await measure(s, l));
    }
  }
}

process.stdout.write(
  `${JSON.stringify({
    scenarios: results,
    notes: {
      oursImageApi,
      baselineImageApi: baseline && (typeof baseline.textToImage === "function" ? "textToImage" : "request"),
      pacedReadsPerChunk,
      burstReadsPerChunk,
      rounds: ROUNDS,
    },
  })}\n`,
);

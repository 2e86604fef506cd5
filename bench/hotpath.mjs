// Where unified-inference's client CPU goes on the hot path (not part of `npm run bench`). Each variant adds
// one piece of what the library does on top of the least a client must do, so differences price each piece.
// Usage: node --expose-gc bench/hotpath.mjs [rounds]
//
// Part 1 runs in-process against a fetch that answers from memory (no sockets, so little noise): it prices
// the library's own work in µs. Part 2 uses the loopback server (another process) for what only a real
// fetch shows: the cost of an AbortSignal inside undici. Internals are bundled from src/ with esbuild.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { createParser } from "eventsource-parser";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const ROUNDS = Number(process.argv[2] ?? 9);
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

const outfile = join(mkdtempSync(join(tmpdir(), "ui-hotpath-")), "internals.mjs");
await esbuild.build({
  stdin: {
    resolveDir: root,
    loader: "ts",
    contents: `
      export * from "./src/transport/sse.ts";
      export { IdleWatch } from "./src/transport/scope.ts";
      export { send } from "./src/transport/http.ts";
      export { prepare, transportFor, scopeFor, isFinalChunk } from "./src/tasks/run.ts";
      export { CHAT, chatCompletion, chatCompletionStream } from "./src/tasks/nlp/chat-completion.ts";
    `,
  },
  bundle: true,
  platform: "node",
  format: "esm",
  outfile,
  logLevel: "silent",
});
const ui = await import(pathToFileURL(outfile).href);

// --- measuring ----------------------------------------------------------------------------------------------
const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs `batch(variant)` for every variant, interleaved over ROUNDS rounds; prints medians per unit. */
async function compare(title, unit, variants, batch) {
  const names = Object.keys(variants);
  const per = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) for (let i = 0; i < 3; i++) await batch(variants[n]);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      globalThis.gc();
      const t0 = cpuNow();
      const units = await batch(variants[n]);
      per[n].push((cpuNow() - t0) / units);
    }
  }
  const floor = median(per[names[0]]);
  console.log(`\n### ${title}\n\n| variant | µs CPU / ${unit} | vs first |\n| --- | ---: | ---: |`);
  for (const n of names) {
    const m = median(per[n]);
    console.log(`| ${n} | ${m.toFixed(2)} | ${m - floor >= 0 ? "+" : ""}${(m - floor).toFixed(2)} |`);
  }
}

// --- shared data ---------------------------------------------------------------------------------------------
const TOKEN = "hf_benchmarktoken0123456789";
const messages = [
  { role: "system", content: "You are a helpful assistant." },
  { role: "user", content: "Tell me about the quick brown fox." },
];
const headers = { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` };
const enc = new TextEncoder();
const chatBytes = enc.encode(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1,
    model: "bench-model",
    choices: [{ index: 0, message: { role: "assistant", content: "The quick brown fox." }, finish_reason: "stop" }],
    usage: { prompt_tokens: 12, completion_tokens: 40, total_tokens: 52 },
  }),
);
const CHUNKS = 500;
const events = Array.from({ length: CHUNKS }, (_, i) =>
  enc.encode(
    `data: ${JSON.stringify({
      id: "chatcmpl-bench",
      object: "chat.completion.chunk",
      created: 1,
      model: "bench-model",
      choices: [
        { index: 0, delta: { content: " fox" }, logprobs: null, finish_reason: i === CHUNKS - 1 ? "stop" : null },
      ],
    })}\n\n`,
  ),
);
events.push(enc.encode("data: [DONE]\n\n"));
const burstBytes = new Uint8Array(events.reduce((n, e) => n + e.byteLength, 0));
events.reduce((off, e) => (burstBytes.set(e, off), off + e.byteLength), 0);

const sseHeaders = { "content-type": "text/event-stream" };
/** A body of one piece (burst) or one event per read (paced). */
const sseResponse = (paced) => {
  if (!paced) return new Response(burstBytes, { headers: sseHeaders });
  let i = 0;
  const body = new ReadableStream({
    pull(c) {
      if (i < events.length) c.enqueue(events[i++]);
      else c.close();
    },
  });
  return new Response(body, { headers: sseHeaders });
};
const memFetch = async (url, init) => {
  void init;
  if (url.includes("/json")) return new Response(chatBytes, { headers: { "content-type": "application/json" } });
  return sseResponse(url.includes("/paced"));
};
const chatArgs = { accessToken: TOKEN, endpointUrl: "http://bench.invalid/json", model: "bench-model", messages };

// --- part 1: in-process ---------------------------------------------------------------------------------------
async function readAll(res, release = true) {
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    chunks.push(r.value);
    size += r.value.byteLength;
  }
  if (release) reader.releaseLock();
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) (out.set(c, off), (off += c.byteLength));
  return out;
}

const memPost = (url, signal) =>
  memFetch(url, { method: "POST", headers, body: JSON.stringify({ model: "m", messages }), signal });
const meta = { provider: "endpoint", model: "bench-model" };
const readJsonLike = async (res, release = true) => JSON.parse(new TextDecoder().decode(await readAll(res, release)));

await compare(
  "In-process: one chat request (fetch answers from memory)",
  "request",
  {
    "fetch + res.json()": async () => (await memPost("/json")).json(),
    "reader loop + TextDecoder + JSON.parse, no releaseLock": async () => readJsonLike(await memPost("/json"), false),
    "... + releaseLock()": async () => readJsonLike(await memPost("/json")),
    "... + 1 AbortController (signal given to fetch)": async () => {
      const c = new AbortController();
      return readJsonLike(await memPost("/json", c.signal));
    },
    "... + 1 AbortController + 1 timer": async () => {
      const c = new AbortController();
      const t = setTimeout(() => c.abort(), 300_000);
      const v = await readJsonLike(await memPost("/json", c.signal));
      clearTimeout(t);
      return v;
    },
    "... + 2 AbortControllers + listener + 2 timers (call + attempt)": async () => {
      const call = new AbortController();
      const t1 = setTimeout(() => call.abort(), 600_000);
      const attempt = new AbortController();
      const onAbort = () => attempt.abort();
      call.signal.addEventListener("abort", onAbort, { once: true });
      const t2 = setTimeout(() => attempt.abort(), 300_000);
      const v = await readJsonLike(await memPost("/json", attempt.signal));
      clearTimeout(t2);
      call.signal.removeEventListener("abort", onAbort);
      clearTimeout(t1);
      return v;
    },
    "... the same with src's scopeFor, an attached attempt controller, IdleWatch + prepare": async () => {
      const scope = ui.scopeFor({}, ui.CHAT, chatArgs);
      const t = ui.transportFor({}, scope, [TOKEN]);
      const p = await ui.prepare(ui.CHAT, chatArgs, {}, t, false);
      const ctrl = new AbortController();
      const release = scope.attach(ctrl);
      const w = new ui.IdleWatch(300_000, ctrl, meta);
      const v = await readJsonLike(await memFetch(p.request.url, { ...p.request, signal: ctrl.signal }));
      w.stop();
      release();
      scope.dispose();
      return v;
    },
    "chatCompletion (src)": () => ui.chatCompletion(chatArgs, { fetch: memFetch }),
  },
  async (fn) => {
    for (let i = 0; i < 2000; i++) await fn();
    return 2000;
  },
);

/** `drain`: after [DONE], read the body to its end instead of cancelling it (keeps the connection reusable). */
async function manualSse(res, drain = false) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    buf += decoder.decode(value, { stream: true });
    let start = 0;
    let end;
    while ((end = buf.indexOf("\n\n", start)) !== -1) {
      const data = buf.slice(start + 6, end);
      start = end + 2;
      if (data === "[DONE]") {
        if (!drain) await reader.cancel();
        else while (!(await reader.read()).done);
        return n;
      }
      JSON.parse(data);
      n++;
    }
    buf = buf.slice(start);
  }
}

async function* gen(res) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let start = 0;
    let end;
    while ((end = buf.indexOf("\n\n", start)) !== -1) {
      const data = buf.slice(start + 6, end);
      start = end + 2;
      if (data === "[DONE]") return void (await reader.cancel());
      yield JSON.parse(data);
    }
    buf = buf.slice(start);
  }
}
async function* wrap(it) {
  for await (const v of it) yield v;
}
async function* delegate(it) {
  yield* it;
}

async function viaParser(res, Parser) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let n = 0;
  let end = false;
  const onEvent = (ev) => {
    if (ev.data === "[DONE]") end = true;
    else (JSON.parse(ev.data), n++);
  };
  const parser = Parser === "eventsource-parser" ? createParser({ onEvent }) : new ui.SseParser(onEvent);
  while (!end) {
    const r = await reader.read();
    if (r.done) break;
    parser.feed(decoder.decode(r.value, { stream: true }));
  }
  await reader.cancel();
  return n;
}

async function viaJsonEvents(res, watch) {
  const t = { scope: { meta, signal: new AbortController().signal }, secrets: [TOKEN], idleTimeout: 300_000 };
  const signal = new AbortController().signal;
  const answer = { response: res, watch, signal, done: () => watch.stop(), request: { url: "", headers: {} } };
  let n = 0;
  for await (const v of ui.jsonEvents(answer, t, ui.isFinalChunk)) (void v, n++);
  return n;
}
for (const paced of [false, true]) {
  const kind = paced ? "paced: one event per read" : "burst: all events in one read";
  await compare(
    `In-process: stream of ${CHUNKS} chunks, ${kind}`,
    "chunk",
    {
      "manual split + JSON.parse": () => manualSse(sseResponse(paced)),
      "eventsource-parser + JSON.parse": () => viaParser(sseResponse(paced), "eventsource-parser"),
      "manual split in an async generator": async () => {
        let n = 0;
        for await (const v of gen(sseResponse(paced))) (void v, n++);
        return n;
      },
      "... + a for-await/yield layer + a yield* layer": async () => {
        let n = 0;
        for await (const v of delegate(wrap(gen(sseResponse(paced))))) (void v, n++);
        return n;
      },
      "SseParser (src) + JSON.parse": () => viaParser(sseResponse(paced), "src"),
      "jsonEvents (src), with its IdleWatch": () =>
        viaJsonEvents(sseResponse(paced), new ui.IdleWatch(300_000, new AbortController(), meta)),
      "chatCompletionStream (src)": async () => {
        let n = 0;
        for await (const c of ui.chatCompletionStream(
          { ...chatArgs, endpointUrl: `http://bench.invalid/${paced ? "paced" : "burst"}` },
          { fetch: memFetch },
        ))
          (void c, n++);
        return n;
      },
    },
    async (fn) => {
      let n = 0;
      for (let i = 0; i < 20; i++) n += await fn();
      return n;
    },
  );
}

// --- part 2: loopback server -------------------------------------------------------------------------------------
const server = spawn(process.execPath, [join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
try {
  const port = await new Promise((resolve) => {
    let buf = "";
    server.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]).port);
    });
  });
  const url = `http://127.0.0.1:${port}/json/v1/chat/completions`;
  const post = (signal) =>
    fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "m", messages }),
      ...(signal ? { signal } : {}),
    });
  await compare(
    "Loopback: one chat request",
    "request",
    {
      "fetch + res.json()": async () => (await post()).json(),
      "fetch with an AbortSignal + res.json()": async () => (await post(new AbortController().signal)).json(),
      "chatCompletion (src)": () => ui.chatCompletion({ ...chatArgs, endpointUrl: `http://127.0.0.1:${port}/json` }),
    },
    async (fn) => {
      for (let i = 0; i < 300; i++) await fn();
      return 300;
    },
  );

  for (const kind of ["burst", "paced"]) {
    const sseUrl = `http://127.0.0.1:${port}/${kind}/v1/chat/completions`;
    const args = { ...chatArgs, endpointUrl: `http://127.0.0.1:${port}/${kind}` };
    const width = kind === "paced" ? 8 : 1;
    const one = async () => {
      let n = 0;
      for await (const c of ui.chatCompletionStream(args)) (void c, n++);
      return n;
    };
    const streams = async (fn) => (await Promise.all(Array.from({ length: width }, fn))).reduce((a, b) => a + b);
    const body = JSON.stringify({ model: "m", messages, stream: true });
    await compare(
      `Loopback: stream, ${kind}${width > 1 ? ` (${width} streams at once)` : ""}`,
      "chunk",
      {
        "fetch + manual split + JSON.parse": () =>
          streams(async () => manualSse(await fetch(sseUrl, { method: "POST", headers, body }))),
        "fetch + manual split + JSON.parse, read to end after [DONE]": () =>
          streams(async () => manualSse(await fetch(sseUrl, { method: "POST", headers, body }), true)),
        "manual split in 1 async generator": () =>
          streams(async () => {
            let n = 0;
            for await (const v of gen(await fetch(sseUrl, { method: "POST", headers, body }))) (void v, n++);
            return n;
          }),
        "... + 3 for-await/yield layers (as many as src stacks)": () =>
          streams(async () => {
            let n = 0;
            for await (const v of wrap(wrap(wrap(gen(await fetch(sseUrl, { method: "POST", headers, body }))))))
              (void v, n++);
            return n;
          }),
        "jsonEvents over send (src transport only)": () =>
          streams(async () => {
            const scope = ui.scopeFor({}, ui.CHAT, args);
            const t = ui.transportFor({}, scope, [TOKEN]);
            const req = { url: sseUrl, method: "POST", headers: { ...headers, Accept: "text/event-stream" }, body };
            let n = 0;
            try {
              for await (const v of ui.jsonEvents(await ui.send(req, t), t, ui.isFinalChunk)) (void v, n++);
            } finally {
              scope.dispose();
            }
            return n;
          }),
        "chatCompletionStream (src)": () => streams(one),
      },
      async (fn) => {
        let n = 0;
        for (let i = 0; i < 4; i++) n += await fn();
        return n;
      },
    );
  }
} finally {
  server.kill();
}

/**
 * Event streams by the standard (WHATWG HTML, "Interpreting an event stream"), over real loopback HTTP: a
 * node:http server in this file ends each body in one of the ways real servers do, and the client must
 * yield exactly the complete events. A body that ends cleanly ends the stream, with or without `[DONE]`; an
 * event whose blank line never came is discarded, never parsed; a connection cut or a stall mid-stream
 * still fails with the typed error. Lines and events are bounded (`maxEventBytes`, 8 MiB by default),
 * checked on the bytes before the parser buffers them: an endless line fails after about the cap.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chatCompletionStream,
  InferenceClientConnectionError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
} from "../src/index.js";
import { send, type Transport } from "../src/transport/http.js";
import { createScope } from "../src/transport/scope.js";
import { jsonEvents, MAX_EVENT_BYTES } from "../src/transport/sse.js";
import { listenLoopback, type Loopback } from "./support/loopback.js";

const chunk = (i: number, finish: string | null = null) => ({
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1_765_000_000,
  model: "m",
  choices: [{ index: 0, delta: { content: `piece ${i} ` }, finish_reason: finish }],
});
const event = (v: unknown) => `data: ${JSON.stringify(v)}\n\n`;

/** What the server does once the headers are sent: write, wait for the client, end or cut or stall. */
type Script = (res: ServerResponse, req: IncomingMessage) => Promise<unknown>;
const scripts = new Map<string, Script>();
/** Resolved by the test when its consumer has seen an event: the server then cuts or stalls. */
let consumerSaw: () => void = () => {};
let seenByConsumer: Promise<void> = Promise.resolve();
function armConsumerSignal(): void {
  seenByConsumer = new Promise<void>((resolve) => (consumerSaw = resolve));
}

let server: Loopback;
let base: string;
beforeAll(async () => {
  server = await listenLoopback((req, res) => {
    req.resume();
    req.on("end", () => {
      const script = scripts.get(new URL(req.url ?? "/", "http://x").pathname.split("/")[1] ?? "");
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.flushHeaders();
      void (script ? script(res, req) : Promise.resolve(res.end())).catch(() => res.destroy());
    });
  });
  base = server.url;
});
afterAll(() => server.close());

const MESSAGES = [{ role: "user" as const, content: "Count" }];

/** Streams a chat completion from the server path `name`; returns the chunks and the error, if any. */
async function streamFrom(
  name: string,
  script: Script,
  options: Record<string, unknown> = {},
): Promise<{ chunks: unknown[]; error?: any }> {
  scripts.set(name, script);
  const chunks: unknown[] = [];
  try {
    for await (const c of chatCompletionStream(
      { endpointUrl: `${base}/${name}/v1`, messages: MESSAGES },
      { maxRetries: 0, ...options },
    )) {
      chunks.push(c);
      consumerSaw();
    }
    return { chunks };
  } catch (error) {
    return { chunks, error };
  }
}

const write = (res: ServerResponse, text: string) =>
  new Promise<void>((resolve, reject) => res.write(text, (e) => (e ? reject(e) : resolve())));

describe("how a body ends (loopback HTTP)", () => {
  it("[DONE] and its blank line: every event, then the end", async () => {
    const { chunks, error } = await streamFrom("done", async (res) => {
      res.end(event(chunk(0)) + event(chunk(1, "stop")) + "data: [DONE]\n\n");
    });
    expect(error).toBeUndefined();
    expect(chunks).toEqual([chunk(0), chunk(1, "stop")]);
  });

  it("a clean end without [DONE], even without a finishing chunk: every event, then the end", async () => {
    const finished = await streamFrom("no-done", async (res) => {
      res.end(event(chunk(0)) + event(chunk(1, "stop")));
    });
    expect(finished.error).toBeUndefined();
    expect(finished.chunks).toEqual([chunk(0), chunk(1, "stop")]);
    const unfinished = await streamFrom("no-done-no-final", async (res) => {
      res.end(event(chunk(0)) + event(chunk(1)));
    });
    expect(unfinished.error).toBeUndefined();
    expect(unfinished.chunks).toEqual([chunk(0), chunk(1)]);
  });

  it("an incomplete last event (no blank line before the end) is discarded, never parsed", async () => {
    // Its line ended, but the blank line that dispatches it never came.
    const lineEnded = await streamFrom("incomplete-line-ended", async (res) => {
      res.end(`${event(chunk(0))}data: ${JSON.stringify(chunk(1, "stop"))}\n`);
    });
    expect(lineEnded.error).toBeUndefined();
    expect(lineEnded.chunks).toEqual([chunk(0)]);
    // Cut inside its JSON: parsing it would be an error; it is not parsed at all.
    const midJson = await streamFrom("incomplete-mid-json", async (res) => {
      res.end(`${event(chunk(0))}data: {"id":"chatcmpl-1","choi`);
    });
    expect(midJson.error).toBeUndefined();
    expect(midJson.chunks).toEqual([chunk(0)]);
    // With CRLF line ends, and a last event of two data lines of which only the first ended.
    const crlf = await streamFrom("incomplete-crlf", async (res) => {
      res.end(`data: ${JSON.stringify(chunk(0))}\r\n\r\ndata: {"a":\r\ndata: 1}`);
    });
    expect(crlf.error).toBeUndefined();
    expect(crlf.chunks).toEqual([chunk(0)]);
  });

  it("a last event ended by a lone CR at the very end is complete (CR is a line end)", async () => {
    const { chunks, error } = await streamFrom("lone-cr", async (res) => {
      res.end(`data: ${JSON.stringify(chunk(0))}\r\rdata: ${JSON.stringify(chunk(1, "stop"))}\r\r`);
    });
    expect(error).toBeUndefined();
    expect(chunks).toEqual([chunk(0), chunk(1, "stop")]);
  });

  it("a connection cut mid-event rejects with InferenceClientConnectionError, after the events received", async () => {
    armConsumerSignal();
    const { chunks, error } = await streamFrom("cut", async (res, req) => {
      await write(res, `${event(chunk(0))}data: {"id":"chatcmpl-1","choi`);
      await seenByConsumer;
      req.socket.destroy();
    });
    expect(error).toBeInstanceOf(InferenceClientConnectionError);
    expect(chunks).toEqual([chunk(0)]);
  });

  it("a stall mid-stream rejects with an idle InferenceClientTimeoutError, after the events received", async () => {
    armConsumerSignal();
    const { chunks, error } = await streamFrom(
      "stall",
      async (res) => {
        await write(res, `${event(chunk(0))}data: {"id":`);
        await seenByConsumer;
        // Nothing more: the client's idleTimeout acts (closeAllConnections ends the socket after the test).
      },
      { idleTimeout: 50 },
    );
    expect(error).toBeInstanceOf(InferenceClientTimeoutError);
    expect(error.kind).toBe("idle");
    expect(chunks).toEqual([chunk(0)]);
  });
});

/** Reads the events of the server path `name` through the transport with a given `maxEventBytes`. */
async function eventsWithCap(name: string, script: Script, maxEventBytes?: number) {
  scripts.set(name, script);
  const scope = createScope(undefined, 60_000, { provider: "test", model: "m" });
  let read = 0;
  // Counts the body bytes the client actually read.
  const counting: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(piece, controller) {
        read += piece.byteLength;
        controller.enqueue(piece);
      },
    });
    return new Response(response.body!.pipeThrough(tap), { status: response.status, headers: response.headers });
  };
  const t: Transport = {
    fetch: counting,
    scope,
    maxRetries: 0,
    idleTimeout: 30_000,
    secrets: [],
    ...(maxEventBytes === undefined ? {} : { maxEventBytes }),
  };
  const out: unknown[] = [];
  try {
    const answer = await send({ url: `${base}/${name}`, method: "POST", headers: {}, body: "{}" }, t);
    for await (const e of jsonEvents(answer, t)) out.push(e);
    return { out, read: () => read };
  } catch (error) {
    return { out, error: error as Error, read: () => read };
  } finally {
    scope.dispose();
  }
}

const measured: string[] = [];
afterAll(() => {
  if (process.env.SSE_REPORT) console.log(measured.join("\n"));
});

describe("parsers are reused from stream to stream, and carry nothing over (loopback HTTP)", () => {
  // The reader keeps the parsers of ended streams for the next ones (src/transport/sse.ts, `spareParsers`).
  // Whatever a stream left pending in its parser (a line or an event cut by the end of its body) must not
  // reach the next stream that gets that parser.
  it("an event cut by a connection failure is not continued by the next stream's first bytes", async () => {
    armConsumerSignal();
    const cut = await streamFrom("leak-cut", async (res, req) => {
      await write(res, `${event(chunk(0))}data: {"leaked":`);
      await seenByConsumer;
      req.socket.destroy();
    });
    expect(cut.error).toBeInstanceOf(InferenceClientConnectionError);
    // Several streams in a row, so that whichever spare parser the cut stream left is taken by one of them.
    for (let i = 0; i < 4; i++) {
      const next = await streamFrom(`leak-next-${i}`, async (res) => {
        // A parser still holding `data: {"leaked":` would make `{"leaked":1}` of the first line.
        res.end(`1}\n\n${event(chunk(5, "stop"))}`);
      });
      expect(next.error).toBeUndefined();
      expect(next.chunks).toEqual([chunk(5, "stop")]);
    }
  });

  it("an event whose blank line never came, at a clean end, is not dispatched by the next stream's", async () => {
    const first = await streamFrom("leak-incomplete", async (res) => {
      res.end(`${event(chunk(0))}data: ${JSON.stringify(chunk(1))}\n`);
    });
    expect(first.chunks).toEqual([chunk(0)]);
    for (let i = 0; i < 4; i++) {
      const next = await streamFrom(`leak-incomplete-next-${i}`, async (res) => {
        // A blank line first: a parser still holding chunk(1) would dispatch it now.
        res.end(`\n${event(chunk(7, "stop"))}`);
      });
      expect(next.error).toBeUndefined();
      expect(next.chunks).toEqual([chunk(7, "stop")]);
    }
  });

  it("a byte-order mark at the start of each stream is dropped, parser reused or not", async () => {
    for (let i = 0; i < 3; i++) {
      const { chunks, error } = await streamFrom(`bom-${i}`, async (res) => {
        res.end(`\uFEFF${event(chunk(i, "stop"))}`);
      });
      expect(error).toBeUndefined();
      expect(chunks).toEqual([chunk(i, "stop")]);
    }
  });

  it("streams ended by throw() while a read is pending leave the next streams whole", async () => {
    armConsumerSignal();
    scripts.set("leak-throw", async (res) => {
      await write(res, event(chunk(0)));
      await seenByConsumer;
      // Written after the consumer ended the stream: must reach no stream.
      await new Promise((r) => setTimeout(r, 20));
      res.end(`data: {"leaked":1}\n\n`);
    });
    const it = chatCompletionStream({ endpointUrl: `${base}/leak-throw/v1`, messages: MESSAGES }, { maxRetries: 0 });
    const firstChunk = await it.next();
    expect(firstChunk.value).toEqual(chunk(0));
    const pendingRead = it.next();
    consumerSaw();
    const thrown = new Error("stop here");
    await expect(it.throw(thrown)).rejects.toBe(thrown);
    await pendingRead.catch(() => {});
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        streamFrom(`leak-throw-next-${i}`, async (res) => {
          res.write(event(chunk(i)));
          setTimeout(() => res.end(event(chunk(i + 10, "stop"))), 5);
        }),
      ),
    );
    results.forEach((r, i) => {
      expect(r.error).toBeUndefined();
      expect(r.chunks).toEqual([chunk(i), chunk(i + 10, "stop")]);
    });
  });
});

describe("SSE caps (maxEventBytes)", () => {
  it("the default is 8 MiB", () => {
    expect(MAX_EVENT_BYTES).toBe(8 * 1024 * 1024);
  });

  it("a 100 MB line without a line break fails after about 8 MiB read; the body is cancelled", async () => {
    const TOTAL = 100 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, "x");
    let written = 0;
    let closedEarly = false;
    const { out, error, read } = await eventsWithCap("endless-line", async (res) => {
      res.on("close", () => (closedEarly = written < TOTAL));
      await write(res, "data: ");
      // Writes as fast as the client reads (waiting for drain), until 100 MB or the client cancels.
      while (written < TOTAL && !res.destroyed) {
        const ok = res.write(piece);
        written += piece.byteLength;
        if (!ok) {
          await new Promise<void>((resolve) => {
            const go = () => {
              res.off("drain", go).off("close", go);
              resolve();
            };
            res.on("drain", go).on("close", go);
          });
        }
      }
      if (!res.destroyed) res.end();
    });
    expect(error).toBeInstanceOf(InferenceClientProviderOutputError);
    expect(error!.message).toMatch(/longer than 8388608 bytes/);
    expect(out).toEqual([]);
    // The client read just past the cap, not the whole line.
    expect(read()).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(read()).toBeLessThan(MAX_EVENT_BYTES + 1024 * 1024);
    // The server saw the connection closed long before it could send the 100 MB.
    await new Promise<void>((resolve) => {
      const check = () => (closedEarly ? resolve() : setImmediate(check));
      check();
    });
    expect(written).toBeLessThan(TOTAL / 2);
    measured.push(`endless line: client read ${read()} B, server wrote ${written} B of ${TOTAL} B`);
  });

  it("a line of exactly the cap passes; one byte more fails", async () => {
    const payload = JSON.stringify({ id: "x".repeat(100) });
    const line = `data: ${payload}`;
    const ok = await eventsWithCap("exact", async (res) => res.end(`${line}\r\n\r\n`), line.length);
    expect(ok.error).toBeUndefined();
    expect(ok.out).toEqual([JSON.parse(payload)]);
    const over = await eventsWithCap("exact-over", async (res) => res.end(`${line}\r\n\r\n`), line.length - 1);
    expect(over.error).toBeInstanceOf(InferenceClientProviderOutputError);
  });

  it("an event's data lines together are bounded too, each line being short", async () => {
    // One JSON array spread over 202 data lines of about 60 bytes (valid JSON once joined).
    const lines = `data: [\n${Array.from({ length: 200 }, () => `data: "${"y".repeat(50)}",\n`).join("")}data: 0]\n`;
    const whole = await eventsWithCap("many-lines-whole", async (res) => res.end(`${lines}\n`), 1024 * 1024);
    expect(whole.error).toBeUndefined();
    expect(whole.out).toEqual([[...Array.from({ length: 200 }, () => "y".repeat(50)), 0]]);
    const { out, error } = await eventsWithCap("many-lines", async (res) => res.end(`${lines}\n`), 4096);
    expect(error).toBeInstanceOf(InferenceClientProviderOutputError);
    expect(error!.message).toMatch(/longer than 4096 bytes/);
    expect(out).toEqual([]);
    // The same bytes as separate events pass: the count starts again at each blank line.
    const separate = Array.from({ length: 200 }, (_, i) => `data: {"i":${i}}\n\n`).join("");
    const split = await eventsWithCap("separate", async (res) => res.end(separate), 4096);
    expect(split.error).toBeUndefined();
    expect(split.out).toHaveLength(200);
  });

  it("comment lines (keep-alive pings) do not count towards an event", async () => {
    const pings = Array.from({ length: 500 }, () => ": ping\n").join("");
    const { out, error } = await eventsWithCap("pings", async (res) => res.end(`${pings}data: {"ok":true}\n\n`), 1024);
    expect(error).toBeUndefined();
    expect(out).toEqual([{ ok: true }]);
  });
});

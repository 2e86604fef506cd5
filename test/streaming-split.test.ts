/**
 * One SSE stream (CRLF line endings, multibyte content, a comment, an `event:` field, a data field on two
 * lines) delivered in two pieces split at every byte boundary, and one byte at a time, gives the same
 * chunks as the stream delivered whole. A loopback server writes the first piece and waits until the
 * client has received it before writing the rest, so every split really reaches the parser as two reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InferenceClient } from "../src/index.js";
import { listenLoopback, type Loopback } from "./support/loopback.js";

const MODEL = "Qwen/Qwen3-32B";
const PIECES = ["Bonjour 👋", " 東京は首都。", " café ✓ 🇫🇷"];
const TEXT = PIECES.join("");

const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
  id: "c1",
  object: "chat.completion.chunk",
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const EXPECTED = [
  chunk({ role: "assistant", content: "" }, null),
  ...PIECES.map((p) => chunk({ content: p }, null)),
  chunk({}, "stop"),
];

/** The stream as a provider could send it, every line ended by CRLF. */
function sseText(): string {
  const lines: string[] = [": ping", ""];
  EXPECTED.forEach((event, i) => {
    const json = JSON.stringify(event);
    if (i === 1) {
      // An `event:` field before the data.
      lines.push("event: message", `data: ${json}`, "");
    } else if (i === 2) {
      // One JSON payload on two data lines (joined with a newline, still valid JSON).
      const cut = json.indexOf(',"choices"') + 1;
      lines.push(`data: ${json.slice(0, cut)}`, `data: ${json.slice(cut)}`, "");
    } else {
      lines.push(`data: ${json}`, "");
    }
  });
  lines.push("data: [DONE]", "");
  return lines.join("\r\n");
}
const BYTES = new TextEncoder().encode(sseText());

/** Per response (keyed by a tag in its URL): bytes the client has read, and the offsets where its reads ended. */
interface ReadState {
  received: number;
  boundaries: number[];
  waiters: { at: number; resolve: () => void }[];
}
const states = new Map<string, ReadState>();
const tagOf = (url: string) => /\/r\/([^/]+)\//.exec(url)?.[1] ?? "";

function stateOf(tag: string): ReadState {
  let s = states.get(tag);
  if (!s) states.set(tag, (s = { received: 0, boundaries: [], waiters: [] }));
  return s;
}

function untilReceived(s: ReadState, at: number): Promise<void> {
  if (s.received >= at) return Promise.resolve();
  return new Promise((resolve) => s.waiters.push({ at, resolve }));
}

/** A fetch whose response body reports every read to the test before the client sees it. */
const tappingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const s = stateOf(tagOf(String(input)));
  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(piece, controller) {
      s.received += piece.byteLength;
      s.boundaries.push(s.received);
      const ready = s.waiters.filter((w) => s.received >= w.at);
      s.waiters = s.waiters.filter((w) => s.received < w.at);
      for (const w of ready) w.resolve();
      controller.enqueue(piece);
    },
  });
  return new Response(response.body!.pipeThrough(tap), { status: response.status, headers: response.headers });
};

let server: Loopback;
let base: string;
const seen: { url: string; body: unknown }[] = [];

beforeAll(async () => {
  server = await listenLoopback((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      const url = req.url ?? "";
      seen.push({ url, body: JSON.parse(Buffer.concat(parts).toString("utf8")) });
      const s = stateOf(tagOf(url));
      void (async () => {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        // `/cuts/3,10/` writes bytes [0,3), then [3,10), then the rest, each once the client has read the previous.
        const m = /\/cuts\/([\d,]+)\//.exec(url);
        const cuts = m ? m[1]!.split(",").map(Number) : [];
        let from = 0;
        for (const cut of cuts) {
          res.write(BYTES.subarray(from, cut));
          await untilReceived(s, cut);
          from = cut;
        }
        res.end(BYTES.subarray(from));
      })();
    });
  });
  base = server.url;
});
afterAll(() => server.close());

const client = new InferenceClient(undefined, { fetch: tappingFetch, maxRetries: 0 });

/** Streams a chat completion from the server, bytes delivered with reads ending at `cuts`. */
async function streamWith(tag: string, cuts: number[]): Promise<{ out: unknown[]; state: ReadState }> {
  const out: unknown[] = [];
  const path = cuts.length ? `/r/${tag}/cuts/${cuts.join(",")}/v1` : `/r/${tag}/v1`;
  for await (const c of client.chatCompletionStream({
    endpointUrl: `${base}${path}`,
    model: MODEL,
    messages: [{ role: "user", content: "Say hello in several languages" }],
  })) {
    out.push(c);
  }
  const state = stateOf(tag);
  states.delete(tag);
  return { out, state };
}

describe("SSE split across reads", () => {
  it("the stream has CRLF line ends and multibyte characters of 2, 3 and 4 bytes", () => {
    const text = new TextDecoder().decode(BYTES);
    expect(text).toContain("\r\n\r\n");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const ch of ["é", "東", "👋"]) expect(text).toContain(ch);
    expect(BYTES.byteLength).toBeGreaterThan(text.length);
  });

  it("whole, gives the expected chunks", async () => {
    const { out, state } = await streamWith("whole", []);
    expect(out).toEqual(EXPECTED);
    expect(out.map((c: any) => c.choices[0].delta.content ?? "").join("")).toBe(TEXT);
    expect(state.received).toBe(BYTES.byteLength);
    expect(seen.at(-1)!.url).toBe("/r/whole/v1/chat/completions");
    expect(seen.at(-1)!.body).toEqual({
      model: MODEL,
      messages: [{ role: "user", content: "Say hello in several languages" }],
      stream: true,
    });
  });

  it("split in two at every byte boundary, gives the same chunks", async () => {
    const cuts = Array.from({ length: BYTES.byteLength - 1 }, (_, i) => i + 1);
    const failures: number[] = [];
    const unsplit: number[] = [];
    // A few streams at a time, each on its own connection.
    const lanes = 8;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < cuts.length; i += lanes) {
          const cut = cuts[i]!;
          const { out, state } = await streamWith(`split-${cut}`, [cut]);
          // The cut really was the end of a read.
          if (!state.boundaries.includes(cut) || state.received !== BYTES.byteLength) unsplit.push(cut);
          if (JSON.stringify(out) !== JSON.stringify(EXPECTED)) failures.push(cut);
        }
      }),
    );
    expect(unsplit).toEqual([]);
    expect(failures.sort((a, b) => a - b)).toEqual([]);
  });

  it("one byte per read, gives the same chunks", async () => {
    const cuts = Array.from({ length: BYTES.byteLength - 1 }, (_, i) => i + 1);
    const { out, state } = await streamWith("bytewise", cuts);
    expect(state.boundaries).toEqual([...cuts, BYTES.byteLength]);
    expect(out).toEqual(EXPECTED);
  });
});

/**
 * Property: however a stream is written (LF, CR or CRLF line ends, comments, `event`/`id`/`retry`
 * fields, data spread over several lines, a BOM, multibyte text) and however its bytes are split into
 * network reads (CRLF and multibyte characters cut in two included), the SSE path yields exactly the
 * events that were sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { send, type Transport } from "../src/transport/http.js";
import { createScope } from "../src/transport/scope.js";
import { jsonEvents, SseParser, SseSizeGuard, type SseEvent } from "../src/transport/sse.js";

type Chunk = { id: string; choices: { index: number; delta: { content: string }; finish_reason: string | null }[] };

const EOL = fc.constantFrom<"\n" | "\r" | "\r\n">("\n", "\r", "\r\n");
/** Text on one line: no CR or LF (anything else, multibyte included). */
const lineText = fc.fullUnicodeString({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, " "));

interface Layout {
  comments: string[];
  extras: ("event" | "id" | "retry")[];
  pretty: boolean;
  space: boolean;
  eols: ("\n" | "\r" | "\r\n")[];
}

const layout: fc.Arbitrary<Layout> = fc.record({
  comments: fc.array(lineText, { maxLength: 2 }),
  extras: fc.subarray(["event", "id", "retry"] as ("event" | "id" | "retry")[]),
  pretty: fc.boolean(),
  space: fc.boolean(),
  eols: fc.array(EOL, { minLength: 1, maxLength: 8 }),
});

const content = fc.fullUnicodeString({ maxLength: 30 });

const streamCase = fc.record({
  contents: fc.array(content, { minLength: 1, maxLength: 6 }),
  layouts: fc.array(layout, { minLength: 7, maxLength: 7 }),
  bom: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

function eventsOf(contents: string[]): Chunk[] {
  return contents.map((c, i) => ({
    id: `c${i}`,
    choices: [{ index: 0, delta: { content: c }, finish_reason: i === contents.length - 1 ? "stop" : null }],
  }));
}

/** One event as SSE lines, laid out as `l` says. */
function writeEvent(data: string, l: Layout): string {
  let eol = 0;
  let last = "";
  const end = () => {
    let e: string = l.eols[eol++ % l.eols.length]!;
    // A CR end followed by a LF end would read as one CRLF: the LF one becomes a CRLF.
    if (last === "\r" && e === "\n") e = "\r\n";
    last = e;
    return e;
  };
  let out = "";
  for (const c of l.comments) out += `:${c}${end()}`;
  if (l.extras.includes("event")) out += `event: message${end()}`;
  if (l.extras.includes("id")) out += `id: 42${end()}`;
  if (l.extras.includes("retry")) out += `retry: 1000${end()}`;
  for (const line of data.split("\n")) out += `data:${l.space ? " " : ""}${line}${end()}`;
  return out + end();
}

function writeStream(events: Chunk[], layouts: Layout[], bom: boolean): string {
  let text = bom ? "\uFEFF" : "";
  events.forEach((e, i) => {
    const l = layouts[i % layouts.length]!;
    text += writeEvent(l.pretty ? JSON.stringify(e, null, 1) : JSON.stringify(e), l);
  });
  return text + writeEvent("[DONE]", layouts[layouts.length - 1]!);
}

/** `bytes` cut at the given positions (taken modulo the length). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    if (c > prev) out.push(bytes.slice(prev, c));
    prev = Math.max(prev, c);
  }
  return out;
}

/** The events the SSE path yields for a body delivered in these pieces, through `send` and `jsonEvents`. */
async function throughTransport(pieces: Uint8Array[]): Promise<unknown[]> {
  const fetchPieces: typeof fetch = async () => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (i < pieces.length) c.enqueue(pieces[i++]!);
        else c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  };
  const scope = createScope(undefined, 10_000, { provider: "test", model: "m" });
  const t: Transport = { fetch: fetchPieces, scope, maxRetries: 0, idleTimeout: 10_000, secrets: [] };
  try {
    const answer = await send({ url: "http://127.0.0.1:9/stream", headers: {} }, t);
    const out: unknown[] = [];
    for await (const e of jsonEvents(answer, t)) out.push(e);
    return out;
  } finally {
    scope.dispose();
  }
}

function parseAll(pieces: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = new SseParser((e) => out.push(e));
  for (const s of pieces) p.feed(s);
  p.end();
  return out;
}

describe("SSE parsing, property-based", () => {
  it("yields the sent events whatever the line ends, comments, BOM, multibyte text and byte splits", async () => {
    await fc.assert(
      fc.asyncProperty(streamCase, async ({ contents, layouts, bom, cuts }) => {
        const events = eventsOf(contents);
        const bytes = new TextEncoder().encode(writeStream(events, layouts, bom));
        const whole = await throughTransport([bytes]);
        const pieces = await throughTransport(split(bytes, cuts));
        expect(whole).toEqual(events);
        expect(pieces).toEqual(events);
      }),
      { numRuns: 300 },
    );
  });

  it("one byte at a time gives the same events", async () => {
    await fc.assert(
      fc.asyncProperty(streamCase, async ({ contents, layouts, bom }) => {
        const events = eventsOf(contents);
        const bytes = new TextEncoder().encode(writeStream(events, layouts, bom));
        const single = Array.from(bytes, (b) => Uint8Array.of(b));
        expect(await throughTransport(single)).toEqual(events);
      }),
      { numRuns: 40 },
    );
  });

  it("the parser gives the same events for any split of the text, CRLF cut in two included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ data: fc.array(lineText, { minLength: 1, maxLength: 3 }), l: layout }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (evs, cuts) => {
          const text = evs.map((e) => writeEvent(e.data.join("\n"), { ...e.l, extras: [] })).join("");
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let prev = 0;
          for (const c of [...at, text.length]) {
            pieces.push(text.slice(prev, c));
            prev = c;
          }
          const expected = evs.map((e) => ({
            event: "",
            // A single leading space after "data:" is part of the syntax, not of the value.
            data: e.data.map((d) => (e.l.space ? d : d.replace(/^ /, ""))).join("\n"),
          }));
          expect(parseAll([text])).toEqual(expected);
          expect(parseAll(pieces)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("examples: CR at the end of a piece, a lone CR line end, a BOM, an incomplete last event discarded", () => {
    expect(parseAll(["data: a\r", "\ndata: b\r\n\r\n"]).map((e) => e.data)).toEqual(["a\nb"]);
    expect(parseAll(["data: a\r", "\r"]).map((e) => e.data)).toEqual(["a"]);
    expect(parseAll(["data: a\r\r", "data: b\r\r"]).map((e) => e.data)).toEqual(["a", "b"]);
    expect(parseAll(["\uFEFFdata: a\n\n"]).map((e) => e.data)).toEqual(["a"]);
    // An event whose blank line never came is discarded at the end (WHATWG HTML, "Interpreting an event stream").
    expect(parseAll(["data: a\n", ": ping\n", "event: error\ndata: b"])).toEqual([]);
    expect(parseAll(["data: a\n\n", "data: b\n"]).map((e) => e.data)).toEqual(["a"]);
    expect(parseAll(["data: a\n\n", "data: b"]).map((e) => e.data)).toEqual(["a"]);
    // A data field without a value is an event with empty data (the stream reader then skips it).
    expect(parseAll(["data\n\ndata:\n\n", "id: 1\n\n"]).map((e) => e.data)).toEqual(["", ""]);
  });
});

describe("SSE size guard, property-based", () => {
  /** The guard's rule on the whole text: no line, and no event's non-comment lines together, past `max` bytes. */
  function withinModel(text: string, max: number): boolean {
    const size = (s: string) => new TextEncoder().encode(s).byteLength;
    let event = 0;
    for (const line of text.split(/\r\n|\r|\n/)) {
      const n = size(line);
      if (n > max) return false;
      if (n === 0) event = 0;
      else if (!line.startsWith(":")) {
        event += n;
        if (event > max) return false;
      }
    }
    return true;
  }

  const line = fc.oneof(
    fc.string({ maxLength: 30 }).map((s) => `data: ${s.replace(/[\r\n]/g, "")}`),
    fc.fullUnicodeString({ maxLength: 12 }).map((s) => `data:${s.replace(/[\r\n]/g, "")}`),
    fc.string({ maxLength: 40 }).map((s) => `:${s.replace(/[\r\n]/g, "")}`),
    fc.constant(""),
  );

  it("accepts a stream exactly when every line and every event fits, whatever the line ends and byte splits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, EOL), { maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 80 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, endWithoutEol, max, cuts) => {
          let text = "";
          let last = "";
          lines.forEach(([l, eol], i) => {
            // A CR end then an empty line ended by LF would read as one CRLF: keep the model and the text in step.
            if (last === "\r" && l === "" && eol === "\n") eol = "\r\n";
            text += l + (endWithoutEol && i === lines.length - 1 ? "" : eol);
            last = endWithoutEol && i === lines.length - 1 ? "" : eol;
          });
          const guard = new SseSizeGuard(max);
          const ok = split(new TextEncoder().encode(text), cuts).every((piece) => guard.push(piece));
          expect(ok).toBe(withinModel(text, max));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

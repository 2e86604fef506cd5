/**
 * The mock provider's core, free of Node APIs: the rules and recorded requests (`createMockCore`), the
 * conversion of requests and replies, and `createMockFetch()`, the mock in-process for browsers, workers
 * and edge runtimes. The loopback server (`startMockProvider`) lives in ./server.ts, which needs Node.
 */
import { endpointReply } from "./endpoint.js";
import { catalogReply, servedBy } from "./wire-catalog.js";
import type { MockHandler, MockReply, MockRequest } from "./types.js";
import { defaultReply } from "./wire.js";

/** Which requests a rule answers: URLs containing a string, URLs matching a RegExp, or a predicate. */
export type Matcher = string | RegExp | ((req: MockRequest) => boolean);

/** One provider of a model, as `mapModel` takes it (the Hub mapping's entry without the model id). */
export interface MappingInput {
  /** The provider's name. */
  provider: string;
  /** The model id on the provider's side. */
  providerId: string;
  /** The task it is served for (`conversational`, `text-to-image`...). */
  task: string;
  /** @default "live" */
  status?: "live" | "staging";
  /** `"lora"` for an adapter served on a base model. */
  adapter?: string;
  /** The adapter's weights file. */
  adapterWeightsPath?: string;
}

/** The mock provider without a server: its rules, mappings and recorded requests. */
export interface MockCore {
  /** Every request received, in order (Hub look-ups included). */
  readonly requests: MockRequest[];
  /** Answer requests matching `match` with `reply` (a fixed reply or a function), `times` times (default: always). */
  on(match: Matcher, reply: MockReply | MockHandler, options?: { times?: number }): this;
  /** Answer the next request matching `match` with `reply`, once. */
  once(match: Matcher, reply: MockReply | MockHandler): this;
  /** Declare which providers serve a model, as the Hub's mapping API would answer. */
  mapModel(model: string, entries: MappingInput[]): this;
  /** Forget overrides and recorded requests (mappings stay unless `all`). */
  reset(all?: boolean): void;
  /** Requests whose URL contains `part` (or matches a RegExp). */
  find(match: Matcher): MockRequest[];
  /** Answers a request as the mock would (used by the server and by the in-process fetch). */
  answer(req: MockRequest): Promise<MockReply>;
}

function matches(match: Matcher, req: MockRequest): boolean {
  if (typeof match === "string") return req.url.includes(match);
  if (match instanceof RegExp) return match.test(req.url);
  return match(req);
}

export function createMockCore(): MockCore {
  const requests: MockRequest[] = [];
  const rules: { match: Matcher; reply: MockReply | MockHandler; times: number }[] = [];
  const mappings = new Map<string, unknown[]>();
  const core: MockCore = {
    requests,
    on(match, reply, options) {
      rules.push({ match, reply, times: options?.times ?? Infinity });
      return this;
    },
    once(match, reply) {
      return this.on(match, reply, { times: 1 });
    },
    mapModel(model, entries) {
      mappings.set(
        model,
        entries.map((e) => ({ status: "live", hfModelId: model, ...e })),
      );
      return this;
    },
    reset(all) {
      requests.length = 0;
      rules.length = 0;
      if (all) mappings.clear();
    },
    find(match) {
      return requests.filter((r) => matches(match, r));
    },
    async answer(req) {
      requests.push(req);
      for (const rule of rules) {
        if (rule.times > 0 && matches(rule.match, req)) {
          const reply = typeof rule.reply === "function" ? await rule.reply(req) : rule.reply;
          if (reply === undefined) continue;
          rule.times--;
          return reply;
        }
      }
      const catalog = catalogReply(req, mappings);
      if (catalog) return catalog;
      const routed = defaultReply(req, mappings);
      const served = routed && servedBy(req, mappings);
      // The router names the provider that served a routed answer.
      if (routed && served) return { ...routed, headers: { "x-inference-provider": served, ...routed.headers } };
      return (
        routed ??
        endpointReply(req) ?? {
          status: 404,
          json: {
            error:
              `The mock provider has no route for ${req.method} ${req.path}. ` +
              "As an endpointUrl, name the task in the path: `${mock.url}/fill-mask`.",
          },
        }
      );
    },
  };
  return core;
}

export function toMockRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  bytes: Uint8Array,
): MockRequest {
  const u = new URL(url);
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  if (text && /json/i.test(headers["content-type"] ?? "")) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { method, url, host: u.host, path: u.pathname, query: u.searchParams, headers, bytes, text, json };
}

const enc = new TextEncoder();
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "*",
};

/** The body of a reply as timed pieces. */
export function replyPieces(reply: MockReply): {
  status: number;
  headers: Record<string, string>;
  pieces: Uint8Array[];
} {
  const headers: Record<string, string> = { ...CORS };
  let pieces: Uint8Array[] = [];
  if (reply.events) {
    headers["content-type"] = "text/event-stream";
    headers["cache-control"] = "no-cache";
    pieces = reply.events.map((e) => enc.encode(`data: ${typeof e === "string" ? e : JSON.stringify(e)}\n\n`));
    if (reply.done !== false) pieces.push(enc.encode("data: [DONE]\n\n"));
  } else if (reply.chunks) {
    pieces = reply.chunks.map((c) => (typeof c === "string" ? enc.encode(c) : c));
  } else if (reply.json !== undefined) {
    headers["content-type"] = "application/json";
    pieces = [enc.encode(JSON.stringify(reply.json))];
  } else if (reply.text !== undefined) {
    headers["content-type"] = "text/plain; charset=utf-8";
    pieces = [enc.encode(reply.text)];
  } else if (reply.bytes) {
    headers["content-type"] = "application/octet-stream";
    pieces = [reply.bytes];
  }
  for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
  return { status: reply.status ?? 200, headers, pieces };
}

/**
 * The mock provider in-process: a `fetch` that answers without any server (for browsers, workers and
 * edge runtimes). Faults map to what a real fetch does: `destroy: "before-headers"` rejects with a
 * TypeError, `mid-body` errors the body stream, `hang` waits for the abort signal.
 */
export function createMockFetch(): MockCore & {
  /** A `fetch` that answers every URL from the mock, in process (pass it as the client's `fetch` option). */
  fetch: typeof fetch;
} {
  const core = createMockCore();
  const mockFetch: typeof fetch = async (input, init) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const signal = init?.signal ?? req.signal;
    const bytes = new Uint8Array(
      await (init?.body !== undefined ? new Response(init.body as BodyInit).arrayBuffer() : req.arrayBuffer()),
    );
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? req.headers).forEach((v, k) => (headers[k] = v));
    const reply = await core.answer(toMockRequest(init?.method ?? req.method, req.url, headers, bytes));
    const aborted = () => signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
    const abortable = (ms: number) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(aborted());
        const t = ms === Infinity ? undefined : setTimeout(resolve, ms);
        signal?.addEventListener("abort", () => (clearTimeout(t), reject(aborted())), { once: true });
      });
    if (reply.delayMs) await abortable(reply.delayMs);
    if (reply.hang) await abortable(Infinity);
    if (reply.destroy === "before-headers") throw new TypeError("fetch failed");
    const { status, headers: h, pieces } = replyPieces(reply);
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (signal?.aborted) return ctrl.error(aborted());
        if (i < pieces.length) {
          if (i > 0 && reply.chunkDelayMs) await abortable(reply.chunkDelayMs).catch((e) => ctrl.error(e));
          ctrl.enqueue(pieces[i++]!);
          return;
        }
        if (reply.destroy === "mid-body") return ctrl.error(new TypeError("terminated"));
        if (reply.stall) return abortable(Infinity).catch((e) => ctrl.error(e));
        ctrl.close();
      },
    });
    return new Response(status === 204 ? null : body, { status, headers: h });
  };
  return Object.assign(core, { fetch: mockFetch });
}

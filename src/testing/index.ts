/**
 * `unified-inference/testing`: a mock inference provider for offline tests.
 *
 * `startMockProvider()` starts a real HTTP server on loopback that speaks the providers' wire formats
 * (OpenAI-style chat, completions and embeddings, the hf-inference pipeline API, the Hub's mapping API),
 * records every request, and can be told to answer with a given status, body, stream or fault. Its
 * `fetch` sends any URL (router, provider or Hub) to the server and records the URL the client meant,
 * so tests assert the exact URL without touching the network. `createMockFetch()` is the same mock
 * in-process, for browsers and edge runtimes without a server.
 *
 * @example
 * import { startMockProvider } from "unified-inference/testing";
 * const mock = await startMockProvider();
 * mock.mapModel("meta-llama/Llama-3.3-70B-Instruct", [{ provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" }]);
 * const client = new InferenceClient("hf_test", { fetch: mock.fetch });
 * await client.chatCompletion({ model: "meta-llama/Llama-3.3-70B-Instruct", provider: "together", messages: [{ role: "user", content: "Hi" }] });
 * mock.requests[0].url; // "https://router.huggingface.co/together/v1/chat/completions"
 * await mock.close();
 */
import { FORWARD_HEADER, forwardingFetch } from "../lib/forward.js";
import { defaultReply, type MockHandler, type MockReply, type MockRequest } from "./wire.js";

export * from "./wire.js";

export type Matcher = string | RegExp | ((req: MockRequest) => boolean);

export interface MappingInput {
  provider: string;
  providerId: string;
  task: string;
  status?: "live" | "staging";
  adapter?: string;
  adapterWeightsPath?: string;
}

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

export interface MockProvider extends MockCore {
  /** Base URL of the loopback server, e.g. `http://127.0.0.1:43127`: use it as an `endpointUrl`. */
  readonly url: string;
  /** A fetch that sends every URL to the server, keeping the URL meant. Pass it as `options.fetch`. */
  readonly fetch: typeof fetch;
  /** TCP connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
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
      return (
        defaultReply(req, mappings) ?? {
          status: 404,
          json: { error: `The mock provider has no route for ${req.method} ${req.path}` },
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

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the mock provider on a loopback port. */
export async function startMockProvider(options: { port?: number; host?: string } = {}): Promise<MockProvider> {
  const http = await import("node:http");
  const core = createMockCore();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.method === "OPTIONS") {
          res.writeHead(204, {
            ...CORS,
            "access-control-allow-methods": "GET, POST, OPTIONS",
            "access-control-allow-headers": "*",
            "access-control-max-age": "600",
          });
          res.end();
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (k === FORWARD_HEADER || v === undefined) continue;
          headers[k] = Array.isArray(v) ? v.join(", ") : v;
        }
        const forwarded = req.headers[FORWARD_HEADER];
        const url = typeof forwarded === "string" ? forwarded : `${base}${req.url ?? "/"}`;
        const reply = await core.answer(toMockRequest(req.method ?? "GET", url, headers, Buffer.concat(chunks)));
        if (reply.delayMs) await wait(reply.delayMs);
        if (reply.hang) return; // the client's timeout (or close()) ends it
        if (reply.destroy === "before-headers") {
          req.socket.destroy();
          return;
        }
        const { status, headers: h, pieces } = replyPieces(reply);
        const streaming = pieces.length > 1 || reply.stall || reply.destroy === "mid-body" || !!reply.chunkDelayMs;
        if (!streaming) h["content-length"] = String(pieces.reduce((n, p) => n + p.byteLength, 0));
        res.writeHead(status, h);
        res.flushHeaders();
        for (const p of pieces) {
          if (res.destroyed) return;
          res.write(p);
          if (reply.chunkDelayMs) await wait(reply.chunkDelayMs);
        }
        if (reply.destroy === "mid-body") {
          req.socket.destroy();
          return;
        }
        if (reply.stall) return;
        res.end();
      })().catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(e));
      });
    });
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const host = options.host ?? "127.0.0.1";
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  // The runtime's own fetch, kept now: `globalThis.fetch = mock.fetch` must not make this call itself.
  const realFetch = globalThis.fetch.bind(globalThis);
  const mockFetch = forwardingFetch(base, realFetch);

  const provider = Object.assign(core, {
    url: base,
    fetch: mockFetch,
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  });
  // A live count: Object.assign would copy a getter's value once.
  Object.defineProperty(provider, "connections", { get: () => connections, enumerable: true });
  return provider as MockProvider;
}

/**
 * The mock provider in-process: a `fetch` that answers without any server (for browsers, workers and
 * edge runtimes). Faults map to what a real fetch does: `destroy: "before-headers"` rejects with a
 * TypeError, `mid-body` errors the body stream, `hang` waits for the abort signal.
 */
export function createMockFetch(): MockCore & { fetch: typeof fetch } {
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

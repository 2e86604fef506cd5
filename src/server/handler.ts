/**
 * A proxy that keeps the access token on the server: `createInferenceHandler(config)` returns a
 * web-standard `(request: Request) => Promise<Response>` handler (Node through `toNodeListener`, Deno.serve,
 * Bun.serve, Cloudflare Workers, Next.js route handlers, Hono...).
 *
 * Protocol (see src/lib/proxy-wire.ts): `POST <base>/<task>`, JSON body `{ args, options?, stream? }`,
 * `<task>` a pipeline task (`conversational`) or a client method name (`chatCompletion`). Binary inputs
 * travel as `{ "$blob": "data:...;base64,..." }`. Only the last path segment is read, so the handler can be
 * mounted under any prefix.
 *
 * The handler runs the library's own task functions with the server's token: every upstream URL is built by
 * the library from task, model and provider. Browser arguments that would change where a request goes or
 * what it carries (`accessToken`, `endpointUrl`, `headers`, `fetch`, a URL as model...) are refused with a
 * 400 before any upstream request. Nothing is allowed unless listed in `allow`.
 */
import {
  InferenceClientConnectionError,
  InferenceClientError,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  InferenceClientTimeoutError,
} from "../errors.js";
import { decodeBinary, encodeBinary, type ProxyErrorBody } from "../lib/proxy-wire.js";
import { INFERENCE_PROVIDERS, type JobProgress } from "../types.js";
import { findTask, SERVER_TASKS, type ServerTask } from "./tasks.js";

/** A request limit: at most `requests` calls per `windowMs` (a fixed in-memory window per user). */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** What `authorize` returns for an accepted request. */
export interface Authorization {
  /** Who is calling: the key of the request limit. Default: one shared key. */
  user?: string;
  /** Bill this organisation (`X-HF-Bill-To`, sent to the Hugging Face router only). */
  billTo?: string;
  /** This user's request limit (overrides `config.rateLimit`). */
  rateLimit?: RateLimit;
}

/** `authorize` refuses with `false` (403), or with `{ status: 401 | 403, message? }`. */
export type AuthorizeResult = Authorization | { status: 401 | 403; message?: string } | false | void;

export interface InferenceHandlerConfig {
  /** The token every upstream call uses (a Hugging Face `hf_...` token, routed through the router). */
  accessToken?: string;
  /** Providers' own keys, by provider name: a call to that provider uses its key instead of `accessToken`. */
  providerKeys?: Record<string, string>;
  /**
   * What browsers may call. Deny by default: a task, model or provider not listed is refused with 403.
   * `tasks`: pipeline tasks (`conversational`) or method names (`chatCompletion`). `models`: Hub ids, `*`
   * matching any characters (`Qwen/*`, `*`). `providers`: provider names; when omitted only `"auto"` (or no
   * provider) is accepted, which lets the Hugging Face router choose.
   */
  allow: { tasks: string[]; models: string[]; providers?: string[] };
  /** Decide per request who calls (cookies, session headers...): refuse, or give a user, `billTo`, limits. */
  authorize?: (request: Request) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Largest request body accepted, in bytes (413 above it). @default 10485760 (10 MiB) */
  maxBodyBytes?: number;
  /** Request limit per user (see `authorize`). Default: none. */
  rateLimit?: RateLimit;
  /** CORS for cross-origin browser pages. Default: no CORS headers (same-origin pages only). */
  cors?: { origin: string | string[] | ((origin: string) => boolean); credentials?: boolean };
  /** Inference Endpoints or local servers by model id: calls for these models go there (URLs from config only). */
  endpoints?: Record<string, string>;
  /** The `fetch` for upstream calls (tests). */
  fetch?: typeof fetch;
  /** Bound on each upstream call, in ms (the task's default otherwise). */
  timeout?: number;
}

export type InferenceHandler = (request: Request) => Promise<Response>;

const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

/** Argument fields a browser may not set: credentials, routing, transport. */
const FORBIDDEN_ARGS = [
  "accessToken",
  "endpointUrl",
  "headers",
  "fetch",
  "signal",
  "billTo",
  "includeCredentials",
  "baseUrl",
  "base_url",
  "apiKey",
  "api_key",
  "url",
];

/** Options a browser may set. */
const OUTPUT_TYPES = ["blob", "dataUrl", "url", "json"];

/** A Hub model id: `name` or `owner/name`, an optional `:policy` suffix; no URL, no path tricks. */
const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?(:[\w.-]+)?$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorName = "InputError",
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function patternToRegExp(p: string): RegExp {
  return new RegExp(`^${p.split("*").map(escapeRe).join(".*")}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Creates the handler. Throws at once on a config that cannot work (no credential, empty allow lists). */
export function createInferenceHandler(config: InferenceHandlerConfig): InferenceHandler {
  if (!config || typeof config !== "object") throw new TypeError("createInferenceHandler needs a config object");
  const keys = Object.entries(config.providerKeys ?? {});
  if (!config.accessToken && !keys.length) {
    throw new TypeError("createInferenceHandler: set accessToken or providerKeys (the token stays on the server)");
  }
  if (!config.allow || !Array.isArray(config.allow.tasks) || !Array.isArray(config.allow.models)) {
    throw new TypeError(
      "createInferenceHandler: allow.tasks and allow.models are required (nothing is allowed by default)",
    );
  }
  for (const t of config.allow.tasks) {
    if (t !== "*" && !SERVER_TASKS.has(t) && ![...SERVER_TASKS.values()].some((s) => s.task === t)) {
      throw new TypeError(`createInferenceHandler: unknown task in allow.tasks: ${t}`);
    }
  }
  const secrets = [config.accessToken ?? "", ...keys.map(([, v]) => v)].filter((s) => s.length > 0);
  const models = config.allow.models.map(patternToRegExp);
  const providers = config.allow.providers;
  const maxBody = config.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const windows = new Map<string, { start: number; count: number }>();

  const scrubText = (s: string): string => {
    for (const secret of secrets) s = s.split(secret).join("[redacted]");
    return s;
  };

  const taskAllowed = (t: ServerTask) => config.allow.tasks.some((a) => a === "*" || a === t.method || a === t.task);

  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get("origin");
    const c = config.cors;
    if (!c || !origin) return {};
    const o = c.origin;
    const ok = typeof o === "function" ? o(origin) : Array.isArray(o) ? o.includes(origin) : o === "*" || o === origin;
    if (!ok) return {};
    const h: Record<string, string> = {
      "access-control-allow-origin": o === "*" && !c.credentials ? "*" : origin,
      "access-control-expose-headers": "content-type, retry-after, x-request-id",
      vary: "Origin",
    };
    if (c.credentials) h["access-control-allow-credentials"] = "true";
    return h;
  }

  function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
    return new Response(scrubText(JSON.stringify(body)), {
      status,
      headers: { "content-type": "application/json", "cache-control": "no-store", ...extra },
    });
  }

  function errorBody(e: unknown, meta: { provider?: string; model?: string }): ProxyErrorBody {
    const base = { provider: meta.provider, model: meta.model };
    if (e instanceof Refusal) return { name: e.errorName, message: e.message, status: e.status, ...base };
    if (e instanceof InferenceClientProviderApiError || e instanceof InferenceClientHubApiError) {
      return {
        name: e.name,
        message: e.message,
        // An error event inside a 200 stream keeps its 200: the answer must still read as a failure.
        status: e.status >= 400 ? e.status : 502,
        provider: e.provider ?? meta.provider,
        model: e.model ?? meta.model,
        requestId: e.requestId || undefined,
      };
    }
    if (e instanceof InferenceClientTimeoutError) {
      return { name: e.name, message: e.message, status: 504, kind: e.kind, timeoutMs: e.timeoutMs, ...base };
    }
    if (e instanceof InferenceClientInputError || e instanceof InferenceClientRoutingError) {
      return { name: e.name, message: e.message, status: 400, ...base };
    }
    if (e instanceof InferenceClientProviderOutputError || e instanceof InferenceClientConnectionError) {
      return { name: e.name, message: e.message, status: 502, ...base };
    }
    if (e instanceof InferenceClientError) return { name: e.name, message: e.message, status: 502, ...base };
    return { name: "ProxyError", message: "The inference proxy failed", status: 500, ...base };
  }

  function checkRate(user: string, limit: RateLimit | undefined): void {
    if (!limit) return;
    const now = Date.now();
    let w = windows.get(user);
    if (!w || now - w.start >= limit.windowMs) {
      w = { start: now, count: 0 };
      windows.set(user, w);
      // Old windows go when the map grows: the memory stays bounded by active users.
      if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= limit.windowMs) windows.delete(k);
    }
    if (++w.count > limit.requests) {
      const retry = Math.max(1, Math.ceil((w.start + limit.windowMs - now) / 1000));
      throw new Refusal(429, `Too many requests: at most ${limit.requests} per ${limit.windowMs} ms`, "ProxyError", {
        "retry-after": String(retry),
      });
    }
  }

  async function readBody(request: Request): Promise<unknown> {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\b/i.test(type)) {
      throw new Refusal(415, `Content-Type must be application/json, got ${JSON.stringify(type.slice(0, 60))}`);
    }
    const declared = request.headers.get("content-length");
    if (declared !== null && Number(declared) > maxBody) {
      throw new Refusal(413, `Request body of ${declared} bytes exceeds maxBodyBytes (${maxBody})`);
    }
    if (!request.body) throw new Refusal(400, "Request body is empty: expected JSON { args, options? }");
    const reader = request.body.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBody) {
        await reader.cancel().catch(() => {});
        throw new Refusal(413, `Request body exceeds maxBodyBytes (${maxBody})`);
      }
      parts.push(value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.byteLength;
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new Refusal(400, "Request body is not valid UTF-8");
    }
    try {
      // JSON.parse keeps a "__proto__" key as an own property; copied into another object it would become
      // that object's prototype (and could carry endpointUrl past the checks): refused wherever it is.
      return JSON.parse(text, (key, value: unknown) => {
        if (key === "__proto__") throw new Refusal(400, "A __proto__ key is not accepted by the proxy");
        return value;
      });
    } catch (e) {
      if (e instanceof Refusal) throw e;
      throw new Refusal(400, "Request body is not valid JSON");
    }
  }

  /** Checks the browser's arguments; returns the task arguments to run. */
  function checkArgs(raw: unknown): Record<string, unknown> {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      throw new Refusal(400, "args must be an object of task arguments");
    }
    const args = raw as Record<string, unknown>;
    for (const f of FORBIDDEN_ARGS) {
      if (f in args)
        throw new Refusal(400, `args.${f} is not accepted by the proxy: the server sets credentials and routes`);
    }
    const model = args.model;
    if (typeof model !== "string" || !model) throw new Refusal(400, "args.model is required (a Hub model id)");
    if (/[\r\n]/.test(model)) throw new Refusal(400, "args.model must not contain line breaks");
    if (!MODEL_ID.test(model)) {
      throw new Refusal(
        400,
        /^[a-z][\w+.-]*:\/\//i.test(model) || model.startsWith("/")
          ? "args.model must be a Hub model id, not a URL"
          : `args.model is not a valid Hub model id: ${JSON.stringify(model.slice(0, 100))}`,
      );
    }
    if (!models.some((r) => r.test(model)))
      throw new Refusal(403, `Model ${model} is not allowed by this proxy`, "ProxyError");
    const provider = args.provider;
    if (provider !== undefined) {
      if (typeof provider !== "string") throw new Refusal(400, "args.provider must be a provider name");
      if (/[\r\n]/.test(provider)) throw new Refusal(400, "args.provider must not contain line breaks");
      if (provider !== "auto" && !(INFERENCE_PROVIDERS as readonly string[]).includes(provider)) {
        throw new Refusal(400, `args.provider is not a known provider: ${JSON.stringify(provider.slice(0, 60))}`);
      }
    }
    const p = provider ?? "auto";
    if (providers ? !providers.includes(p) : p !== "auto") {
      throw new Refusal(403, `Provider ${p} is not allowed by this proxy`, "ProxyError");
    }
    const token = (provider && config.providerKeys?.[provider]) || config.accessToken;
    if (!token) throw new Refusal(403, `This proxy has no credential for provider ${p}`, "ProxyError");
    const out = decodeBinary(args) as Record<string, unknown>;
    out.accessToken = token;
    const endpoint = config.endpoints?.[model];
    if (endpoint) out.endpointUrl = endpoint;
    return out;
  }

  function checkOptions(raw: unknown): { outputType?: string } {
    if (raw === undefined || raw === null) return {};
    if (typeof raw !== "object" || Array.isArray(raw)) throw new Refusal(400, "options must be an object");
    const out: { outputType?: string } = {};
    for (const [k, v] of Object.entries(raw)) {
      if (k !== "outputType") throw new Refusal(400, `options.${k} is not accepted by the proxy`);
      if (typeof v !== "string" || !OUTPUT_TYPES.includes(v)) {
        throw new Refusal(400, `options.outputType must be one of ${OUTPUT_TYPES.join(", ")}`);
      }
      out.outputType = v;
    }
    return out;
  }

  return async function handle(request: Request): Promise<Response> {
    const cors = corsHeaders(request);
    const meta: { provider?: string; model?: string } = {};
    try {
      if (request.method === "OPTIONS") {
        if (!cors["access-control-allow-origin"]) return new Response(null, { status: 204 });
        return new Response(null, {
          status: 204,
          headers: {
            ...cors,
            "access-control-allow-methods": "POST, OPTIONS",
            "access-control-allow-headers": "content-type, authorization",
            "access-control-max-age": "600",
          },
        });
      }
      if (request.method !== "POST") {
        throw new Refusal(405, `Method ${request.method} is not allowed: use POST`, "ProxyError", {
          allow: "POST, OPTIONS",
        });
      }
      const path = new URL(request.url).pathname.replace(/\/+$/, "");
      let name = path.slice(path.lastIndexOf("/") + 1);
      try {
        name = decodeURIComponent(name);
      } catch {
        throw new Refusal(400, "The task in the URL is not valid percent-encoding");
      }
      // Known names only: the task is checked before the body is read.
      const known = SERVER_TASKS.has(name) || [...SERVER_TASKS.values()].some((s) => s.task === name);
      if (!known) throw new Refusal(404, `Unknown task: ${JSON.stringify(name.slice(0, 60))}`);

      let auth: Authorization = {};
      if (config.authorize) {
        const r = await config.authorize(request);
        if (r === false) throw new Refusal(403, "Forbidden", "ProxyError");
        if (r && "status" in r)
          throw new Refusal(r.status, r.message ?? (r.status === 401 ? "Unauthorized" : "Forbidden"), "ProxyError");
        if (r) auth = r;
      }
      checkRate(auth.user ?? "", auth.rateLimit ?? config.rateLimit);

      const body = await readBody(request);
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw new Refusal(400, "Request body must be a JSON object { args, options? }");
      }
      const { args: rawArgs, options: rawOptions, stream, progress } = body as Record<string, unknown>;
      const task = findTask(name, stream === true);
      if (!task) throw new Refusal(400, `Task ${name} has no streaming form`);
      if (!taskAllowed(task)) throw new Refusal(403, `Task ${task.method} is not allowed by this proxy`, "ProxyError");
      if (rawArgs && typeof rawArgs === "object") {
        const a = rawArgs as Record<string, unknown>;
        if (typeof a.model === "string") meta.model = a.model;
        if (typeof a.provider === "string") meta.provider = a.provider;
      }
      const args = checkArgs(rawArgs);
      const options: Record<string, unknown> = {
        ...checkOptions(rawOptions),
        signal: request.signal,
      };
      if (config.fetch) options.fetch = config.fetch;
      if (config.timeout !== undefined) options.timeout = config.timeout;
      if (auth.billTo !== undefined) {
        if (typeof auth.billTo !== "string" || /[\r\n]/.test(auth.billTo))
          throw new TypeError("authorize returned a bad billTo");
        options.billTo = auth.billTo;
      }

      if (task.stream) {
        return await streamResponse(tagged(task.run(args, options) as AsyncGenerator<unknown>), cors, meta);
      }
      if (progress === true) return await streamResponse(withProgress(task, args, options), cors, meta);
      const result = await task.run(args, options);
      if (result instanceof Blob) {
        return new Response(result.stream(), {
          status: 200,
          headers: { ...cors, "content-type": result.type || "application/octet-stream", "cache-control": "no-store" },
        });
      }
      return json(200, await encodeBinary(result), cors);
    } catch (e) {
      // The browser went away (its request's signal aborted the upstream call): nobody reads this answer.
      const err = request.signal.aborted
        ? { name: "AbortError", message: "The client closed the request", status: 499 }
        : errorBody(e, meta);
      return json(err.status, { error: err }, { ...cors, ...(e instanceof Refusal ? e.headers : {}) });
    }
  };

  async function streamResponse(
    it: AsyncGenerator<SseOut>,
    cors: Record<string, string>,
    meta: { provider?: string; model?: string },
  ): Promise<Response> {
    // The first event is awaited before answering: a failure before it gets its own status.
    const first = await it.next();
    const enc = new TextEncoder();
    const event = (data: unknown, name?: string) =>
      enc.encode(`${name ? `event: ${name}\n` : ""}data: ${scrubText(JSON.stringify(data))}\n\n`);
    let pending: IteratorResult<SseOut> | undefined = first;
    const body = new ReadableStream<Uint8Array>({
      // Pull-based: the next upstream chunk is read only when the client has taken the last one.
      async pull(ctrl) {
        try {
          const r = pending ?? (await it.next());
          pending = undefined;
          if (r.done) {
            ctrl.enqueue(event({}, "done"));
            ctrl.close();
            return;
          }
          ctrl.enqueue(event(r.value.data, r.value.event));
        } catch (e) {
          ctrl.enqueue(event({ error: errorBody(e, meta) }, "error"));
          ctrl.close();
        }
      },
      async cancel() {
        await it.return(undefined);
      },
    });
    return new Response(body, {
      status: 200,
      headers: { ...cors, "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
    });
  }
}

/** One server-sent event to send: `data` as JSON, under `event` when named. */
interface SseOut {
  event?: string;
  data: unknown;
}

async function* tagged(chunks: AsyncGenerator<unknown>): AsyncGenerator<SseOut> {
  try {
    for await (const data of chunks) yield { data };
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * A job task whose caller wants progress: `event: progress` for each `onProgress` report, then the result
 * as one `data` event (Blobs as `{ $blob }`), then `event: done`.
 */
async function* withProgress(
  task: ServerTask,
  args: Record<string, unknown>,
  options: Record<string, unknown>,
): AsyncGenerator<SseOut> {
  const queue: JobProgress[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
  let outcome: Outcome = { ok: true, value: undefined };
  const onProgress = (p: JobProgress) => {
    queue.push(p);
    wake?.();
  };
  void Promise.resolve()
    .then(() => task.run(args, { ...options, onProgress }))
    .then(
      (value: unknown) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    )
    .finally(() => {
      settled = true;
      wake?.();
    });
  for (;;) {
    while (queue.length) yield { event: "progress", data: queue.shift() };
    if (settled) break;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
  const end = outcome as Outcome;
  if (!end.ok) throw end.error;
  yield { data: await encodeBinary(end.value) };
}

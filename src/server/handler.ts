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
import { encodeBinary } from "../lib/proxy-wire.js";
import { checkArgs, checkOptions, DEFAULT_MAX_BODY, errorBody, patternToRegExp, readBody, Refusal } from "./checks.js";
import type { Authorization, InferenceHandler, InferenceHandlerConfig, RateLimit } from "./config.js";
import { streamResponse, tagged, withProgress } from "./stream.js";
import { findTask, SERVER_TASKS, type ServerTask } from "./tasks.js";

export type { Authorization, AuthorizeResult, InferenceHandler, InferenceHandlerConfig, RateLimit } from "./config.js";

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

      const body = await readBody(request, maxBody);
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
      const args = checkArgs(rawArgs, config, models, providers);
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
        return await streamResponse(tagged(task.run(args, options) as AsyncGenerator<unknown>), cors, meta, scrubText);
      }
      if (progress === true) return await streamResponse(withProgress(task, args, options), cors, meta, scrubText);
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
}

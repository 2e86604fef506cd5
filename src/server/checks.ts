/**
 * What the proxy handler checks before any upstream call: the request body (type, size, UTF-8 JSON without
 * `__proto__`), the browser's task arguments (no credential, route or transport field; a Hub model id and a
 * provider the config allows) and options; and how a failure reads to the browser (`errorBody`).
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
import { decodeBinary, type ProxyErrorBody } from "../lib/proxy-wire.js";
import { INFERENCE_PROVIDERS } from "../types.js";
import type { InferenceHandlerConfig } from "./config.js";

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

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

/** A request the proxy refuses: its status, message, error name and extra headers for the browser. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorName = "InputError",
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** An allow-list pattern (`*` matching any characters) as an anchored RegExp. */
export function patternToRegExp(p: string): RegExp {
  return new RegExp(`^${p.split("*").map(escapeRe).join(".*")}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The error body the browser receives for a failure (a refusal, a client error, or anything else). */
export function errorBody(e: unknown, meta: { provider?: string; model?: string }): ProxyErrorBody {
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

/** The request's JSON body, read with a cap of `maxBody` bytes. */
export async function readBody(request: Request, maxBody: number): Promise<unknown> {
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

/**
 * Checks the browser's arguments against the config (`models`: its allowed model patterns; `providers`: its
 * allowed providers); returns the task arguments to run, with the server's credential.
 */
export function checkArgs(
  raw: unknown,
  config: InferenceHandlerConfig,
  models: RegExp[],
  providers: string[] | undefined,
): Record<string, unknown> {
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

/** Checks the browser's options: only `outputType`, with a known value. */
export function checkOptions(raw: unknown): { outputType?: string } {
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

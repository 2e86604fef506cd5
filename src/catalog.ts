/**
 * The router's catalog: `GET https://router.huggingface.co/v1/models` (an OpenAI model list) and
 * `/v1/models/{org}/{name}` (one model), where each model lists its providers with their status, context
 * length, prices (USD per 1M tokens), capabilities and speed. Public: no token is needed; a Hugging Face
 * token (`hf_...`) is sent when there is one, any other token never.
 *
 * Opt-in: only `InferenceClient#models` and the functions below load this module, so a chat-only import
 * does not carry it. Requests go through the library's transport (retries, timeouts, size caps, secrecy);
 * answers are cached per token for a TTL (5 minutes by default).
 */
import { HF_ROUTER_URL } from "./config.js";
import { InferenceClientHubApiError, InferenceClientInputError, InferenceClientProviderOutputError } from "./errors.js";
import { checkOptions } from "./options-check.js";
import { idPath } from "./providers/adapter.js";
import { joinShared, remember } from "./routing/hub.js";
import { checkToken, splitModel } from "./routing/args.js";
import { transportFor } from "./tasks/run.js";
import { QUICK_TIMEOUT } from "./tasks/timeouts.js";
import { readJson, sendAndRead, type Transport } from "./transport/http.js";
import { createScope } from "./transport/scope.js";
import { isPrice, priceOf, pricesFrom, type RouterModel, type RouterModelProvider } from "./prices.js";
import type { Options, PriceLookup } from "./types.js";

/** Options of a catalog call: the transport options of a task call, plus the token and the cache. */
export interface CatalogOptions extends Options {
  /** A Hugging Face token (`hf_...`), sent as `Authorization: Bearer`; any other token is not sent. */
  accessToken?: string;
  /** `false`: ask the router even when a cached answer is fresh (the new answer is cached). */
  cache?: boolean;
  /** How long an answer stays fresh, in milliseconds (default 5 minutes). */
  ttl?: number;
}

// One price lookup type for the `prices` option and for `catalogPrices` (defined in ./types.ts).
export type { PriceLookup };
export type { RouterModel, RouterModelProvider } from "./prices.js";
export { priceOf };

const DEFAULT_TTL = 300_000;
const MAX_ENTRIES = 200;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

/** Drops every cached catalog answer. */
export function clearCatalogCache(): void {
  cache.clear();
}

/**
 * Every model of the router's catalog, with its providers.
 * @example
 * const models = await listModels({ accessToken: process.env.HF_TOKEN });
 */
export async function listModels(options: CatalogOptions = {}): Promise<RouterModel[]> {
  const { token, ttl } = checkCatalogOptions(options);
  return (await cached(`${HF_ROUTER_URL}/v1/models`, "", token, ttl, options, readList)) as RouterModel[];
}

/**
 * One model of the router's catalog (`org/name`; a `:fastest`, `:cheapest`, `:preferred` or `:<provider>`
 * suffix is a routing choice, not part of the id, and is dropped). A model the router does not serve is a
 * 404 `InferenceClientHubApiError`.
 */
export async function getModel(id: string, options: CatalogOptions = {}): Promise<RouterModel> {
  if (typeof id !== "string") throw new InferenceClientInputError(`model must be a string, got ${typeof id}`);
  // Checked before anything is sent: what is left must be a Hub id, so nothing can reach the path but it.
  const model = splitModel(id, undefined).model!;
  const { token, ttl } = checkCatalogOptions(options);
  const url = `${HF_ROUTER_URL}/v1/models/${idPath(model)}`;
  return (await cached(url, model, token, ttl, options, readOne)) as RouterModel;
}

/**
 * A price lookup backed by the cached catalog: call `refresh()` (or let the first call start it) to load the
 * catalog; lookups answer synchronously from the last catalog loaded (undefined before it arrives).
 * @example
 * const prices = catalogPrices({ accessToken: process.env.HF_TOKEN });
 * await prices.refresh();
 * prices("Qwen/Qwen3-32B", "groq"); // { input: 0.29, output: 0.59 }
 */
export function catalogPrices(options: CatalogOptions = {}): PriceLookup & {
  /** Loads the catalog (again); rejects when it cannot be read. */
  refresh(): Promise<void>;
} {
  return pricesFrom(listModels, options);
}

function checkCatalogOptions(options: CatalogOptions): { token: string | undefined; ttl: number } {
  checkOptions(options);
  const token = checkToken(options.accessToken);
  const ttl = options.ttl ?? DEFAULT_TTL;
  if (typeof ttl !== "number" || !(ttl >= 0)) {
    throw new InferenceClientInputError("options.ttl must be a number of milliseconds (0 or more)");
  }
  if (options.cache !== undefined && typeof options.cache !== "boolean") {
    throw new InferenceClientInputError("options.cache must be a boolean");
  }
  return { token: token?.startsWith("hf_") ? token : undefined, ttl };
}

type Reader = (json: unknown, url: string) => unknown;

async function cached(
  url: string,
  model: string,
  token: string | undefined,
  ttl: number,
  options: CatalogOptions,
  read: Reader,
): Promise<unknown> {
  const scope = createScope(options.signal ?? undefined, options.timeout ?? QUICK_TIMEOUT, {
    // Connection and timeout errors name the router as the party that could not be reached.
    provider: "router",
    model,
  });
  try {
    const t = transportFor(options, scope, options.accessToken ? [options.accessToken] : []);
    const key = `${token ?? ""}\n${url}`;
    const hit = cache.get(key);
    if (options.cache !== false && hit && Date.now() - hit.at < ttl) {
      return await joinShared(hit.value, t, () => fetchInto(key, url, token, t, read));
    }
    return await fetchInto(key, url, token, t, read);
  } finally {
    scope.dispose();
  }
}

function fetchInto(key: string, url: string, token: string | undefined, t: Transport, read: Reader): Promise<unknown> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const value = remember(
    sendAndRead({ url, method: "GET", headers }, { ...t, hub: true }, async (answer, tt) => {
      let json: unknown;
      try {
        json = await readJson(answer, tt);
      } catch (e) {
        // Only a body that is not JSON is a shape error; an abort, a timeout or a cut connection stays what it is.
        if (!(e instanceof InferenceClientProviderOutputError)) throw e;
        throw shapeError(url, "The router answered with invalid JSON", e);
      }
      return read(json, url);
    }),
  );
  cache.delete(key);
  cache.set(key, { at: Date.now(), value });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

function readList(json: unknown, url: string): RouterModel[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw shapeError(url, "The router's model list has no `data` array");
  return data.map((m) => readOne(m, url));
}

function readOne(json: unknown, url: string): RouterModel {
  const m = json as Record<string, unknown> | null;
  if (!m || typeof m !== "object" || Array.isArray(m) || typeof m.id !== "string") {
    throw shapeError(url, "The router's catalog holds a model without an `id`");
  }
  const raw = m.providers ?? [];
  if (!Array.isArray(raw)) throw shapeError(url, `The router's catalog entry for ${m.id} has no \`providers\` array`);
  const providers = raw.map((p: unknown) => {
    const e = p as Record<string, unknown> | null;
    if (!e || typeof e !== "object" || typeof e.provider !== "string") {
      throw shapeError(url, `The router's catalog entry for ${m.id} has a provider without a name`);
    }
    const out = {
      ...e,
      status: typeof e.status === "string" ? e.status : "unknown",
      is_model_author: e.is_model_author === true,
    };
    // A price that is not a pair of numbers is dropped rather than trusted.
    if (e.pricing !== undefined) {
      const pr = e.pricing as Record<string, unknown> | null;
      if (!pr || !isPrice(pr.input) || !isPrice(pr.output)) delete (out as Record<string, unknown>).pricing;
    }
    return out as RouterModelProvider;
  });
  return { ...m, object: "model", providers } as RouterModel;
}

function shapeError(url: string, message: string, cause?: unknown): InferenceClientHubApiError {
  return new InferenceClientHubApiError(
    message,
    { url, method: "GET" },
    { requestId: "", status: 200, body: "" },
    { cause, retryable: false },
  );
}

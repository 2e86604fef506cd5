import { HF_HUB_URL } from "../config.js";
import {
  InferenceClientError,
  InferenceClientHubApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
} from "../errors.js";
import { readJson, send, type Transport } from "../transport/http.js";
import { untilAborted } from "../transport/scope.js";
import type { InferenceProviderMappingEntry } from "../types.js";
import { idPath } from "../providers/adapter.js";
import { cache, MAX_ENTRIES, TTL_MS } from "./mappings.js";

export { clearMappingCache, clearModelMappings, hasMapping, localMapping, registerModelMapping } from "./mappings.js";

/**
 * The Hub's provider mapping for a model, fetched with the caller's Hugging Face token (so private and
 * gated models and the caller's provider preferences apply) and through the caller's `fetch`.
 * Cached per (token, model) with a TTL and a size bound (routing/mappings.ts); concurrent look-ups share one
 * request.
 */
export async function getMapping(
  model: string,
  token: string | undefined,
  t: Transport,
): Promise<InferenceProviderMappingEntry[]> {
  const hfToken = token?.startsWith("hf_") ? token : undefined;
  const key = `${hfToken ?? ""}\n${model}`;
  const hit = cache.get(key);
  const nowMs = Date.now();
  if (hit && nowMs - hit.at < TTL_MS) {
    // Refresh recency for the LRU bound.
    cache.delete(key);
    cache.set(key, hit);
    return joinShared(hit.value, t, () => getMapping(model, token, t));
  }
  const value = remember(fetchMapping(model, hfToken, t));
  cache.set(key, { at: nowMs, value });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

async function fetchMapping(
  model: string,
  hfToken: string | undefined,
  t: Transport,
): Promise<InferenceProviderMappingEntry[]> {
  const url = `${HF_HUB_URL}/api/models/${idPath(model)}?expand[]=inferenceProviderMapping`;
  const headers: Record<string, string> = {};
  if (hfToken) headers.Authorization = `Bearer ${hfToken}`;
  const answer = await send({ url, method: "GET", headers }, { ...t, hub: true });
  let json: unknown;
  try {
    json = await readJson(answer, t);
  } catch (e) {
    // Only a body that is not JSON is a shape error; an abort, a timeout or a cut connection stays what it is.
    if (!(e instanceof InferenceClientProviderOutputError)) throw e;
    throw hubShapeError(url, `The Hub answered with invalid JSON for model ${model}`, e);
  }
  const raw = (json as { inferenceProviderMapping?: unknown } | null)?.inferenceProviderMapping;
  if (raw === undefined || raw === null || typeof raw !== "object") {
    throw hubShapeError(url, `The Hub gave no inference provider mapping for model ${model}`);
  }
  return normaliseMapping(model, raw);
}

/** Accepts both the array shape and the legacy object keyed by provider. */
export function normaliseMapping(model: string, raw: object): InferenceProviderMappingEntry[] {
  if (Array.isArray(raw)) {
    return raw
      .filter((e): e is InferenceProviderMappingEntry => !!e && typeof e === "object" && typeof e.provider === "string")
      .map((e) => ({ ...e, hfModelId: e.hfModelId ?? model }));
  }
  // Own keys only: a key such as `__proto__` is just a provider name that no adapter table holds.
  return Object.entries(raw as Record<string, Omit<InferenceProviderMappingEntry, "provider" | "hfModelId">>).map(
    ([provider, e]) => ({ ...e, provider, hfModelId: model }),
  );
}

function hubShapeError(url: string, message: string, cause?: unknown): InferenceClientHubApiError {
  return new InferenceClientHubApiError(
    message,
    { url, method: "GET" },
    { requestId: "", status: 200, body: "" },
    { cause, retryable: false },
  );
}

const tasksCache: { at: number; value?: Promise<Record<string, { models?: { id: string }[] }>> } = { at: 0 };

/** The Hub's recommended model for a task (`/api/tasks`), cached for an hour. */
export async function defaultModelFor(task: string, t: Transport): Promise<string | undefined> {
  const tasks = await hubTasks(t);
  return tasks[task]?.models?.[0]?.id;
}

function hubTasks(t: Transport): Promise<Record<string, { models?: { id: string }[] }>> {
  if (tasksCache.value && Date.now() - tasksCache.at <= 60 * 60_000) {
    return joinShared(tasksCache.value, t, () => hubTasks(t));
  }
  tasksCache.at = Date.now();
  const p = remember(
    (async () => {
      const answer = await send({ url: `${HF_HUB_URL}/api/tasks`, method: "GET", headers: {} }, { ...t, hub: true });
      return (await readJson(answer, t)) as Record<string, { models?: { id: string }[] }>;
    })(),
  );
  tasksCache.value = p;
  p.catch(() => {
    if (tasksCache.value === p) tasksCache.value = undefined;
  });
  return p;
}

/** Values of finished look-ups, by their promise. */
const settled = new WeakMap<Promise<unknown>, unknown>();

/** Records `p`'s value once it resolves, so later cache hits need not wait on it. */
export function remember<T>(p: Promise<T>): Promise<T> {
  p.then(
    (v) => settled.set(p, v),
    () => {},
  );
  return p;
}

/**
 * Waits for a look-up that another call may have started, on this call's own signal and deadline. If
 * that look-up failed because the call that started it was aborted or timed out, this call looks up
 * again rather than failing with another call's abort.
 */
export async function joinShared<T>(p: Promise<T>, t: Transport, again: () => Promise<T>): Promise<T> {
  // A finished look-up (the usual cache hit) is answered at once, with no listener on the call's signal.
  if (settled.has(p)) {
    if (t.scope.aborted) throw t.scope.reason;
    return settled.get(p) as T;
  }
  try {
    return await untilAborted(p, t.scope.signal);
  } catch (e) {
    if (t.scope.aborted) throw t.scope.reason;
    const foreignAbort =
      !(e instanceof InferenceClientError) || (e instanceof InferenceClientTimeoutError && e.kind === "total");
    if (!foreignAbort) throw e;
    // The failed look-up has left the cache (its own rejection handler ran first).
    return again();
  }
}

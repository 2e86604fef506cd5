/**
 * The provider mappings the routing reads before asking the Hub: those registered locally, and the Hub's
 * answers cached per (token, model). A module of its own, apart from the look-up in hub.ts, so that the
 * functions that register and clear them cost an import nothing (the Node entry loads the look-up only
 * with the first call).
 */
import type { InferenceProviderMappingEntry } from "../types.js";
import { InferenceClientInputError } from "../errors.js";
import { unsafeId } from "../providers/adapter.js";

/** The Hub's answers (see `getMapping` in hub.ts): per (token, model), with a TTL and a size bound. */
export const TTL_MS = 300_000;
export const MAX_ENTRIES = 500;
export const cache = new Map<string, { at: number; value: Promise<InferenceProviderMappingEntry[]> }>();
const local = new Map<string, InferenceProviderMappingEntry[]>();

/** Drops every cached Hub answer (the local registrations stay). */
export function clearMappingCache(): void {
  cache.clear();
}

/**
 * Registers a model mapping locally, checked before the Hub: for a model the Hub does not list yet, a
 * private deployment, or offline tests. Later registrations for the same (model, provider) win.
 * @example
 * registerModelMapping({ hfModelId: "my-org/my-model", provider: "together", providerId: "my-org/My-Model-Turbo", task: "conversational" });
 */
export function registerModelMapping(
  entry: Omit<InferenceProviderMappingEntry, "status"> & { status?: "live" | "staging" },
): void {
  for (const field of ["hfModelId", "provider", "providerId", "adapterWeightsPath"] as const) {
    const v = entry?.[field];
    // The provider's own id may be anything its API takes (clarifai's are URLs): it is checked where it goes
    // into a URL path; whitespace and control characters belong nowhere.
    const bad =
      field === "providerId" ? typeof v !== "string" || !/^(?!.*\s)[!-~\u00a0-\uffff]+$/.test(v) : unsafeId(v);
    if (bad && (v !== undefined || field !== "adapterWeightsPath")) {
      throw new InferenceClientInputError(
        `registerModelMapping: ${field} ${JSON.stringify(v)} is not a safe id (empty, "." or ".." segments, "?", "#", "%", "\\", whitespace and control characters are refused)`,
      );
    }
  }
  const list = (local.get(entry.hfModelId) ?? []).filter((e) => e.provider !== entry.provider);
  list.push({ status: "live", ...entry });
  local.set(entry.hfModelId, list);
}

/** Removes local registrations (all, or one model's). */
export function clearModelMappings(hfModelId?: string): void {
  if (hfModelId === undefined) local.clear();
  else local.delete(hfModelId);
}

export function localMapping(model: string): InferenceProviderMappingEntry[] | undefined {
  return local.get(model);
}

/** Whether the mapping of `model` for `token` is cached (or being looked up): no Hub request needed. */
export function hasMapping(model: string, token: unknown): boolean {
  const hit = cache.get(`${typeof token === "string" && token.startsWith("hf_") ? token : ""}\n${model}`);
  return !!hit && Date.now() - hit.at < TTL_MS;
}

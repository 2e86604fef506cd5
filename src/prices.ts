/**
 * The router catalog's model objects and the price of a model in them: a module of its own (no import but
 * types), so that the Node entry gives `priceOf` without loading the catalog's client (catalog.ts).
 */
import type { PriceLookup, TokenPrices } from "./types.js";

/** One provider of a model in the router's catalog. Every field but `provider`, `status` and `is_model_author` may be absent. */
export interface RouterModelProvider {
  /** The provider's name. */
  provider: string;
  /** "live" or "staging" (other values may come). */
  status: string;
  /** The longest context the provider serves, in tokens. */
  context_length?: number;
  /** USD per 1M tokens. */
  pricing?: TokenPrices;
  /** Whether calls are free. */
  is_free?: boolean;
  /** Whether the provider takes `tools` for this model. */
  supports_tools?: boolean;
  /** Whether the provider takes a JSON schema as `response_format`. */
  supports_structured_output?: boolean;
  /** The time to the first token, in milliseconds. */
  first_token_latency_ms?: number;
  /** Tokens per second. */
  throughput?: number;
  /** Whether the provider is the organisation that made the model. */
  is_model_author: boolean;
  [field: string]: unknown;
}

/** One model of the router's catalog (an OpenAI model object with its providers). */
export interface RouterModel {
  /** The Hub model id. */
  id: string;
  /** Always `"model"` (OpenAI's model object). */
  object: "model";
  /** When the model was added, in seconds since 1970. */
  created?: number;
  /** The organisation that owns the model. */
  owned_by?: string;
  /** What the model takes and gives (`"text"`, `"image"`...). */
  architecture?: {
    /** The kinds of input it takes. */
    input_modalities?: string[];
    /** The kinds of output it gives. */
    output_modalities?: string[];
  };
  /** The providers that serve it. */
  providers: RouterModelProvider[];
  [field: string]: unknown;
}

/** The price of `model` served by `provider`, USD per 1M tokens, when the catalog gives one. */
export function priceOf(model: RouterModel, provider: string): TokenPrices | undefined {
  const p = model?.providers?.find((e) => e.provider === provider)?.pricing;
  if (!p || !isPrice(p.input) || !isPrice(p.output)) return undefined;
  return { input: p.input, output: p.output };
}

export function isPrice(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

/** A price lookup backed by the router's catalog, and how to load the catalog (again). */
type CatalogPrices = PriceLookup & { refresh(): Promise<void> };

/**
 * `catalogPrices` over a function that lists the catalog: catalog.ts gives it its `listModels`, the Node entry one
 * that loads the engine first, so both entries answer alike. The first lookup starts loading the catalog; lookups
 * answer from the last catalog loaded (undefined before it arrives).
 */
export function pricesFrom<O>(list: (options: O) => Promise<RouterModel[]>, options: O): CatalogPrices {
  let byId: Map<string, RouterModel> | undefined;
  let loading: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (loading = list(options).then(
      (models) => {
        byId = new Map(models.map((m) => [m.id, m]));
      },
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    ));
  const lookup = (model: string, provider: string) => {
    if (!byId && !loading) refresh().catch(() => {});
    const m = byId?.get(typeof model === "string" ? model.replace(/:[^/:]*$/, "") : "");
    return m ? priceOf(m, provider) : undefined;
  };
  return Object.assign(lookup, { refresh });
}

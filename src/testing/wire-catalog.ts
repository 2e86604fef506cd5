/**
 * The router's catalog as the mock serves it: `GET /v1/models` (an OpenAI model list) and
 * `/v1/models/{org}/{name}`, in the shape Hugging Face documents (per model, its providers with status,
 * context length, prices in USD per 1M tokens, capabilities and speed). Built from the models mapped with
 * `mock.mapModel` (chat and text-generation mappings); with none mapped, from a small built-in list.
 * Runtime-agnostic. Also names the provider that served a routed answer (`x-inference-provider`).
 */
import type { MockReply, MockRequest } from "./types.js";

interface Mapped {
  provider: string;
  task?: string;
  status?: string;
}

/** Made-up but plausible figures per provider: [input, output] USD per 1M tokens, first-token ms, tokens/s. */
const FIGURES: Record<string, [number, number, number, number]> = {
  cerebras: [0.85, 1.2, 180, 1800.5],
  groq: [0.29, 0.59, 210, 520.3],
  together: [0.88, 0.88, 420, 95.1],
  "fireworks-ai": [0.9, 0.9, 390, 110.7],
  novita: [0.2, 0.6, 780, 38.4],
  nscale: [0.25, 0.75, 650, 41.2],
  scaleway: [0.4, 0.8, 560, 60.9],
  "hf-inference": [0.3, 0.3, 500, 45],
};

/** The catalog's models when nothing is mapped. */
const BUILT_IN: Record<string, Mapped[]> = {
  "Qwen/Qwen2.5-7B-Instruct": [
    { provider: "together", status: "live" },
    { provider: "featherless-ai", status: "live" },
  ],
  "meta-llama/Llama-3.3-70B-Instruct": [
    { provider: "groq", status: "live" },
    { provider: "cerebras", status: "live" },
    { provider: "novita", status: "staging" },
  ],
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function catalogEntry(model: string, entries: Mapped[]): Record<string, unknown> {
  const org = model.split("/")[0]!;
  const seen = new Set<string>();
  const providers = entries
    .filter((e) => !seen.has(e.provider) && seen.add(e.provider))
    .map((e) => {
      const f = FIGURES[e.provider];
      const p: Record<string, unknown> = { provider: e.provider, status: e.status ?? "live" };
      // Providers without figures (as featherless-ai often is) show only the required fields.
      if (f) {
        p.context_length = 32_768 * (1 + (hash(model + e.provider) % 4));
        p.pricing = { input: f[0], output: f[1] };
        p.supports_tools = true;
        p.supports_structured_output = e.provider !== "novita";
        p.first_token_latency_ms = f[2];
        p.throughput = f[3];
      }
      p.is_model_author = e.provider.toLowerCase() === org.toLowerCase();
      return p;
    });
  return {
    id: model,
    object: "model",
    created: 1_700_000_000 + (hash(model) % 50_000_000),
    owned_by: org,
    architecture: { input_modalities: ["text"], output_modalities: ["text"] },
    providers,
  };
}

function catalog(mappings: Map<string, unknown[]>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [model, list] of mappings) {
    const chat = (list as Mapped[]).filter((e) => e.task === "conversational" || e.task === "text-generation");
    if (chat.length) out.set(model, catalogEntry(model, chat));
  }
  if (out.size === 0) for (const [model, list] of Object.entries(BUILT_IN)) out.set(model, catalogEntry(model, list));
  return out;
}

/** `/v1/models` and `/v1/models/{org}/{name}` of the router. */
export function catalogReply(req: MockRequest, mappings: Map<string, unknown[]>): MockReply | undefined {
  if (req.host !== "router.huggingface.co" || req.method !== "GET") return undefined;
  const models = catalog(mappings);
  if (req.path === "/v1/models") return { json: { object: "list", data: [...models.values()] } };
  const m = /^\/v1\/models\/(.+)$/.exec(req.path);
  if (!m) return undefined;
  const one = models.get(decodeURIComponent(m[1]!));
  if (!one) return { status: 404, json: { error: `Model ${decodeURIComponent(m[1]!)} not found` } };
  return { json: one };
}

/**
 * The provider that served a routed call, as the router's `x-inference-provider` header says: the path's
 * provider (`/together/v1/...`), or for an `auto` chat call (`/v1/chat/completions`) the model's `:<provider>`
 * suffix or its first live mapping.
 */
export function servedBy(req: MockRequest, mappings: Map<string, unknown[]>): string | undefined {
  if (req.host !== "router.huggingface.co") return undefined;
  const first = /^\/([\w.-]+)\//.exec(req.path)?.[1];
  if (first && first !== "v1") return first;
  if (!req.path.startsWith("/v1/") || req.path.startsWith("/v1/models")) return undefined;
  const model = typeof req.json?.model === "string" ? (req.json.model as string) : "";
  const i = model.lastIndexOf(":");
  const suffix = i > 0 ? model.slice(i + 1) : "";
  if (suffix && !["fastest", "cheapest", "preferred"].includes(suffix)) return suffix;
  const base = i > 0 ? model.slice(0, i) : model;
  const live = (mappings.get(base) as Mapped[] | undefined)?.find((e) => (e.status ?? "live") === "live");
  return live?.provider;
}

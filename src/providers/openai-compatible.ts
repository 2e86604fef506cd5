/**
 * Adapters for the OpenAI wire family (chat completions, completions, embeddings). Most providers are a
 * base URL plus a path here; the few that differ pass a body transform.
 */
import { bodyArgs, type Adapter, type Payload, type ProviderInfo, type RequestCtx } from "./adapter.js";

type Transform = (body: Record<string, unknown>, ctx: RequestCtx) => Record<string, unknown>;

/** `{model, ...args}`: model first so a proxy can route on it early; the caller's `model` is the Hub id, not sent. */
export function chatBody(args: Record<string, unknown>, ctx: RequestCtx): Record<string, unknown> {
  const rest = bodyArgs(args);
  return ctx.providerId ? { model: ctx.providerId, ...rest } : rest;
}

/** Chat completions at `path` (default `v1/chat/completions`). */
export function openaiChat(provider: ProviderInfo, path = "v1/chat/completions", transform?: Transform): Adapter {
  return {
    provider,
    path: () => path,
    body: (args, ctx): Payload => {
      const body = chatBody(args, ctx);
      return { json: transform ? transform(body, ctx) : body };
    },
  };
}

const TGI_TO_OPENAI: Record<string, string> = { max_new_tokens: "max_tokens", stop_sequences: "stop" };

/** TGI-style `{inputs, parameters}` to an OpenAI completions body. */
export function completionBody(args: Record<string, unknown>, ctx: RequestCtx): Record<string, unknown> {
  const { inputs, parameters, ...rest } = bodyArgs(args);
  const body: Record<string, unknown> = ctx.providerId ? { model: ctx.providerId } : {};
  Object.assign(body, rest);
  if (parameters && typeof parameters === "object") {
    for (const [k, v] of Object.entries(parameters)) {
      if (v !== undefined) body[TGI_TO_OPENAI[k] ?? k] = v;
    }
  }
  body.prompt = inputs;
  return body;
}

/** Text generation over `v1/completions` (or `path`). */
export function openaiCompletions(provider: ProviderInfo, path = "v1/completions"): Adapter {
  return {
    provider,
    path: () => path,
    body: (args, ctx) => ({ json: completionBody(args, ctx) }),
    output: completionOutput,
    chunk: completionChunk,
  };
}

/** Text generation for providers that only serve chat: the prompt becomes one user message. */
export function chatAsCompletions(provider: ProviderInfo, path = "v1/chat/completions"): Adapter {
  return {
    provider,
    path: () => path,
    body: (args, ctx) => {
      const { prompt, ...rest } = completionBody(args, ctx);
      return { json: { ...rest, messages: [{ role: "user", content: prompt }] } };
    },
    output: (raw: { choices?: { message?: { content?: unknown }; finish_reason?: string }[] }) =>
      completionOutput({
        choices: raw?.choices?.map((c) => ({ text: c?.message?.content, finish_reason: c?.finish_reason })),
      }),
    chunk: (raw: { choices?: { delta?: { content?: unknown }; finish_reason?: string | null }[] }) => {
      const shaped = completionChunk({
        ...raw,
        choices: raw?.choices?.map((c) => ({ text: c?.delta?.content ?? "", finish_reason: c?.finish_reason })),
      });
      // The provider's own chat `choices` are kept, as the reference yields them; `token` carries the text.
      return shaped !== raw && Array.isArray(raw?.choices) ? { ...(shaped as object), choices: raw.choices } : shaped;
    },
  };
}

/** `{choices:[{text}]}` to `{generated_text}`, keeping the finish reason in `details`. */
export function completionOutput(raw: {
  choices?: { text?: unknown; finish_reason?: unknown; seed?: unknown }[];
}): unknown {
  const c = raw?.choices?.[0];
  if (!c || typeof c.text !== "string") return raw; // the task check reports the shape
  const out: Record<string, unknown> = { generated_text: c.text };
  // together reports the sampling seed per choice (the reference keeps it too).
  if (c.finish_reason)
    out.details =
      c.seed != null ? { finish_reason: c.finish_reason, seed: c.seed } : { finish_reason: c.finish_reason };
  return out;
}

/**
 * An OpenAI completion chunk in the shape `textGenerationStream` promises (TGI token events), with the
 * original fields kept: `output.token.text` and `output.choices[0].text` both work.
 */
export function completionChunk(raw: { choices?: { text?: unknown; finish_reason?: unknown }[] }): unknown {
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.choices)) return raw;
  const c = raw.choices[0];
  const text = typeof c?.text === "string" ? c.text : "";
  return {
    ...raw,
    token: { id: 0, text, logprob: 0, special: false },
    generated_text: null,
    details: c?.finish_reason ? { finish_reason: c.finish_reason, generated_tokens: 0, prefill: [], tokens: [] } : null,
  };
}

/** Embeddings at `path` (default `v1/embeddings`): `{input, model, ...parameters}` to `number[][]`. */
export function openaiEmbeddings(provider: ProviderInfo, path = "v1/embeddings"): Adapter {
  return {
    provider,
    path: () => path,
    body: (args, ctx) => {
      const { inputs, parameters, ...rest } = bodyArgs(args);
      return {
        json: {
          input: inputs,
          ...(parameters as Record<string, unknown> | undefined),
          ...rest,
          model: ctx.providerId,
        },
      };
    },
    output: (raw: { data?: { embedding?: unknown; index?: number }[] }) =>
      Array.isArray(raw?.data) ? raw.data.map((d) => d?.embedding) : raw,
  };
}

/**
 * The OpenAI embeddings route of an endpoint URL, by the same rules as {@link withOpenAIRoute} for chat:
 * `.../v1` (or `.../v1/`) -> `.../v1/embeddings`; a URL ending with `/embeddings` is kept; one ending with
 * the chat or completions route gets `/embeddings` instead. Any other URL (a bare `http://host:port`, an
 * Inference Endpoint, `.../pipeline/feature-extraction`) is not an OpenAI route: `undefined`, and the
 * pipeline body `{inputs}` goes to the URL as given, as `@huggingface/inference` sends it.
 */
export function embeddingsRoute(url: string | undefined): string | undefined {
  const u = url?.trim().replace(/\/+$/, "");
  if (!u) return undefined;
  if (u.endsWith("/embeddings")) return u;
  if (u.endsWith("/v1")) return `${u}/embeddings`;
  const named = /\/(?:chat\/)?completions$/.exec(u);
  return named ? `${u.slice(0, named.index)}/embeddings` : undefined;
}

/**
 * `{data: [{index, embedding}]}` to the vectors in input order. An embedding sent as base64
 * (`encoding_format: "base64"`) is little-endian float32, decoded to numbers.
 */
export function embeddingsOutput(raw: { data?: { embedding?: unknown; index?: unknown }[] }): unknown {
  if (!Array.isArray(raw?.data)) return raw; // the task check reports the shape
  const data = raw.data.every((d) => typeof d?.index === "number")
    ? [...raw.data].sort((a, b) => (a.index as number) - (b.index as number))
    : raw.data;
  return data.map(({ embedding: e } = {}) => {
    if (typeof e !== "string") return e;
    const bytes = Uint8Array.from(atob(e), (c) => c.charCodeAt(0));
    return Array.from(new Float32Array(bytes.buffer, 0, bytes.length >> 2));
  });
}

/**
 * `adapter` (hf-inference's), also serving endpoint URLs: one naming an OpenAI route (`.../v1`,
 * `.../v1/embeddings`, see {@link embeddingsRoute}: llama.cpp's llama-server, vLLM, TEI, Ollama, LiteLLM) gets
 * the OpenAI embeddings body `{input, model?, ...}` there, `model` only when the caller gave one (a
 * llama-server router or vLLM picks the model with it). Other URLs get `adapter`'s pipeline body as given.
 */
/* @__NO_SIDE_EFFECTS__ */
export function withEndpointEmbeddings(adapter: Adapter): Adapter {
  return {
    provider: adapter.provider,
    path: adapter.path,
    url: (ctx) => embeddingsRoute(ctx.endpointUrl) ?? adapter.url!(ctx),
    body: (args, ctx) => {
      if (!embeddingsRoute(ctx.endpointUrl)) return adapter.body(args, ctx);
      const { inputs, parameters, ...rest } = bodyArgs(args);
      const model = ctx.model ? { model: ctx.model } : {};
      return { json: { input: inputs, ...model, ...(parameters as object | undefined), ...rest } };
    },
    output: (raw, ctx) => (embeddingsRoute(ctx.endpointUrl) ? embeddingsOutput(raw) : raw),
  };
}

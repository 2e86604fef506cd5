/**
 * `unified-inference/otel`: one OpenTelemetry span per call, named and described per the OpenTelemetry
 * GenAI semantic conventions (`{operation} {model}`, `gen_ai.*` attributes, `error.type`), with an event
 * per retry. Built on `@opentelemetry/api` (an optional peer dependency): without a tracer provider
 * registered, the API's no-op tracer makes this cost nothing. Message content is never recorded.
 *
 * The span is made when the call ends, from its record (`CallInfo`), with the call's start as its start
 * time: hooks are per call, so concurrent calls never mix their spans.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from "@opentelemetry/api";
// Types only: this entry shares no code with the main one (whose built file stays one flat module).
import type { CallInfo, Options } from "../types.js";

/** `gen_ai.operation.name` per task; other tasks use the task name. */
const OPERATIONS: Record<string, string> = {
  conversational: "chat",
  "text-generation": "text_completion",
  "feature-extraction": "embeddings",
  "sentence-similarity": "embeddings",
};

const clock = (): number =>
  typeof performance !== "undefined" ? performance.timeOrigin + performance.now() : Date.now();

/** Records one finished call as a span. */
function record(tracer: Tracer, info: CallInfo, error?: unknown): void {
  const end = clock();
  const start = end - (info.timings.totalMs ?? 0);
  const operation = OPERATIONS[info.task ?? ""] ?? info.task ?? "inference";
  const attributes: Attributes = {
    "gen_ai.operation.name": operation,
    "gen_ai.provider.name": info.servedBy ?? info.provider ?? "unknown",
  };
  const set = (key: string, v: string | number | string[] | undefined) => {
    if (v !== undefined) attributes[key] = v;
  };
  set("gen_ai.request.model", info.model);
  set("gen_ai.response.model", info.responseModel ?? info.providerModel);
  set("gen_ai.response.id", info.requestId);
  set("gen_ai.usage.input_tokens", info.usage.inputTokens);
  set("gen_ai.usage.output_tokens", info.usage.outputTokens);
  set("gen_ai.response.finish_reasons", info.finishReasons);
  if (info.cost !== "unknown") set("unified_inference.cost.estimated_usd", info.cost.usd);
  const span = tracer.startSpan(info.model ? `${operation} ${info.model}` : operation, {
    kind: SpanKind.CLIENT,
    startTime: start,
    attributes,
  });
  for (const r of info.retries) {
    const event: Attributes = { "retry.attempt": r.attempt, "retry.delay_ms": r.delayMs, "error.type": r.error.name };
    if (r.status !== undefined) event["http.response.status_code"] = r.status;
    span.addEvent("gen_ai.client.retry", event);
  }
  for (const p of info.polls) span.addEvent("gen_ai.client.poll", { "job.state": p.state }, start + p.atMs);
  info.attempts.forEach((a, i) => {
    if (a.error && i < info.attempts.length - 1) {
      span.addEvent("gen_ai.client.fallback", { "gen_ai.provider.name": a.provider, "error.type": a.error.name });
    }
  });
  if (error !== undefined) {
    const type = error instanceof Error ? error.name : "_OTHER";
    span.setAttribute("error.type", type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
  }
  span.end(end);
}

/**
 * `onResponse` and `onError` hooks that make one span per call, to pass through `observe()`. `tracer`
 * defaults to the global tracer provider's "unified-inference" tracer; `own` hooks, when given, run first
 * (what they throw does not keep the span from being recorded).
 * @example
 * const client = new InferenceClient(token, observe({ maxRetries: 3, ...otelHooks() }));
 */
export function otelHooks(
  tracer?: Tracer,
  own: Pick<Options, "onResponse" | "onError"> = {},
): Required<Pick<Options, "onResponse" | "onError">> {
  const t = () => tracer ?? trace.getTracer("unified-inference");
  return {
    onResponse: (info) => {
      try {
        own.onResponse?.(info);
      } finally {
        record(t(), info);
      }
    },
    onError: (error, info) => {
      try {
        own.onError?.(error, info);
      } finally {
        record(t(), info, error);
      }
    },
  };
}

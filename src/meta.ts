/**
 * What each call did and cost. The transport and the task runner fill a record per call as it goes (a few
 * property writes: src/transport/scope.ts, `CallMeta`); `metaOf` reads it back, for a result object, a
 * stream (complete once the stream ended) or an error, without a field added to any of them. Usage is
 * normalised here, from the answer kept as sent, only when asked for.
 */
import { InferenceClientBudgetError, InferenceClientInputError } from "./errors.js";
import { OBSERVED_RULES, checkOptions } from "./options-check.js";
import { safely } from "./transport/request-info.js";
import { records, type CallMeta } from "./transport/scope.js";
import type { CallCost, CallInfo, CallUsage, Meter, MeterTotals, Options, PriceLookup } from "./types.js";

/**
 * What the call that returned `result` (a result object, a Blob, an array, a stream, or the error a call
 * threw) did: request id, providers tried, who served it, retries, timings, token usage and an estimated
 * cost. Undefined for a value no call of this client returned (a string result: use `onResponse`).
 * @example
 * const out = await chatCompletion({ accessToken, model, messages });
 * const { servedBy, usage, cost } = metaOf(out)!;
 */
export function metaOf(result: unknown, prices?: PriceLookup): CallInfo | undefined {
  const m = result !== null && typeof result === "object" ? records.get(result) : undefined;
  return m && callInfo(m, prices ?? m.prices);
}

/**
 * Options (of a call or of `InferenceClient`) whose `onResponse`, `onError`, `meter` and `prices` take
 * effect: `observe({ onResponse, meter, prices, ...other options })`. (Only calls made with such options
 * carry the code that builds what those hooks receive; `onRequest`, `onRetry` and `metaOf` need nothing.)
 * @example
 * const client = new InferenceClient(token, observe({ onResponse: (info) => console.log(info.usage) }));
 */
export function observe<O extends Options>(options: O): O {
  checkOptions(options, "options", OBSERVED_RULES);
  return { ...options, observe: report } as O;
}

const brief = (e: unknown) => ({ name: (e as Error)?.name ?? typeof e, message: (e as Error)?.message ?? String(e) });

/** A count: a number >= 0, else undefined. */
const count = (v: unknown): number | undefined => (typeof v === "number" && v >= 0 ? v : undefined);

/** The answer's usage under the names providers use: OpenAI, Anthropic-style, TGI `details`. */
export function usageOf(raw: unknown): CallUsage {
  const a = ((Array.isArray(raw) ? raw[0] : raw) ?? {}) as Record<string, any>;
  const u = a.usage ?? {};
  return {
    inputTokens: count(u.prompt_tokens ?? u.input_tokens),
    outputTokens: count(u.completion_tokens ?? u.output_tokens ?? a.details?.generated_tokens),
    cachedInputTokens: count(
      (u.prompt_tokens_details ?? u.input_tokens_details)?.cached_tokens ?? u.cache_read_input_tokens,
    ),
    reasoningTokens: count((u.completion_tokens_details ?? u.output_tokens_details)?.reasoning_tokens),
  };
}

/** The public view of a call's record. */
export function callInfo(m: CallMeta, prices?: PriceLookup): CallInfo {
  const tried = m.tried ?? [];
  const fellBack = m.fellBack ?? [];
  const last = tried.at(-1);
  const attempts: CallInfo["attempts"] = fellBack.map((a) => ({
    provider: a.provider,
    providerModel: tried.find((x) => x[0] === a.provider)?.[1].providerId,
    error: brief(a.error),
  }));
  // The last provider, unless the call failed with every provider tried (its error lists them).
  if (last && !((m.failed as { attempts?: unknown })?.attempts === fellBack && fellBack.length)) {
    attempts.push({
      provider: last[0],
      providerModel: last[1].providerId,
      error: m.failed === undefined ? undefined : brief(m.failed),
    });
  }
  const a = ((Array.isArray(m.raw) ? m.raw[0] : m.raw) ?? {}) as Record<string, any>;
  const usage = usageOf(a);
  const since = (t?: number) => (t === undefined ? t : t - m.t0!);
  const own = count(a.usage?.estimated_cost);
  let cost: CallCost = "unknown";
  if (own !== undefined) cost = { usd: own, source: "provider-estimate" };
  else {
    try {
      // The Hub id without a policy suffix, and the provider that served the call.
      const p = prices?.(m.model.replace(/:[^/:]*$/, ""), m.servedBy ?? m.provider);
      const usd = (usage.inputTokens! * p!.input + usage.outputTokens! * p!.output) / 1e6;
      if (usd >= 0) cost = { usd, source: "catalog-estimate" };
    } catch {
      // No price, or a look-up that failed: the cost stays unknown.
    }
  }
  const reasons = (Array.isArray(a.choices) ? a.choices : [a.details ?? a])
    .map((c: any) => c?.finish_reason)
    .filter((r: unknown) => typeof r === "string" && r);
  return {
    task: last?.[1].task,
    requestId: (typeof m.requestId === "function" ? (m.requestId = m.requestId()) : m.requestId) || undefined,
    provider: m.provider,
    servedBy: m.servedBy,
    model: m.model || undefined,
    providerModel: last?.[1].providerId,
    responseModel: typeof a.model === "string" ? a.model : undefined,
    finishReasons: reasons.length ? reasons : undefined,
    attempts,
    polls: (m.polls ?? []).map((p) => ({ atMs: since(p.at)!, state: p.state })),
    retries: (m.waits ?? []).map((w) => ({ ...w, error: brief(w.error) })),
    timings: { firstByteMs: since(m.t1), firstTokenMs: since(m.t2), totalMs: since(m.t3) },
    usage,
    cost,
  };
}

/** Tells the caller's hooks and meter that a call ended (the task runner calls it for observed options). */
function report(opts: Options, m: CallMeta): void {
  m.prices = opts.prices;
  const info = callInfo(m, opts.prices);
  if (m.failed !== undefined) {
    if (opts.onError) safely(opts.onError, m.failed, info);
  } else if (opts.onResponse) safely(opts.onResponse, info);
  opts.meter?.add(info, opts.billTo);
}

const zero = (): MeterTotals => ({ requests: 0, inputTokens: 0, outputTokens: 0, estimatedUsd: 0, unknownCost: 0 });

/**
 * A meter to pass as the `meter` option (of a call or of `InferenceClient`): totals of requests, tokens
 * and estimated US dollars, overall and per provider, model and `billTo`. With `budgetUsd`, a call that
 * would start once the estimated spend reached it fails with `InferenceClientBudgetError` before sending
 * anything. Costs are estimates (see `CallInfo.cost`); calls of unknown cost count as $0.
 * @example
 * const meter = createMeter({ budgetUsd: 5 });
 * const client = new InferenceClient(token, { meter });
 */
export function createMeter(init: { budgetUsd?: number } = {}): Meter {
  const meter: Meter = {
    total: zero(),
    byProvider: {},
    byModel: {},
    byBillTo: {},
    budgetUsd: init.budgetUsd,
    check(options) {
      if (options && !(options as { observe?: unknown }).observe) {
        throw new InferenceClientInputError("options.meter must be passed through observe() to count calls");
      }
      const budget = meter.budgetUsd;
      if (typeof budget === "number" && meter.total.estimatedUsd >= budget) {
        throw new InferenceClientBudgetError(meter.total.estimatedUsd, budget);
      }
    },
    add(info, billTo) {
      const usd = info.cost === "unknown" ? undefined : info.cost.usd;
      const buckets = [meter.total];
      const provider = info.servedBy ?? info.provider;
      if (provider) buckets.push((meter.byProvider[provider] ??= zero()));
      if (info.model) buckets.push((meter.byModel[info.model] ??= zero()));
      if (billTo) buckets.push((meter.byBillTo[billTo] ??= zero()));
      for (const b of buckets) {
        b.requests++;
        b.inputTokens += info.usage.inputTokens ?? 0;
        b.outputTokens += info.usage.outputTokens ?? 0;
        if (usd === undefined) b.unknownCost++;
        else b.estimatedUsd += usd;
      }
    },
    reset() {
      Object.assign(meter.total, zero());
      meter.byProvider = {};
      meter.byModel = {};
      meter.byBillTo = {};
    },
  };
  return meter;
}

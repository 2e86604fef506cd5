/**
 * `-v` / `--verbose`: after a call, what it did and cost, on stderr: who served it, the request id, the
 * attempts (and each provider tried on a fallback), timings, tokens and the estimated cost with its source.
 * Read from the call's record (`metaOf`); for a stream the record is complete once the stream ended.
 */
import { catalogPrices } from "../catalog.js";
import { scrub } from "../lib/secrets.js";
import { metaOf } from "../meta.js";
import type { CallInfo } from "../types.js";
import type { OptSpec } from "./args.js";
import type { Context } from "./common.js";
import { printable } from "./progress.js";

export const VERBOSE_OPTION: OptSpec = {
  name: "verbose",
  short: "v",
  kind: "flag",
  help: "After the call, print on stderr who served it, request id, attempts, timings, tokens and estimated cost",
};

const ms = (v: number | undefined) => (v === undefined ? undefined : `${Math.round(v)} ms`);

/** The lines printed for one call (exported for tests). */
export function formatCallInfo(info: CallInfo | undefined): string[] {
  if (!info) return ["call: no record of this call"];
  const lines: string[] = [];
  const served = info.servedBy ?? info.attempts.at(-1)?.provider ?? info.provider ?? "unknown";
  const header = info.servedBy ? `x-inference-provider: ${info.servedBy}` : "no x-inference-provider header";
  const asked = info.provider && info.provider !== served ? `, asked for ${info.provider}` : "";
  lines.push(`served by: ${served} (${header}${asked})`);
  if (info.model) {
    const providerModel = info.providerModel && info.providerModel !== info.model ? ` (as ${info.providerModel})` : "";
    lines.push(`model: ${info.model}${providerModel}`);
  }
  lines.push(`request id: ${info.requestId ?? "none"}`);
  const requests = Math.max(1, info.attempts.length) + info.retries.length;
  const retried = info.retries.length
    ? ` (${info.retries.length} ${info.retries.length === 1 ? "retry" : "retries"}: ${info.retries
        .map((r) => (r.status ? `HTTP ${r.status}` : r.error.name))
        .join(", ")})`
    : "";
  lines.push(`attempts: ${requests}${retried}`);
  if (info.attempts.length > 1) {
    const tried = info.attempts.map((a) => (a.error ? `${a.provider} (failed: ${a.error.message})` : a.provider));
    lines.push(`providers tried: ${tried.join(" -> ")}`);
  }
  const t = info.timings;
  const times = [
    ["first byte", ms(t.firstByteMs)],
    ["first token", ms(t.firstTokenMs)],
    ["total", ms(t.totalMs)],
  ].filter(([, v]) => v !== undefined);
  lines.push(`timings: ${times.length ? times.map(([k, v]) => `${k} ${v}`).join(", ") : "unknown"}`);
  const u = info.usage;
  const tokens = [
    ["input", u.inputTokens],
    ["output", u.outputTokens],
    ["cached input", u.cachedInputTokens],
    ["reasoning", u.reasoningTokens],
  ].filter(([, v]) => v !== undefined);
  lines.push(`usage: ${tokens.length ? `${tokens.map(([k, v]) => `${v} ${k}`).join(", ")} tokens` : "unknown"}`);
  const c = info.cost;
  lines.push(
    c === "unknown" ? "estimated cost: unknown" : `estimated cost: $${usd(c.usd)} (estimate, source: ${c.source})`,
  );
  return lines;
}

/** Dollars with enough digits to show small amounts (0.000123). */
function usd(v: number): string {
  if (v === 0) return "0";
  return v >= 0.01 ? v.toFixed(4) : v.toPrecision(3);
}

/**
 * Prints the record of the call that returned `result` (result, stream or error). When the cost is not
 * known from the answer and tokens were counted, the router catalog's prices give an estimate (routed calls
 * only: an endpoint URL has no catalog price).
 */
export async function printCallInfo(ctx: Context, result: unknown, signal?: AbortSignal): Promise<void> {
  let info = metaOf(result);
  const counted = info && (info.usage.inputTokens !== undefined || info.usage.outputTokens !== undefined);
  if (info && info.cost === "unknown" && counted && info.model && !ctx.target.endpointUrl) {
    const prices = catalogPrices({
      accessToken: ctx.target.accessToken,
      ...(ctx.options.fetch ? { fetch: ctx.options.fetch } : {}),
      timeout: 10_000,
      signal,
    });
    try {
      await prices.refresh();
      info = metaOf(result, prices);
    } catch {
      // No catalog: the cost stays unknown.
    }
  }
  const text = formatCallInfo(info)
    .map((l) => `unified-inference: ${printable(scrub(l, ctx.secrets))}\n`)
    .join("");
  process.stderr.write(text);
}

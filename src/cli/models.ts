/**
 * `unified-inference models [id]`: the router's catalog (`/v1/models`) as a table, one row per model and
 * provider: status, prices in and out (USD per 1M tokens), context length, first-token latency and
 * throughput. `--json` prints the catalog's own objects for scripts.
 */
import { getModel, listModels, type CatalogOptions, type RouterModel } from "../catalog.js";
import { formatOptions, type OptSpec } from "./args.js";
import { COMMON_OPTIONS, contextFrom, parseWith, TOKEN_ENV } from "./common.js";
import { EXIT, UsageError, type ExitCode } from "./errors.js";
import { out } from "./io.js";

export const MODELS_OPTIONS: OptSpec[] = [
  { name: "json", kind: "flag", help: "Print the catalog as JSON (for scripts)" },
];

/** The options of every command that apply here (no task, endpoint or billing). */
const USED = new Set(["provider", "token", "timeout", "idle-timeout", "max-retries", "no-retry", "quiet", "help"]);

export function modelsHelp(): string {
  return `Usage: unified-inference models [id] [options]

Lists the models the Hugging Face router serves, with each provider's status, prices (USD per 1M
tokens, in and out), context length, first-token latency and throughput. With an id (org/name), only
that model. The catalog is public; $${TOKEN_ENV} is sent when it is a Hugging Face token.

Examples:
  unified-inference models
  unified-inference models Qwen/Qwen3-32B
  unified-inference models --provider groq --json | jq '.[].id'

Options:
${formatOptions([...MODELS_OPTIONS, ...COMMON_OPTIONS.filter((o) => USED.has(o.name))])}
`;
}

export async function models(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const { opts, positionals } = parseWith(argv, MODELS_OPTIONS);
  if (opts.help === true) {
    await out(modelsHelp());
    return EXIT.ok;
  }
  for (const name of ["model", "endpoint-url", "param", "args", "bill-to", "header"]) {
    if (opts[name] !== undefined) throw new UsageError(`models does not take --${name}`);
  }
  if (positionals.length > 1) throw new UsageError(`models takes at most one model id, got ${positionals.length}`);
  const ctx = contextFrom(opts, env);
  const options: CatalogOptions = { ...ctx.options, accessToken: ctx.target.accessToken };
  const provider = ctx.target.provider;
  const id = positionals[0];
  let list: RouterModel[] = id === undefined ? await listModels(options) : [await getModel(id, options)];
  if (provider !== undefined) {
    list = list
      .map((m) => ({ ...m, providers: m.providers.filter((p) => p.provider === provider) }))
      .filter((m) => m.providers.length > 0);
  }
  if (opts.json === true) {
    await out(`${JSON.stringify(id === undefined ? list : (list[0] ?? null), null, 2)}\n`);
    return EXIT.ok;
  }
  await out(catalogTable(list, id === undefined));
  return EXIT.ok;
}

const HEADINGS = ["MODEL", "PROVIDER", "STATUS", "IN $/1M", "OUT $/1M", "CONTEXT", "TTFT ms", "TOKENS/s"];
/** Columns aligned right (numbers). */
const RIGHT = new Set([3, 4, 5, 6, 7]);

const num = (v: unknown, digits?: number): string =>
  typeof v === "number" && Number.isFinite(v) ? (digits === undefined ? String(v) : v.toFixed(digits)) : "-";

/** The catalog as an aligned text table, one row per (model, provider); `withModel` adds the model column. */
export function catalogTable(list: RouterModel[], withModel = true): string {
  const rows: string[][] = [];
  for (const m of list) {
    for (const p of m.providers) {
      rows.push([
        m.id,
        p.provider,
        p.status + (p.is_free === true ? " (free)" : ""),
        num(p.pricing?.input, 2),
        num(p.pricing?.output, 2),
        num(p.context_length),
        num(p.first_token_latency_ms === undefined ? undefined : Math.round(p.first_token_latency_ms)),
        num(p.throughput, 1),
      ]);
    }
  }
  if (!rows.length) return "No models.\n";
  const skip = withModel ? -1 : 0;
  const cols = HEADINGS.map((_, i) => i).filter((i) => i !== skip);
  const all = [HEADINGS, ...rows].map((r) => r.map(clean));
  const width = (i: number) => Math.max(...all.map((r) => r[i]!.length));
  const widths = new Map(cols.map((i) => [i, width(i)]));
  const line = (r: string[]) =>
    cols
      .map((i) => (RIGHT.has(i) ? r[i]!.padStart(widths.get(i)!) : r[i]!.padEnd(widths.get(i)!)))
      .join("  ")
      .trimEnd();
  const head = withModel ? "" : `${clean(list[0]!.id)}\n`;
  return `${head}${all.map(line).join("\n")}\n`;
}

/** A catalog value printed to a terminal: no control characters (escape sequences). */
function clean(s: string): string {
  // oxlint-disable-next-line no-control-regex -- finding control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

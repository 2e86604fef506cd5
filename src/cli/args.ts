/**
 * A small command-line parser: long options (`--name value`, `--name=value`), short aliases (`-m value`),
 * flags with a `--no-` form, repeatable options, `--` to end options. Unknown options are usage errors,
 * so a typo never silently changes what is sent.
 */
import { UsageError } from "./errors.js";

export interface OptSpec {
  /** Long name without dashes, e.g. "endpoint-url". */
  name: string;
  /** One-letter alias without the dash. */
  short?: string;
  /** `flag`: no value; `value`: one value (the last one wins); `list`: repeatable, every value kept. */
  kind: "flag" | "value" | "list";
  /** Name of the value in help, e.g. "id". */
  value?: string;
  help: string;
}

export type ParsedOpts = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  opts: ParsedOpts;
  positionals: string[];
}

/** Parses `argv` against `specs`. Positionals are kept in order; `-` alone is a positional (stdin). */
export function parseArgs(argv: readonly string[], specs: readonly OptSpec[]): Parsed {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const opts: ParsedOpts = {};
  const positionals: string[] = [];
  const set = (spec: OptSpec, value: string | boolean) => {
    if (spec.kind === "list") {
      const list = (opts[spec.name] as string[] | undefined) ?? [];
      list.push(String(value));
      opts[spec.name] = list;
    } else opts[spec.name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      let spec = byLong.get(name);
      if (!spec && name.startsWith("no-")) {
        const negated = byLong.get(name.slice(3));
        if (negated?.kind === "flag" && eq === -1) {
          opts[negated.name] = false;
          continue;
        }
      }
      if (!spec) throw new UsageError(`unknown option --${name}${suggest(name, specs)}`);
      if (spec.kind === "flag") {
        if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
        set(spec, true);
        continue;
      }
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined)
        throw new UsageError(`option --${name} needs a value${spec.value ? ` <${spec.value}>` : ""}`);
      set(spec, value);
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      // Short options: `-q`, `-m id`, `-mid`, and grouped flags such as `-qI`.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const spec = byShort.get(letter);
        if (!spec) throw new UsageError(`unknown option -${letter}`);
        if (spec.kind === "flag") {
          set(spec, true);
          continue;
        }
        let value: string | undefined = arg.slice(j + 1);
        if (!value) {
          value = argv[i + 1];
          i++;
        }
        if (value === undefined)
          throw new UsageError(`option -${letter} needs a value${spec.value ? ` <${spec.value}>` : ""}`);
        set(spec, value);
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { opts, positionals };
}

function suggest(name: string, specs: readonly OptSpec[]): string {
  const close = specs.find((s) => distance(s.name, name) <= 2);
  return close ? ` (did you mean --${close.name}?)` : "";
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Help lines for a list of options, aligned. */
export function formatOptions(specs: readonly OptSpec[]): string {
  const left = specs.map((s) => {
    const names = `${s.short ? `-${s.short}, ` : "    "}--${s.name}`;
    return s.kind === "flag" ? names : `${names} <${s.value ?? "value"}>`;
  });
  const width = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
  return specs
    .map((s, i) => {
      const l = left[i]!;
      return l.length + 2 > width ? `  ${l}\n  ${" ".repeat(width)}${s.help}` : `  ${l.padEnd(width)}${s.help}`;
    })
    .join("\n");
}

/** `key=value` pairs into an object. Values are JSON when they parse as JSON, else strings; `a.b=1` nests. */
export function parseParams(pairs: readonly string[], into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param needs key=value, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    const path = key.split(".");
    if (path.some((p) => !p || p === "__proto__" || p === "constructor" || p === "prototype")) {
      throw new UsageError(`--param has an invalid key ${JSON.stringify(key)}`);
    }
    let obj = into;
    for (const part of path.slice(0, -1)) {
      const next = obj[part];
      if (!next || typeof next !== "object" || Array.isArray(next)) obj[part] = {};
      obj = obj[part] as Record<string, unknown>;
    }
    obj[path.at(-1)!] = value;
  }
  return into;
}

/** A duration: seconds (`30`, `1.5`) or with a unit (`500ms`, `30s`, `2m`, `1h`). Returns milliseconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m)
    throw new UsageError(`--${option} must be a duration such as 30, 30s, 500ms or 2m, got ${JSON.stringify(text)}`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  return Math.round(n * (unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : 3_600_000));
}

/** A whole number >= 0. */
export function parseCount(text: string, option: string): number {
  if (!/^\s*\d+\s*$/.test(text))
    throw new UsageError(`--${option} must be a whole number >= 0, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** A number (for sampling parameters). */
export function parseNumber(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`--${option} must be a number, got ${JSON.stringify(text)}`);
  }
  return n;
}

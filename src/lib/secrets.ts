/**
 * Secrecy by construction. `scrub` replaces secrets in a text; `snapshot` copies a value that did not
 * come from this library (an error thrown by a caller's `fetch`, a provider's error body) into fresh
 * objects that hold nothing else than what they show:
 *
 * - plain objects become null-prototype objects with the own enumerable data fields only (a getter is
 *   not called: it shows as "[getter]"; symbol keys and hidden fields are dropped; a `__proto__` key
 *   stays an ordinary key, never a prototype);
 * - arrays, Maps (as `[key, value]` pairs) and Sets become plain arrays;
 * - errors become plain `Error`s with their name, message, stack, cause, `errors` and own fields;
 * - every string, keys included, is scrubbed of the secrets and cut to a bounded length;
 * - a cycle becomes "[circular]"; past a bounded depth or number of values, "[too deep]" or "[too large]".
 *
 * So nothing a foreign object hides (in a Map, a Set, a getter, a symbol or hidden field, a cycle, a long
 * cause chain) is kept, and `util.inspect`, `JSON.stringify`, `String` and `stack` show only scrubbed text.
 */

/** The shortest start of a secret that is redacted when a text ends with it. */
const MIN_CUT_SECRET = 6;

/**
 * Replaces every secret in `text` (as is, or URL-encoded) with "[redacted]". A text that ends with the
 * start of a secret (a sample cut to a length, with or without an ellipsis) has that start redacted too.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    if (out.includes(s)) out = out.split(s).join("[redacted]");
    const enc = encodeURIComponent(s);
    if (enc !== s && out.includes(enc)) out = out.split(enc).join("[redacted]");
    const tail = /(…|\.\.\.|"|\s)*$/.exec(out)![0];
    const body = out.slice(0, out.length - tail.length);
    for (let k = s.length - 1; k >= MIN_CUT_SECRET; k--) {
      if (body.endsWith(s.slice(0, k))) {
        out = `${body.slice(0, body.length - k)}[redacted]${tail}`;
        break;
      }
    }
  }
  return out;
}

/** Levels of nesting kept in a snapshot (an error's cause counts as one). */
export const SNAPSHOT_DEPTH = 24;
/** Values kept in one snapshot. */
export const SNAPSHOT_VALUES = 10_000;
/** Characters kept of one string. */
export const SNAPSHOT_TEXT = 65_536;

interface Walk {
  secrets: readonly string[];
  /** Values left in the budget. */
  left: number;
  /** The objects being copied, outermost first (a value found among them is a cycle). */
  path: object[];
}

/**
 * A copy of `value` safe to keep in an error and to show: see the module comment. Primitives are kept
 * (strings scrubbed, a BigInt as its decimal text), functions and symbols become a marker.
 */
export function snapshot(value: unknown, secrets: readonly string[] = []): unknown {
  return copy(value, { secrets, left: SNAPSHOT_VALUES, path: [] });
}

/** Defines an own enumerable field (a `__proto__` key stays a key). */
function put(o: object, key: string, value: unknown, enumerable = true): void {
  Object.defineProperty(o, key, { value, enumerable, writable: true, configurable: true });
}

function text(s: string, w: Walk): string {
  const out = scrub(s, w.secrets);
  return out.length > SNAPSHOT_TEXT ? `${out.slice(0, SNAPSHOT_TEXT)}…` : out;
}

function copy(v: unknown, w: Walk): unknown {
  if (typeof v === "string") return text(v, w);
  if (v === null || v === undefined || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return `${v}`;
  if (typeof v !== "object") return `[${typeof v}]`;
  if (w.path.includes(v)) return "[circular]";
  if (w.path.length >= SNAPSHOT_DEPTH) return "[too deep]";
  w.path.push(v);
  let out: object | string;
  try {
    out = copyObject(v, w);
  } catch {
    // A Proxy or an exotic object that throws when read.
    out = "[unreadable]";
  }
  w.path.pop();
  return out;
}

/** At most the budget left of the values an iterator gives. */
function list(items: Iterable<unknown>, w: Walk, each: (x: any) => unknown): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (--w.left < 0) {
      out.push("[too large]");
      break;
    }
    out.push(each(x));
  }
  return out;
}

function copyObject(v: object, w: Walk): object | string {
  const c = (x: unknown) => copy(x, w);
  if (Array.isArray(v)) return list(v, w, c);
  if (v instanceof Map) return list(v, w, ([k, x]) => [c(k), c(x)]);
  if (v instanceof Set) return list(v, w, c);
  if (ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
  let out: Record<string, unknown>;
  if (v instanceof Error) {
    const e = v as Error & { cause?: unknown; errors?: unknown };
    const str = (x: unknown) => (typeof x === "string" ? text(x, w) : "");
    out = new Error(str(e.message)) as never;
    const name = str(e.name) || "Error";
    put(out, "name", name, false);
    put(out, "stack", str(e.stack), false);
    if ("cause" in e) put(out, "cause", c(e.cause), false);
    if (Array.isArray(e.errors)) put(out, "errors", c(e.errors), false);
  } else out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (--w.left < 0) {
      put(out, "[too large]", true);
      break;
    }
    // An error's own fields of these names were copied above.
    if (v instanceof Error && /^(cause|errors|name|message|stack)$/.test(key)) continue;
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d) put(out, text(key, w), "value" in d ? c(d.value) : "[getter]");
  }
  return out;
}

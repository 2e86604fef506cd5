/**
 * Published API descriptions as validators: loads an OpenAPI document from `../shared/specs` (beside the
 * repository), finds the schema of a route's request or response for a method and content type, and
 * compiles it with Ajv (JSON Schema 2020-12). `$ref`s inside the schema resolve against the document
 * itself, so a route's schema is checked with everything it refers to.
 *
 * Both documents use OpenAPI 3.0's `nullable: true` (TGI's is a 3.0 document; OpenAI's 3.1 document still
 * carries it in many places), which JSON Schema does not know: it is rewritten to the JSON Schema form
 * (`type: [T, "null"]`, or `anyOf: [..., {type: "null"}]`) before compiling. OpenAPI-only keywords
 * (`discriminator`, `example`, `x-*`) are annotations here.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The main checkout of a git worktree (whose `.git` is a file `gitdir: <main>/.git/worktrees/<name>`), or
 * the repository root itself.
 */
function mainCheckout(root: string): string {
  try {
    const m = /^gitdir:\s*(.+?)[\\/]\.git[\\/]worktrees[\\/]/m.exec(readFileSync(join(root, ".git"), "utf8"));
    return m ? resolve(root, m[1]!) : root;
  } catch {
    return root; // `.git` is a folder (or absent): this is the main checkout
  }
}

/**
 * Where the published documents live: `../shared/specs` from the repository root (from the main checkout,
 * for a git worktree), or the folder named by `OPENAPI_SPECS_DIR`.
 */
export const SPECS_DIR = process.env.OPENAPI_SPECS_DIR
  ? resolve(process.env.OPENAPI_SPECS_DIR)
  : ([REPO_ROOT, mainCheckout(REPO_ROOT)]
      .map((root) => resolve(root, "../shared/specs"))
      .find((dir) => existsSync(dir)) ?? resolve(REPO_ROOT, "../shared/specs"));

export type SpecFile = "openai-openapi.json" | "tgi-openapi.json";

export function specsAvailable(files: SpecFile[] = ["openai-openapi.json", "tgi-openapi.json"]): boolean {
  return files.every((f) => existsSync(join(SPECS_DIR, f)));
}

type Json = Record<string, any>;

/** OpenAPI 3.0 schema objects as JSON Schema: `nullable`, and the boolean `exclusiveMinimum/Maximum`. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = toJsonSchema(v);
  for (const bound of ["Minimum", "Maximum"] as const) {
    const flag = out[`exclusive${bound}`];
    if (typeof flag === "boolean") {
      const limit = out[bound.toLowerCase()];
      delete out[`exclusive${bound}`];
      if (flag && typeof limit === "number") {
        out[`exclusive${bound}`] = limit;
        delete out[bound.toLowerCase()];
      }
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string" && !out.allOf && !out.anyOf && !out.oneOf && !out.$ref) {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    // A reference or a combination: either the schema as written, or null. Annotations stay outside.
    const { description, title, default: def, example, deprecated, ...schema } = out;
    const wrapped: Json = { anyOf: [schema, { type: "null" }] };
    if (description !== undefined) wrapped.description = description;
    if (title !== undefined) wrapped.title = title;
    if (def !== undefined) wrapped.default = def;
    if (example !== undefined) wrapped.example = example;
    if (deprecated !== undefined) wrapped.deprecated = deprecated;
    return wrapped;
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  return out;
}

/** A compiled schema: its name (for messages) and a check returning readable errors (empty when valid). */
interface SchemaCheck {
  /** `<spec file> <schema name or location>`, naming the outside source a test follows. */
  source: string;
  errors(value: unknown): string[];
}

export interface Spec {
  file: SpecFile;
  doc: Json;
  /** The schema of a request body: `request("/chat/completions", "post", "application/json")`. */
  request(path: string, method: string, contentType: string): SchemaCheck;
  /** The schema of an answer: `response("/chat/completions", "post", "text/event-stream")` (status 200). */
  response(path: string, method: string, contentType: string, status?: string): SchemaCheck;
  /** A named schema of `components.schemas`. */
  schema(name: string): SchemaCheck;
  /** A schema given inline, whose `$ref`s point into this document. */
  compile(schema: Json, source: string): SchemaCheck;
}

const NUMERIC_FORMATS: Record<string, (n: number) => boolean> = {
  int32: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  int64: (n) => Number.isInteger(n),
  float: (n) => Number.isFinite(n),
  double: (n) => Number.isFinite(n),
  unixtime: (n) => Number.isInteger(n) && n >= 0,
};

function format(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath || "(body)"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/** `#/a/b` of a JSON pointer, with `~1` and `~0` escapes. */
const pointer = (...parts: string[]) => `#/${parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

const cache = new Map<SpecFile, Spec>();

/** Loads a published document (once per process) and prepares its validators. */
export function loadSpec(file: SpecFile): Spec {
  const hit = cache.get(file);
  if (hit) return hit;
  const raw = JSON.parse(readFileSync(join(SPECS_DIR, file), "utf8")) as Json;
  const id = `https://specs.invalid/${file}`;
  const doc: Json = { ...(toJsonSchema(raw) as Json), $id: id };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const [name, check] of Object.entries(NUMERIC_FORMATS)) ajv.addFormat(name, { type: "number", validate: check });
  ajv.addFormat("binary", true);
  ajv.addSchema(doc);

  const compiled = new Map<string, ValidateFunction>();
  const compile = (schema: Json, source: string): SchemaCheck => {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ $id: `${id}/inline/${compiled.size}`, ...rebase(schema, id) });
      compiled.set(key, validate);
    }
    const fn = validate;
    return { source: `${file} ${source}`, errors: (value) => (fn(value) ? [] : format(fn.errors)) };
  };

  const operation = (path: string, method: string): Json => {
    const op = doc.paths?.[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${file} has no ${method.toUpperCase()} ${path}`);
    return op;
  };
  const deref = (node: Json): Json => {
    let n = node;
    while (n && typeof n.$ref === "string" && n.$ref.startsWith("#/")) {
      n = n.$ref
        .slice(2)
        .split("/")
        .reduce((o: Json, k: string) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    }
    return n;
  };
  const named = (schema: Json, fallback: string) =>
    typeof schema.$ref === "string" ? schema.$ref.replace("#/components/schemas/", "") : fallback;

  const spec: Spec = {
    file,
    doc,
    request(path, method, contentType) {
      const body = deref(operation(path, method).requestBody ?? {});
      const schema = body.content?.[contentType]?.schema;
      if (!schema) throw new Error(`${file} ${method.toUpperCase()} ${path}: no ${contentType} request body`);
      return compile(
        { $ref: pointer("paths", path, method.toLowerCase(), "requestBody", "content", contentType, "schema") },
        named(schema, `${path} request`),
      );
    },
    response(path, method, contentType, status = "200") {
      const res = deref(operation(path, method).responses?.[status] ?? {});
      const schema = res.content?.[contentType]?.schema;
      if (!schema) throw new Error(`${file} ${method.toUpperCase()} ${path}: no ${status} ${contentType} answer`);
      return compile(
        { $ref: pointer("paths", path, method.toLowerCase(), "responses", status, "content", contentType, "schema") },
        named(schema, `${path} ${status} answer`),
      );
    },
    schema(name) {
      if (!doc.components?.schemas?.[name]) throw new Error(`${file} has no schema ${name}`);
      return compile({ $ref: pointer("components", "schemas", name) }, name);
    },
    compile,
  };
  cache.set(file, spec);
  return spec;
}

/** Local `#/...` references of an inline schema made absolute, pointing into the document `id`. */
function rebase(node: unknown, id: string): any {
  if (Array.isArray(node)) return node.map((n) => rebase(n, id));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${id}${v}` : rebase(v, id);
  }
  return out;
}

/**
 * A multipart/form-data body as the JSON object its schema describes, following OpenAPI's default
 * encoding: a part per scalar field (its text, read as a number or boolean where the schema's property
 * says so), repeated parts of one name for an array of scalars, a file part as its file name.
 */
export function formObject(
  parts: { name: string; filename?: string; text: string }[],
  properties: Record<string, Json>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const typeOf = (name: string): string | undefined => {
    const p = properties[name];
    if (!p) return undefined;
    const t = Array.isArray(p.type) ? p.type.find((x: string) => x !== "null") : p.type;
    if (t) return t;
    const alt = (p.anyOf ?? p.oneOf ?? []).find((s: Json) => typeof s.type === "string" && s.type !== "null");
    return alt?.type;
  };
  const scalar = (type: string | undefined, text: string): unknown => {
    if ((type === "number" || type === "integer") && text.trim() !== "" && !Number.isNaN(Number(text))) {
      return Number(text);
    }
    if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
    return text;
  };
  for (const part of parts) {
    const value = part.filename !== undefined ? part.filename : part.text;
    const type = typeOf(part.name);
    if (type === "array") {
      const items = properties[part.name]?.items as Json | undefined;
      const itemType = typeof items?.type === "string" ? items.type : undefined;
      ((out[part.name] ??= []) as unknown[]).push(scalar(itemType, value));
    } else if (part.name in out) {
      // A repeated part for a field that is not an array: keep every value, the check will report it.
      out[part.name] = [out[part.name], value].flat();
    } else {
      out[part.name] = type === "object" ? safeJson(value) : scalar(type, value);
    }
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

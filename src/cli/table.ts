/**
 * Tables for the tabular tasks and table question answering: CSV (with a header row) or JSON (an object
 * of columns, or an array of row objects), turned into the `{column: values}` shape the tasks take.
 */
import { UsageError } from "./errors.js";

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const s = text.replace(/^\uFEFF/, "");
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
    i++;
  }
  if (quoted) throw new UsageError("the CSV table has an unclosed quote");
  if (field !== "" || row.length) endRow();
  return rows;
}

/** A table as columns of strings: header -> values, every column of the same length. */
export function parseTable(text: string, source: string): Record<string, string[]> {
  const trimmed = text.trim();
  if (!trimmed) throw new UsageError(`the table ${source} is empty`);
  const columns: Record<string, string[]> = {};
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`the table ${source} is not valid JSON: ${(e as Error).message}`);
    }
    if (Array.isArray(value)) {
      // An array of rows: [{a: 1, b: 2}, ...].
      const keys = [...new Set(value.flatMap((r) => (r && typeof r === "object" ? Object.keys(r) : [])))];
      if (!keys.length) throw new UsageError(`the table ${source} must be an array of row objects`);
      for (const k of keys) columns[k] = value.map((r) => cell((r as Record<string, unknown>)?.[k]));
      return columns;
    }
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (!Array.isArray(v))
          throw new UsageError(`column ${JSON.stringify(k)} of the table ${source} must be an array`);
        columns[k] = v.map(cell);
      }
      return checkLengths(columns, source);
    }
    throw new UsageError(`the table ${source} must be an object of columns or an array of rows`);
  }
  const [header, ...rows] = parseCsv(text);
  if (!header || !rows.length) throw new UsageError(`the CSV table ${source} needs a header row and at least one row`);
  header.forEach((h, j) => (columns[h.trim()] = rows.map((r) => r[j] ?? "")));
  return columns;
}

function cell(v: unknown): string {
  return v === null || v === undefined
    ? ""
    : typeof v === "string"
      ? v
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);
}

function checkLengths(columns: Record<string, string[]>, source: string): Record<string, string[]> {
  const lengths = new Set(Object.values(columns).map((c) => c.length));
  if (lengths.size > 1) throw new UsageError(`the columns of the table ${source} have different lengths`);
  return columns;
}

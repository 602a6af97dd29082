// CSV in and out (csv-parse / csv-stringify: quoting, BOMs and line endings are their problem, not ours).
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { err, ok, type Result } from "./result.js";

export interface CsvRow {
  line: number; // 1-based line in the file, header = 1
  fields: Record<string, string>;
}

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export function readCsv(text: string, required: readonly string[]): Result<CsvRow[]> {
  if (text.length > MAX_CSV_BYTES) return err(`The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (e) {
    return err(`The file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) return err("The file has no rows under its header.", `a header line ${required.join(",")} and then one row per figure`);
  const header = Object.keys(records[0]!.record);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) return err(`The header lacks ${missing.join(", ")}.`, `a first line of ${required.join(",")}`);
  return ok(records.map((r) => ({ line: r.info.lines, fields: r.record })));
}

// CSV formula injection (OWASP): a spreadsheet runs a cell that begins with one of
// these as a formula, so such a cell gets a leading single quote, which shows as
// text. Leading spaces do not stop every spreadsheet from reading a formula.
const FORMULA_START = /^[=+\-@\t\r]|^\s+[=+\-@]/;
// A plain number ("-3", "4.5", "-1e-3") is not a formula, and in a figure column must stay a number.
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/** The cell as a spreadsheet may safely open it: text that would start a formula is made text. */
export function neutraliseCell(value: string, numeric = false): string {
  if (numeric && PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface CsvOptions {
  /** Columns of figures: a plain (possibly negative) number in them is written as it is. */
  numericColumns?: readonly string[];
}

/** Every cell neutralised against formula injection; quoting is csv-stringify's. */
export function writeCsv(header: string[], rows: (string | number | null)[][], opts: CsvOptions = {}): string {
  const numeric = header.map((h) => opts.numericColumns?.includes(h) ?? false);
  const cell = (v: string | number | null, i: number) =>
    v === null ? "" : typeof v === "number" && Number.isFinite(v) ? String(v) : neutraliseCell(String(v), numeric[i] ?? false);
  return stringify([header.map((h) => neutraliseCell(h)), ...rows.map((r) => r.map(cell))]);
}

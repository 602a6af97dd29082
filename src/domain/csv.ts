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

export function writeCsv(header: string[], rows: (string | number | null)[][]): string {
  return stringify([header, ...rows.map((r) => r.map((v) => (v === null ? "" : String(v))))]);
}

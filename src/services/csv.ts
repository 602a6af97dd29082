// What an import answers when its file is wrong: all or nothing, with every
// bad row by its line number (as a spreadsheet shows them) and the reason.
import { type CsvRow, readCsv } from "../domain/csv.js";
import { identifyingProblem } from "../domain/identifying-text.js";
import { fail, type Notice, notice, type Result } from "../domain/result.js";
import { cleanCommandText } from "../domain/text.js";
import { plainWords } from "../domain/words.js";

/** Nothing was imported, and why: one line per problem. */
export function importRefused(problems: string[]): Notice {
  return notice("error", `Nothing was imported: ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
}

/** A field's problem as a row's reason: what is wrong, then the example in brackets when there is one. */
export function rowProblem(n: Notice): string {
  return `${plainWords(n.text)}${n.example ? ` (${plainWords(n.example)})` : ""}`;
}

/** The rows of a readable CSV, or the notice that says what is wrong with the file. */
export function csvRows(text: string, required: readonly string[]): Result<CsvRow[]> {
  const r = readCsv(text, required);
  if (!r.ok) return fail(importRefused([`${plainWords(r.error.text)}${r.error.example ? ` Expected ${plainWords(r.error.example)}.` : ""}`]));
  return r;
}

/** The columns of free text to screen for what identifies a person, and the council's own id shapes. */
export interface ScreenedColumns {
  columns: ReadonlySet<string>;
  patterns: readonly RegExp[];
}

/**
 * A reader of a row's free-text fields: each cleaned as a command's text is and
 * kept under its length, or "" with the problem added to the row's problems.
 * A screened column that may identify someone is a problem of its row too.
 */
export function textFields(
  fields: Record<string, string | undefined>,
  rowProblems: string[],
  screened?: ScreenedColumns,
): (name: string, max: number) => string {
  return (name, max) => {
    const c = cleanCommandText(fields[name] ?? "");
    if (!c.ok) {
      rowProblems.push(`${name}: ${plainWords(c.error.text)}`);
      return "";
    }
    if (c.value.length > max) rowProblems.push(`${name} is longer than ${max} characters`);
    const identifying = screened?.columns.has(name) ? identifyingProblem(c.value, screened.patterns) : null;
    if (identifying) rowProblems.push(`${name} ${identifying}`);
    return c.value;
  };
}

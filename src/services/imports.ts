// The CLI's imports: each is all or nothing (one transaction), with every bad
// row reported by its line number; a refused file is a Result, not an exception.
// Free text (notes, indicator names and guidance) is screened for what
// identifies a person, and a row that trips the screen refuses the file.

import { writeAudit } from "../db/audit.js";
import { COMPARATORS, type Comparator, putBenchmark } from "../db/benchmarks.js";
import { importFigures } from "../db/bulk-figures.js";
import { listIndicators, upsertIndicator } from "../db/indicators.js";
import { lockIndicator, lockName } from "../db/locks.js";
import { benchmarkPeriodKey } from "../domain/comparators.js";
import { identifyingProblem } from "../domain/identifying-text.js";
import { type CatalogueRow, catalogueRowSchema, type Indicator } from "../domain/indicator.js";
import { checkFrequency, describePeriod, hasEnded, type Period, parsePeriod, periodKey } from "../domain/period.js";
import { fail, ok, type Result } from "../domain/result.js";
import { checkNote, cleanCommandText } from "../domain/text.js";
import { type ParsedValue, parseValue } from "../domain/value.js";
import { plainWords } from "../domain/words.js";
import type { Context } from "./context.js";
import { csvRows, importRefused, rowProblem } from "./csv.js";

export interface ImportSummary {
  rows: number;
  added: number;
  updated: number;
  /** Anything else the person importing should know. */
  notes?: string[];
}

/** A field's problem as a row's reason, without its example. */
function reasonOnly<T>(r: Result<T>): Result<T, string> {
  return r.ok ? r : fail(plainWords(r.error.text));
}

function periodFor(indicator: Indicator, text: string, ended: (p: Period) => boolean): Result<Period, string> {
  const p = parsePeriod(text);
  if (!p.ok) return fail(rowProblem(p.error));
  const fits = checkFrequency(p.value, indicator.frequency, indicator.key);
  if (!fits.ok) return fail(rowProblem(fits.error));
  if (!ended(p.value)) return fail(`${describePeriod(p.value)} has not ended yet.`);
  return p;
}

export async function importMetrics(ctx: Context, csv: string, actor: string): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["key", "period", "value"]);
  if (!read.ok) return read;
  const rows = read.value;
  const indicators = new Map((await listIndicators(ctx.db)).map((i) => [i.key, i]));
  const problems: string[] = [];
  const seen = new Map<string, number>();
  // Many rows share a period: whether it has ended is worked out once for each (time zones cost).
  const endedByKey = new Map<string, boolean>();
  const ended = (p: Period) => endedByKey.get(periodKey(p)) ?? endedByKey.set(periodKey(p), hasEnded(p, ctx.now(), ctx.config.timezone)).get(periodKey(p))!;
  const valid: { indicator: Indicator; period: Period; value: ParsedValue; note: string | null }[] = [];
  for (const { line, fields } of rows) {
    const key = (fields.key ?? "").toLowerCase();
    const indicator = indicators.get(key);
    if (!indicator) {
      problems.push(`line ${line}: unknown indicator key "${fields.key ?? ""}"`);
      continue;
    }
    const period = periodFor(indicator, fields.period ?? "", ended);
    const value = parseValue(fields.value ?? "", indicator.unit);
    const noteText = reasonOnly(cleanCommandText(fields.note ?? ""));
    const note = noteText.ok ? reasonOnly(checkNote(noteText.value)) : noteText;
    const identifying = note.ok && note.value !== null ? identifyingProblem(note.value, ctx.config.identifierPatterns) : null;
    const rowProblems = [
      !period.ok && period.error,
      !value.ok && rowProblem(value.error),
      !note.ok && note.error,
      identifying && `the note ${identifying}`,
    ].filter((p): p is string => typeof p === "string");
    if (period.ok) {
      const id = `${key}@${periodKey(period.value)}`;
      if (seen.has(id)) rowProblems.push(`${key} for ${describePeriod(period.value)} is already on line ${seen.get(id)}`);
      seen.set(id, line);
    }
    if (rowProblems.length || !period.ok || !value.ok || !note.ok) {
      problems.push(`line ${line}: ${rowProblems.join("; ")}`);
      continue;
    }
    valid.push({ indicator, period: period.value, value: value.value, note: note.value });
  }
  if (problems.length) return fail(importRefused(problems));

  // All or nothing, in batched statements (bulk-figures.ts), so that the bot's own writes wait briefly rather than fail.
  // A row without a note corrects the figure and keeps its note (or the mark of its removal).
  const figures = valid.map((v) => ({ indicatorKey: v.indicator.key, period: v.period, ...v.value, note: v.note }));
  const { added, updated, notesKept } = await importFigures(ctx.db, figures, actor, new Date(), importLimits(figures.length));
  const notes =
    notesKept > 0
      ? [
          `${notesKept} figure${notesKept === 1 ? "" : "s"} corrected without a note kept ${notesKept === 1 ? "its" : "their"} note: a note is changed only when the file gives a new one.`,
        ]
      : [];
  return ok({ rows: valid.length, added, updated, notes });
}

/** A transaction's limits for an import of `rows`: bounded, with room for a slow disk or a busy database. */
function importLimits(rows: number): { maxWait: number; timeout: number } {
  return { maxWait: 30_000, timeout: 60_000 + rows * 2 };
}

/** An indicator's free text: shown on every scorecard and digest, so screened like a note. */
const INDICATOR_TEXT = ["name", "guidance", "group", "england_period"] as const;

export async function importIndicators(ctx: Context, csv: string, actor: string): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["key", "name", "unit", "polarity", "frequency"]);
  if (!read.ok) return read;
  const rows = read.value;
  const problems: string[] = [];
  const valid: CatalogueRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const parsed = catalogueRowSchema.safeParse({ ...fields, key: (fields.key ?? "").toLowerCase() });
    if (!parsed.success) {
      problems.push(`line ${line}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; ")}`);
      continue;
    }
    if (seen.has(parsed.data.key)) {
      problems.push(`line ${line}: key ${parsed.data.key} is already on line ${seen.get(parsed.data.key)}`);
      continue;
    }
    seen.set(parsed.data.key, line);
    const identifying = INDICATOR_TEXT.flatMap((field) => {
      const text = parsed.data[field];
      const problem = text ? identifyingProblem(text, ctx.config.identifierPatterns) : null;
      return problem ? [`${field} ${problem}`] : [];
    });
    if (identifying.length) {
      problems.push(`line ${line}: ${identifying.join("; ")}`);
      continue;
    }
    valid.push(parsed.data);
  }
  if (problems.length) return fail(importRefused(problems));
  // A file without the group and order columns leaves each indicator's place on the scorecard as it was.
  const placed = rows.length > 0 && "group" in rows[0]!.fields && "order" in rows[0]!.fields;
  let updated = 0;
  await ctx.db.$transaction(
    async (tx) => {
      // Locked before anything is read: an indicator's target set in Slack meanwhile is in its audit entry's old value.
      for (const key of valid.map((r) => r.key).sort()) await lockIndicator(tx, key);
      for (const row of valid) {
        const old = await upsertIndicator(tx, row, placed);
        if (old) updated++;
        await writeAudit(tx, { actor, action: old ? "indicator-update" : "indicator-add", subject: row.key, oldValue: old, newValue: row });
      }
    },
    { timeout: 60_000 },
  );
  return ok({ rows: valid.length, added: valid.length - updated, updated });
}

export async function importBenchmarks(ctx: Context, csv: string, actor: string): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["key", "period", "comparator", "value"]);
  if (!read.ok) return read;
  const rows = read.value;
  const indicators = new Map((await listIndicators(ctx.db)).map((i) => [i.key, i]));
  const problems: string[] = [];
  const valid: { indicator: Indicator; period: string; comparator: Comparator; value: number }[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const indicator = indicators.get((fields.key ?? "").toLowerCase());
    if (!indicator) {
      problems.push(`line ${line}: unknown indicator key "${fields.key ?? ""}"`);
      continue;
    }
    // A period of the indicator's own frequency, or a year (2016/17, 2023) as the DfE publishes them.
    const fits = benchmarkPeriodKey(fields.period ?? "", indicator.frequency);
    const comparator = (fields.comparator ?? "").toLowerCase();
    const value = parseValue(fields.value ?? "", indicator.unit === "count" ? "number" : indicator.unit);
    const rowProblems: string[] = [];
    if (!fits.ok) rowProblems.push(rowProblem(fits.error));
    if (!(COMPARATORS as readonly string[]).includes(comparator)) rowProblems.push(`comparator "${fields.comparator ?? ""}" must be ${COMPARATORS.join(", ")}`);
    if (!value.ok) rowProblems.push(rowProblem(value.error));
    if (fits.ok) {
      const id = `${indicator.key}@${fits.value}@${comparator}`;
      if (seen.has(id)) rowProblems.push(`the same figure is already on line ${seen.get(id)}`);
      seen.set(id, line);
    }
    if (rowProblems.length || !fits.ok || !value.ok) {
      problems.push(`line ${line}: ${rowProblems.join("; ")}`);
      continue;
    }
    valid.push({ indicator, period: fits.value, comparator: comparator as Comparator, value: value.value.value });
  }
  if (problems.length) return fail(importRefused(problems));
  let updated = 0;
  await ctx.db.$transaction(
    async (tx) => {
      await lockName(tx, "benchmarks-import"); // two imports at once: each old value is the one it replaced
      for (const v of valid) {
        const old = await putBenchmark(tx, v.indicator.key, v.period, v.comparator, v.value);
        if (old !== null) updated++;
        await writeAudit(tx, {
          actor,
          action: "benchmark",
          subject: `${v.indicator.key}@${v.period}`,
          oldValue: old === null ? null : { [v.comparator]: old },
          newValue: { [v.comparator]: v.value },
        });
      }
    },
    { timeout: 60_000 },
  );
  return ok({ rows: valid.length, added: valid.length - updated, updated });
}

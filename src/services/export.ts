// Every recorded figure as CSV: for the CLI's export and for /kpi export.
import { DateTime } from "luxon";
import { allMeasurements } from "../db/measurements.js";
import { writeCsv } from "../domain/csv.js";
import { describePeriod } from "../domain/period.js";
import { plainNumber } from "../domain/value.js";
import type { Context } from "./context.js";

export const EXPORT_HEADER = ["key", "period", "period_words", "value", "numerator", "base", "note", "recorded_by", "recorded_at"];

export async function exportMetrics(ctx: Context): Promise<string> {
  const rows = await allMeasurements(ctx.db);
  return writeCsv(
    EXPORT_HEADER,
    rows.map((m) => [
      m.indicatorKey,
      m.periodKey,
      describePeriod(m.period),
      plainNumber(m.value),
      m.numerator,
      m.base,
      m.note ?? (m.noteRemoved ? `[note removed by ${m.noteRemoved.by} on ${m.noteRemoved.at.toISOString().slice(0, 10)}: ${m.noteRemoved.reason}]` : null),
      m.recordedBy,
      m.recordedAt.toISOString(),
    ]),
    { numericColumns: ["value", "numerator", "base"] },
  );
}

export interface ExportFile {
  csv: string;
  filename: string;
  title: string;
}

/** /kpi export: the CSV as a file named for today. */
export async function exportFile(ctx: Context): Promise<ExportFile> {
  const date = DateTime.fromJSDate(ctx.now(), { zone: ctx.config.timezone }).toISODate();
  return { csv: await exportMetrics(ctx), filename: `board-figures-${date}.csv`, title: `Board figures, ${date}` };
}

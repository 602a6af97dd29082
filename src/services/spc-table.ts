// The analyst's table for `npm run cli -- spc <key> [--csv]`: every point's
// period, value, mean, process limits and classification, with the verdict and
// assurance, from the same figures and rebases /kpi and the SPC chart read.
import { recentMeasurements } from "../db/measurements.js";
import { rebasesOf } from "../db/rebases.js";
import type { Indicator } from "../domain/indicator.js";
import type { Result } from "../domain/result.js";
import { type AnalystTable, analystTable, readingWords, type SpcReading, spcReading } from "../domain/spc-reading.js";
import type { Context } from "./context.js";
import { findIndicator } from "./indicators.js";
import { SCORECARD_PERIODS } from "./scorecard.js";
import { readingInput } from "./spc.js";

export interface SpcTable {
  indicator: Indicator;
  table: AnalystTable;
  reading: SpcReading;
  /** The board's reading in words (what /kpi says). */
  words: string;
  /** How many figures were read: the last 36, as /kpi reads them. */
  figures: number;
}

export async function spcTable(ctx: Context, key: string): Promise<Result<SpcTable>> {
  const found = await findIndicator(ctx, key);
  if (!found.ok) return found;
  const indicator = found.value;
  const series = (await recentMeasurements(ctx.db, indicator.key, SCORECARD_PERIODS)).reverse();
  const input = readingInput(indicator, series, await rebasesOf(ctx.db, indicator.key));
  const reading = spcReading(input);
  return { ok: true, value: { indicator, table: analystTable(input), reading, words: readingWords(reading), figures: series.length } };
}

// SPC readings for an indicator's recorded series, with its rebases.
import type { Indicator } from "../domain/indicator.js";
import { comparePeriods } from "../domain/period.js";
import { spcReading, type SpcReading } from "../domain/spc-reading.js";
import type { DigestInput } from "../domain/digest.js";
import type { Db } from "../db/client.js";
import type { Measurement } from "../db/measurements.js";
import { rebasesOf, type RebaseRow } from "../db/rebases.js";
import type { Context } from "./context.js";

/** Where each rebase falls in the series (a rebase before the first figure changes nothing). */
export function rebaseMarks(series: Measurement[], rebases: RebaseRow[]): { index: number; reason: string }[] {
  return rebases
    .map((r) => ({ index: series.findIndex((m) => comparePeriods(m.period, r.period) >= 0), reason: r.reason }))
    .filter((m) => m.index > 0);
}

export function rebaseIndices(series: Measurement[], rebases: RebaseRow[]): number[] {
  return rebaseMarks(series, rebases).map((m) => m.index);
}

export async function readingFor(db: Db, indicator: Indicator, oldestFirst: Measurement[]): Promise<{ reading: SpcReading; rebases: RebaseRow[] }> {
  const rebases = await rebasesOf(db, indicator.key);
  const reading = spcReading({
    values: oldestFirst.map((m) => m.value),
    polarity: indicator.polarity,
    unit: indicator.unit,
    frequency: indicator.frequency,
    target: indicator.target,
    rebaseAt: rebaseIndices(oldestFirst, rebases),
  });
  return { reading, rebases };
}

export async function spcReadingFor(ctx: Context, indicator: Indicator, oldestFirst: Measurement[]): Promise<DigestInput["spc"]> {
  const { reading } = await readingFor(ctx.db, indicator, oldestFirst);
  return { variation: reading.kind, words: reading.assurance ? `${reading.variation}; ${reading.assurance}` : reading.variation };
}

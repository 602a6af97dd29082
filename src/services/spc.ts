// SPC readings for an indicator's recorded series, with its rebases; and rebasing (admin, audited).

import { writeAudit } from "../db/audit.js";
import type { Db } from "../db/client.js";
import { getIndicator } from "../db/indicators.js";
import { atomically, lockIndicator } from "../db/locks.js";
import { type Measurement, recentMeasurements } from "../db/measurements.js";
import { putRebase, type RebaseRow, rebasesOf } from "../db/rebases.js";
import { isAdmin } from "../db/roles.js";
import type { DigestInput } from "../domain/digest.js";
import type { IdentifyingKind } from "../domain/identifying-text.js";
import type { Indicator } from "../domain/indicator.js";
import type { KpiCommand } from "../domain/kpi-command.js";
import { checkFrequency, comparePeriods, describePeriod, periodKey } from "../domain/period.js";
import { type Notice, notice } from "../domain/result.js";
import { type ReadingInput, readingWords, type SpcReading, spcReading } from "../domain/spc-reading.js";
import { spcShortWords } from "../domain/spc-summary.js";
import { code, words } from "../domain/words.js";
import type { Context } from "./context.js";
import { unknownKey } from "./indicators.js";
import { auditScreenOverride, type Held, holdIfIdentifying } from "./screening.js";

/** Where each rebase falls in the series (a rebase before the first figure changes nothing). */
export function rebaseMarks(series: readonly Measurement[], rebases: readonly RebaseRow[]): { index: number; reason: string }[] {
  return rebases.map((r) => ({ index: series.findIndex((m) => comparePeriods(m.period, r.period) >= 0), reason: r.reason })).filter((m) => m.index > 0);
}

export function rebaseIndices(series: readonly Measurement[], rebases: readonly RebaseRow[]): number[] {
  return rebaseMarks(series, rebases).map((m) => m.index);
}

/** What SPC reads from this series with these rebases (the input of the reading and of the analyst's table). */
export function readingInput(indicator: Indicator, oldestFirst: readonly Measurement[], rebases: readonly RebaseRow[]): ReadingInput {
  return {
    values: oldestFirst.map((m) => m.value),
    periods: oldestFirst.map((m) => m.period),
    polarity: indicator.polarity,
    unit: indicator.unit,
    frequency: indicator.frequency,
    target: indicator.target,
    rebaseAt: rebaseIndices(oldestFirst, rebases),
  };
}

export async function readingFor(db: Db, indicator: Indicator, oldestFirst: Measurement[]): Promise<{ reading: SpcReading; rebases: RebaseRow[] }> {
  const rebases = await rebasesOf(db, indicator.key);
  return { reading: spcReading(readingInput(indicator, oldestFirst, rebases)), rebases };
}

/** The reading as a digest carries it: its kind, its words, its scorecard words and its icons. */
export function digestSpc(reading: SpcReading): DigestInput["spc"] {
  return { variation: reading.kind, words: readingWords(reading), short: spcShortWords(reading), icons: reading.icons };
}

/** The figures of the indicator's latest process (since its last rebase), oldest first, leaving out one period. */
export async function processFigures(ctx: Context, indicator: Indicator, without: string): Promise<number[]> {
  const series = (await recentMeasurements(ctx.db, indicator.key, 36)).reverse().filter((m) => m.periodKey !== without);
  const starts = rebaseIndices(series, await rebasesOf(ctx.db, indicator.key));
  return series.slice(starts.at(-1) ?? 0).map((m) => m.value);
}

/** /kpi <key> rebase: admins only; a reason that may identify someone is held back unless stored anyway. */
export async function rebase(
  ctx: Context,
  userId: string,
  cmd: Extract<KpiCommand, { kind: "rebase" }>,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Notice | Held> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId)))
    return notice("denied", "Sorry, only admins can mark a change in the process. Nothing was changed.");
  const indicator = await getIndicator(ctx.db, cmd.key);
  if (!indicator) return unknownKey(ctx, cmd.key);
  const fits = checkFrequency(cmd.period, indicator.frequency, indicator.key);
  if (!fits.ok) return notice("error", words`${fits.error.text} Nothing was changed.`, fits.error.example);
  const key = periodKey(cmd.period);
  const hold = holdIfIdentifying(ctx, userId, cmd.reason, storeAnyway, (scr) => ({
    change: { k: "rebase", key: indicator.key, p: key, reason: cmd.reason, scr },
    field: "reason",
    about: words`the rebase of ${code(indicator.key)} from ${describePeriod(cmd.period)}`,
  }));
  if (hold) return hold;
  await atomically(ctx.db, async (tx) => {
    await lockIndicator(tx, indicator.key);
    const old = await putRebase(tx, indicator.key, key, cmd.reason, userId);
    await writeAudit(tx, { actor: userId, action: "rebase", subject: `${indicator.key}@${key}`, oldValue: old, newValue: cmd.reason });
    await auditScreenOverride(tx, userId, `${indicator.key}@${key}`, "reason", storeAnyway ?? []);
  });
  return notice(
    "ok",
    words`SPC limits for ${code(indicator.key)} now restart from ${describePeriod(cmd.period)}: ${cmd.reason}.`,
    `/kpi ${indicator.key} spc shows the chart`,
  );
}

// "Figures due": recorders are reminded, once per period, of the figures that
// are late. Only indicators the council tracks (it has recorded one, or named
// recorders); with no recorders the reminder goes to the admins of ADMIN_USER_IDS.
import { DateTime } from "luxon";
import { listIndicators } from "../db/indicators.js";
import { keysWithFigures } from "../db/measurements.js";
import { allRecorders } from "../db/roles.js";
import { FREQUENCIES, type Frequency, type Indicator } from "../domain/indicator.js";
import { latestEndedPeriod, type Period, periodEndExclusive, periodKey, periodStartDate } from "../domain/period.js";
import type { Context } from "./context.js";

export interface FiguresDue {
  userId: string;
  frequency: Frequency;
  period: Period;
  /** Once per period. */
  slot: Date;
  missing: Indicator[];
}

export async function figuresDue(ctx: Context, now: Date): Promise<FiguresDue[]> {
  const zone = ctx.config.timezone;
  // This runs every tick: a few queries in all, not a few per indicator.
  const [indicators, tracked, recordersByKey] = await Promise.all([listIndicators(ctx.db), keysWithFigures(ctx.db), allRecorders(ctx.db)]);
  const due: FiguresDue[] = [];
  for (const frequency of FREQUENCIES) {
    const period = latestEndedPeriod(frequency, now, zone);
    const end = periodEndExclusive(period);
    const dueAt = DateTime.fromObject({ year: end.year, month: end.month, day: end.day }, { zone }).plus({ days: ctx.config.reminders.figuresDueDays });
    if (dueAt.toMillis() > now.getTime()) continue;
    const recorded = await keysWithFigures(ctx.db, periodKey(period));
    const missing = new Map<string, Indicator[]>(); // user → indicators
    for (const ind of indicators.filter((i) => i.frequency === frequency)) {
      const recorders = recordersByKey.get(ind.key) ?? [];
      if (recorded.has(ind.key) || (!tracked.has(ind.key) && recorders.length === 0)) continue;
      const to = recorders.length ? recorders : ctx.config.adminUserIds;
      for (const user of to) missing.set(user, [...(missing.get(user) ?? []), ind]);
    }
    for (const [userId, list] of missing) due.push({ userId, frequency, period, slot: periodStartDate(period).toJSDate(), missing: list });
  }
  return due;
}

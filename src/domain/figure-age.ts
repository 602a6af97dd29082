// How old a figure is. A figure is out of date when a later period of its own
// frequency had ended by the date it is read against: a monthly figure for
// March read in a June digest is out of date; a quarterly figure for April to
// June is not. A digest reads its figures against its latest period (the
// newest figure it shows); /kpi reads them against the periods whose figures
// are due by now. Pure: dates are parameters.
import { DateTime } from "luxon";
import { describePeriod, type Period, periodEndExclusive, periodStartMillis, shiftPeriod } from "./period.js";

/** Has the period after this one ended by `asOf` (a calendar date, the first day not yet counted)? */
export function isOutOfDate(period: Period, asOf: DateTime): boolean {
  return periodStartMillis(shiftPeriod(period, 2)) <= Date.UTC(asOf.year, asOf.month - 1, asOf.day); // the next period's end, by that calendar day
}

function calendarDay(d: DateTime): DateTime {
  return DateTime.utc(d.year, d.month, d.day);
}

/** The month a digest's figures run to: the one in which the newest of them ends (null with no figures). */
export function latestMonth(periods: readonly Period[]): Period | null {
  let latest: DateTime | null = null;
  for (const p of periods) {
    const end = periodEndExclusive(p);
    if (latest === null || end.toMillis() > latest.toMillis()) latest = end;
  }
  if (latest === null) return null;
  const last = latest.minus({ days: 1 });
  return { frequency: "monthly", year: last.year, month: last.month };
}

/** The date a figure is read against in a digest whose figures run to this month. */
export function digestAsOf(month: Period): DateTime {
  return periodEndExclusive(month);
}

/**
 * The date a figure is read against by /kpi at this instant: a later period's
 * figure is expected once that period has ended and `dueDays` have passed (FIGURES_DUE_DAYS).
 */
export function dueAsOf(now: Date, zone: string, dueDays: number): DateTime {
  return calendarDay(DateTime.fromJSDate(now, { zone }).minus({ days: dueDays }));
}

/** "out of date: March 2017" */
export function outOfDateWords(period: Period): string {
  return `out of date: ${describePeriod(period)}`;
}

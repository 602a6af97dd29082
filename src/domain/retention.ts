// Retention: what is old enough to purge. A figure goes once its period ended
// before the cut-off; everything else (plan updates, reminders, deliveries,
// audit entries) once it was made before it.
import { DateTime } from "luxon";
import { type Period, parsePeriod, periodEndExclusive } from "./period.js";
import { err, ok, type Result } from "./result.js";

/** Midnight at the start of `date` (YYYY-MM-DD) in the council's time zone. */
export function cutoffFromDate(date: string, zone: string): Result<Date> {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone }) : null;
  if (!d?.isValid) return err(`"${date}" is not a date I can read.`, "write it as YYYY-MM-DD, such as 2020-04-01");
  return ok(d.startOf("day").toJSDate());
}

/** `months` calendar months before the start of today, in the council's time zone. */
export function cutoffFromMonths(now: Date, months: number, zone: string): Date {
  return DateTime.fromJSDate(now, { zone }).startOf("day").minus({ months }).toJSDate();
}

/** Whether a figure's period (its stored key) ended before the cut-off. */
export function periodEndedBefore(periodKey: string, cutoff: Date, zone: string): boolean {
  const p = parsePeriod(periodKey);
  if (!p.ok) return false; // never purge what we cannot date
  return endOf(p.value, zone) <= cutoff.getTime();
}

function endOf(p: Period, zone: string): number {
  const end = periodEndExclusive(p);
  return DateTime.fromObject({ year: end.year, month: end.month, day: end.day }, { zone }).toMillis();
}

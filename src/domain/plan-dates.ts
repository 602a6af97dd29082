// Dates as improvement plans write them: a day (2026-12-31, 31/12/2026,
// 31 December 2026), a month ("October 2026", Oct 2026, 2026-10: its last
// day), a quarter (Q3 2026/27: its last day), or "ongoing" for a due date
// that is not a date at all. Pure.
import { DateTime } from "luxon";
import { parsePeriod, periodEndExclusive } from "./period.js";
import { err, ok, type Result } from "./result.js";

export const PLAN_DATE_EXAMPLES = "2026-12-31, 31/12/2026, October 2026 (its last day) or Q3 2026/27";

const DAY_FORMATS = ["d/M/yyyy", "d LLLL yyyy", "d LLL yyyy", "d MMMM yyyy"];

function sensible(d: DateTime): boolean {
  return d.isValid && d.year >= 1990 && d.year <= 2100;
}

/** A date, or a month or quarter meaning its last day; as YYYY-MM-DD. */
export function parsePlanDate(text: string): Result<string> {
  const t = text.trim().replace(/\s+/g, " ");
  const bad = err(`"${t}" is not a date.`, PLAN_DATE_EXAMPLES);
  if (t === "") return bad;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = DateTime.fromISO(t, { zone: "utc" });
    return sensible(d) ? ok(d.toISODate()!) : bad;
  }
  for (const f of DAY_FORMATS) {
    const d = DateTime.fromFormat(t, f, { zone: "utc", locale: "en-GB" });
    if (d.isValid) return sensible(d) ? ok(d.toISODate()!) : bad;
  }
  const p = parsePeriod(t);
  if (p.ok) return ok(periodEndExclusive(p.value).minus({ days: 1 }).toISODate()!);
  return bad;
}

const ONGOING = /^(on-?going|continuous|continual)$/i;

/** A due date in a plan: a date (or month, or quarter), or "ongoing" (null: no due date, reviewed monthly). */
export function parseDue(text: string): Result<string | null> {
  if (ONGOING.test(text.trim())) return ok(null);
  const d = parsePlanDate(text);
  return d.ok ? d : err(d.error.text, `${PLAN_DATE_EXAMPLES}, or ongoing`);
}

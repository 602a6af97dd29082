// Reporting periods: calendar months, quarters of the April-to-March
// financial year, and ISO weeks. Pure: "now" and the zone are parameters.
import { DateTime } from "luxon";
import type { Frequency } from "./indicator.js";
import { err, ok, type Result } from "./result.js";

export type Period =
  | { frequency: "monthly"; year: number; month: number } // month 1..12
  | { frequency: "quarterly"; fyStart: number; quarter: number } // 2017/18 Q1 = Apr-Jun 2017
  | { frequency: "weekly"; isoYear: number; week: number };

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_NAMES = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));

export const PERIOD_EXAMPLES = "2017-06, Jun 2017, June 2017, 2017/18 Q1, Q1 2017/18 or 2017-W23";

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function monthFromWord(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, "");
  if (w === "sept") return 9;
  const i = MONTHS.findIndex((m) => m === w || m.slice(0, 3) === w);
  return i >= 0 ? i + 1 : null;
}

function financialYear(a: string, b: string): number | null {
  const start = Number(a);
  const end = Number(b);
  const expected = b.length === 2 ? (start + 1) % 100 : start + 1;
  return end === expected ? start : null;
}

function yearOk(y: number): boolean {
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
}

/** Parse a period written any way interface.md allows. */
export function parsePeriod(input: string): Result<Period> {
  const text = input.trim().replace(/\s+/g, " ");
  const bad = err(`"${input.trim()}" is not a period I can read.`, `write it with its year: ${PERIOD_EXAMPLES}`);
  const monthly = text.match(/^(\d{4})-(\d{1,2})$/);
  if (monthly) {
    const year = Number(monthly[1]);
    const month = Number(monthly[2]);
    if (!yearOk(year) || month < 1 || month > 12) return bad;
    return ok({ frequency: "monthly", year, month });
  }
  const named = text.match(/^([A-Za-z]+\.?) (\d{4})$/);
  if (named) {
    const month = monthFromWord(named[1]!);
    const year = Number(named[2]);
    if (month === null || !yearOk(year)) return bad;
    return ok({ frequency: "monthly", year, month });
  }
  // 2017/18 Q1, Q1 2017/18, 2017/18-Q1 (the stored key), 2017/2018 Q1
  const yearFirst = text.match(/^(\d{4})\/(\d{2}|\d{4})[ -]?q([1-4])$/i);
  const quarterFirst = text.match(/^q([1-4]) (\d{4})\/(\d{2}|\d{4})$/i);
  if (yearFirst || quarterFirst) {
    const [a, b, q] = quarterFirst ? [quarterFirst[2]!, quarterFirst[3]!, quarterFirst[1]!] : [yearFirst![1]!, yearFirst![2]!, yearFirst![3]!];
    const fyStart = financialYear(a, b);
    if (fyStart === null) {
      return err(`"${input.trim()}": a financial year runs from one year into the next, such as 2017/18.`, "2017/18 Q1");
    }
    if (!yearOk(fyStart)) return bad;
    return ok({ frequency: "quarterly", fyStart, quarter: Number(q) });
  }
  const m = text.match(/^(\d{4})-?W(\d{1,2})$/i);
  if (m) {
    const isoYear = Number(m[1]);
    const week = Number(m[2]);
    if (!yearOk(isoYear)) return bad;
    const weeksInYear = DateTime.fromObject({ weekYear: isoYear, weekNumber: 1 }).weeksInWeekYear;
    if (week < 1 || week > weeksInYear) {
      return err(`${isoYear} has ${weeksInYear} ISO weeks, so week ${week} does not exist.`, `${isoYear}-W23`);
    }
    return ok({ frequency: "weekly", isoYear, week });
  }
  return bad;
}

/** The canonical key stored in the database: 2017-06, 2017/18-Q1, 2017-W23. */
export function periodKey(p: Period): string {
  switch (p.frequency) {
    case "monthly":
      return `${p.year}-${String(p.month).padStart(2, "0")}`;
    case "quarterly":
      return `${p.fyStart}/${String((p.fyStart + 1) % 100).padStart(2, "0")}-Q${p.quarter}`;
    case "weekly":
      return `${p.isoYear}-W${String(p.week).padStart(2, "0")}`;
  }
}

export function periodFromKey(key: string): Period {
  const parsed = parsePeriod(key);
  if (!parsed.ok) throw new Error(`corrupt period key ${key}`);
  return parsed.value;
}

/** First day of the period (a calendar date, no time zone). */
export function periodStartDate(p: Period): DateTime {
  switch (p.frequency) {
    case "monthly":
      return DateTime.utc(p.year, p.month, 1);
    case "quarterly": {
      // Q1 starts in April of fyStart; Q4 in January of fyStart + 1.
      const monthIndex = 3 + (p.quarter - 1) * 3; // 0-based from January of fyStart
      return DateTime.utc(p.fyStart, 1, 1).plus({ months: monthIndex });
    }
    case "weekly":
      return DateTime.fromObject({ weekYear: p.isoYear, weekNumber: p.week, weekday: 1 }, { zone: "utc" });
  }
}

/** First day after the period. */
export function periodEndExclusive(p: Period): DateTime {
  return periodStartDate(shiftPeriod(p, 1));
}

export function shiftPeriod(p: Period, n: number): Period {
  switch (p.frequency) {
    case "monthly": {
      const idx = p.year * 12 + (p.month - 1) + n;
      return { frequency: "monthly", year: Math.floor(idx / 12), month: (((idx % 12) + 12) % 12) + 1 };
    }
    case "quarterly": {
      const idx = p.fyStart * 4 + (p.quarter - 1) + n;
      return { frequency: "quarterly", fyStart: Math.floor(idx / 4), quarter: (((idx % 4) + 4) % 4) + 1 };
    }
    case "weekly": {
      const d = periodStartDate(p).plus({ weeks: n });
      return { frequency: "weekly", isoYear: d.weekYear, week: d.weekNumber };
    }
  }
}

export function previousPeriod(p: Period): Period {
  return shiftPeriod(p, -1);
}

/** The same period a year earlier (null for an ISO week 53 with no match). */
export function samePeriodLastYear(p: Period): Period | null {
  switch (p.frequency) {
    case "monthly":
      return { ...p, year: p.year - 1 };
    case "quarterly":
      return { ...p, fyStart: p.fyStart - 1 };
    case "weekly": {
      const weeks = DateTime.fromObject({ weekYear: p.isoYear - 1, weekNumber: 1 }).weeksInWeekYear;
      return p.week <= weeks ? { ...p, isoYear: p.isoYear - 1 } : null;
    }
  }
}

/** Has the period ended by this instant, in the council's time zone? */
export function hasEnded(p: Period, now: Date, zone: string): boolean {
  const end = periodEndExclusive(p);
  const endInstant = DateTime.fromObject({ year: end.year, month: end.month, day: end.day }, { zone });
  return endInstant.toMillis() <= now.getTime();
}

/** The period that contains this instant, in the zone. */
export function periodContaining(frequency: Frequency, now: Date, zone: string): Period {
  const d = DateTime.fromJSDate(now, { zone });
  switch (frequency) {
    case "monthly":
      return { frequency, year: d.year, month: d.month };
    case "quarterly": {
      const fyStart = d.month >= 4 ? d.year : d.year - 1;
      const quarter = Math.floor(((d.month + 8) % 12) / 3) + 1;
      return { frequency, fyStart, quarter };
    }
    case "weekly":
      return { frequency, isoYear: d.weekYear, week: d.weekNumber };
  }
}

/** The latest period that has ended: a monthly figure recorded on 3 July is June's. */
export function latestEndedPeriod(frequency: Frequency, now: Date, zone: string): Period {
  return previousPeriod(periodContaining(frequency, now, zone));
}

function fyLabel(fyStart: number): string {
  return `${fyStart}/${String((fyStart + 1) % 100).padStart(2, "0")}`;
}

/** The period in words, so that a wrong guess is seen at once. */
export function describePeriod(p: Period): string {
  switch (p.frequency) {
    case "monthly":
      return `${MONTH_NAMES[p.month - 1]} ${p.year}`;
    case "quarterly": {
      const start = periodStartDate(p);
      const last = periodEndExclusive(p).minus({ days: 1 });
      const span =
        start.year === last.year
          ? `${MONTH_NAMES[start.month - 1]} to ${MONTH_NAMES[last.month - 1]} ${last.year}`
          : `${MONTH_NAMES[start.month - 1]} ${start.year} to ${MONTH_NAMES[last.month - 1]} ${last.year}`;
      return `${span}, Q${p.quarter} ${fyLabel(p.fyStart)}`;
    }
    case "weekly": {
      const start = periodStartDate(p);
      const last = start.plus({ days: 6 });
      return `week ${p.week} of ${p.isoYear} (${start.day} ${MONTH_NAMES[start.month - 1]} to ${last.day} ${MONTH_NAMES[last.month - 1]} ${last.year})`;
    }
  }
}

/** A short label for chart axes and tables. */
export function shortPeriodLabel(p: Period): string {
  switch (p.frequency) {
    case "monthly":
      return `${MONTH_NAMES[p.month - 1]!.slice(0, 3)} ${p.year}`;
    case "quarterly":
      return `Q${p.quarter} ${fyLabel(p.fyStart)}`;
    case "weekly":
      return `W${p.week} ${p.isoYear}`;
  }
}

const FREQUENCY_NOUN: Record<Frequency, string> = { monthly: "a month", quarterly: "a quarter", weekly: "a week" };

export function frequencyExample(f: Frequency): string {
  return f === "monthly" ? "2017-06 or June 2017" : f === "quarterly" ? "2017/18 Q1" : "2017-W23";
}

/** Check a period against the indicator's frequency, with the reason when it does not fit. */
export function checkFrequency(p: Period, frequency: Frequency, key: string): Result<Period> {
  if (p.frequency === frequency) return ok(p);
  return err(
    `${describePeriod(p)} is ${FREQUENCY_NOUN[p.frequency]}, but ${key} is recorded ${frequency}.`,
    `give ${FREQUENCY_NOUN[frequency]}, such as ${frequencyExample(frequency)}`,
  );
}

export function comparePeriods(a: Period, b: Period): number {
  return periodStartDate(a).toMillis() - periodStartDate(b).toMillis();
}

// Reporting periods: calendar months, quarters of the April-to-March
// financial year, and ISO weeks. Pure: "now" and the zone are parameters.
import { distance } from "fastest-levenshtein";
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

/** periodStartDate in milliseconds: by arithmetic for months and quarters (sorting and comparing periods is hot; a luxon DateTime per comparison was not). */
export function periodStartMillis(p: Period): number {
  switch (p.frequency) {
    case "monthly":
      return Date.UTC(p.year, p.month - 1, 1);
    case "quarterly":
      return Date.UTC(p.fyStart, 3 + (p.quarter - 1) * 3, 1); // Date.UTC carries month 12 on into January
    case "weekly":
      return periodStartDate(p).toMillis();
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
  return periodStartMillis(a) - periodStartMillis(b);
}

// Period look-alikes: text where a period belongs that is not a form parsePeriod
// reads. Recording it as a note would put the figure on the default period and
// replace what is there, so the command is refused instead (issue 9).

// Month names in the languages a council's staff may type them in, without
// accents: French, German, Spanish, Italian, Portuguese, Polish, Welsh.
const FOREIGN_MONTHS = [
  "janvier",
  "fevrier",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "aout",
  "septembre",
  "octobre",
  "novembre",
  "decembre",
  "januar",
  "februar",
  "marz",
  "maerz",
  "juni",
  "juli",
  "oktober",
  "dezember",
  "enero",
  "febrero",
  "marzo",
  "abril",
  "mayo",
  "junio",
  "julio",
  "agosto",
  "septiembre",
  "setiembre",
  "octubre",
  "noviembre",
  "diciembre",
  "gennaio",
  "febbraio",
  "aprile",
  "maggio",
  "giugno",
  "luglio",
  "settembre",
  "ottobre",
  "dicembre",
  "janeiro",
  "fevereiro",
  "marco",
  "maio",
  "junho",
  "julho",
  "setembro",
  "outubro",
  "novembro",
  "dezembro",
  "styczen",
  "luty",
  "marzec",
  "kwiecien",
  "czerwiec",
  "lipiec",
  "sierpien",
  "wrzesien",
  "pazdziernik",
  "listopad",
  "grudzien",
  "ionawr",
  "chwefror",
  "mawrth",
  "ebrill",
  "mehefin",
  "gorffennaf",
  "awst",
  "medi",
  "hydref",
  "tachwedd",
  "rhagfyr",
];
const MONTH_WORDS = [...MONTHS, ...FOREIGN_MONTHS];

const fold = (w: string) => w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");

/** A month's name or abbreviation as written, without a year: "May", "Sept". */
export function isMonthWord(word: string): boolean {
  return monthFromWord(word) !== null;
}

/** A month name, a foreign one, or a near miss of either ("Juin", "Jnue", "Setember"). */
function monthLike(word: string): boolean {
  const w = fold(word).replace(/\.$/, "");
  if (!/^\p{L}{3,12}$/u.test(w)) return false;
  if (monthFromWord(w) !== null || MONTH_WORDS.includes(w)) return true;
  if (w.length < 4) return false;
  const letters = [...w].sort().join("");
  return MONTH_WORDS.some((m) => distance(w, m) <= (m.length >= 7 && w.length >= 6 ? 2 : 1) || [...m].sort().join("") === letters);
}

const YEAR = "(?:19|20)\\d{2}";
const SEP = "[^\\p{L}\\p{N}\\s]{1,2}"; // -, en dash, /, ., _, an apostrophe…
const ONE_TOKEN: { shape: RegExp; strictOnly?: boolean }[] = [
  { shape: new RegExp(`^${YEAR}${SEP}\\d{1,2}$`, "u") }, // 2017–06, 2017.06, 2017/06, 2017/18
  { shape: new RegExp(`^\\d{1,2}${SEP}${YEAR}$`, "u") }, // 06/2017, 06-2017, 6.2017
  { shape: new RegExp(`^${YEAR}(?:0[1-9]|1[0-2])$`) }, // 201706
  { shape: new RegExp(`^\\d{1,4}${SEP}\\d{1,2}${SEP}(?:${YEAR}|\\d{2})$`, "u") }, // 30/06/2017, 2017-06-30
  { shape: new RegExp(`^${YEAR}${SEP}\\d{2,4}${SEP}?q\\d*$`, "iu") }, // 2017-18q1, 2017/18–Q1
  { shape: /^\d{2}\/\d{2}[ -]?q\d*$/i }, // 17/18-Q1
  { shape: /^(?:q|qtr|quarter)\d/i }, // Q1, Q5, Q1-2017/18, qtr1
  { shape: /^fy\d/i }, // FY17/18, fy2017
  { shape: new RegExp(`^(?:${YEAR}${SEP}?)?w(?:k|eek)?\\d{1,2}$`, "iu") }, // W23, wk23, 2017-wk23
  { shape: new RegExp(`^${YEAR}$`), strictOnly: true }, // a year alone
  { shape: /^(?:0?[1-9]|1[0-2])[/.-]\d{2}$/, strictOnly: true }, // 06/17: where a period belongs, a month and a year
];

function monthWordWithYear(token: string, strict: boolean): boolean {
  const m = token.match(new RegExp(`^(\\p{L}+)(\\.?(?:${SEP})?)(${YEAR}|\\d{2})$`, "u"));
  if (!m) return false;
  // Jun17 at the start of a note might be something else; Jun-17, Jun'17 and Jun2017 are periods.
  return monthLike(m[1]!) && (strict || m[3]!.length === 4 || m[2] !== "");
}

/**
 * Does the text at the start of these tokens look like a period that parsePeriod does not read?
 * Returns the look-alike (one or two tokens) or null. `strict` is for the place right after a figure,
 * where a period belongs: a year alone, or 06/17, count there but not at the start of a note.
 */
export function periodLookalike(tokens: readonly string[], strict: boolean): string | null {
  const [t0, t1] = tokens;
  if (t0 === undefined) return null;
  if (t1 !== undefined && parsePeriod(`${t0} ${t1}`).ok) return null;
  if (parsePeriod(t0).ok) return null;
  const two = t1 === undefined ? null : `${t0} ${t1}`;
  const year = new RegExp(`^${YEAR}$`);
  if (two !== null) {
    // Juin 2017, Jnue 2017, June 17, 2017 June, 2017 06, Q1 2017, 2017 Q1, week 23, wk 23
    if (monthLike(t0) && (year.test(t1!) || (strict && /^'?\d{2}$/.test(t1!)))) return two;
    if (year.test(t0) && (monthLike(t1!) || /^(?:q|w|wk)\d{1,2}$/i.test(t1!) || (strict && /^\d{1,2}$/.test(t1!)))) return two;
    if (/^(?:quarter|qtr|q|week|wk|w)$/i.test(t0) && /^\d{1,2}$/.test(t1!)) return two;
    if (new RegExp(`^(?:${YEAR}|\\d{2})${SEP}\\d{2,4}$`, "u").test(t0) && /^q\d*$/i.test(t1!)) return two; // 2017-18 Q1, 17/18 Q1
  }
  if (monthWordWithYear(t0, strict)) return t0;
  if (ONE_TOKEN.some((o) => (strict || !o.strictOnly) && o.shape.test(t0))) return t0;
  return null;
}

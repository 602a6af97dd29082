// England, the region and the statistical neighbours beside a council's
// figure, compared only when they are of the same period, or of the nearest
// earlier one within a year ("England 2016/17: 85.7%" beside June 2017). A
// comparator of any other period is shown as context, with its period, never
// as a like-for-like comparison. Pure.
import { DateTime } from "luxon";
import type { Frequency, Unit } from "./indicator.js";
import { describePeriod, frequencyExample, type Period, parsePeriod, periodEndExclusive, periodKey, periodStartDate, shortPeriodLabel } from "./period.js";
import { err, ok, type Result } from "./result.js";
import { formatValue } from "./value.js";

export const COMPARATOR_KINDS = ["england", "region", "neighbours"] as const;
export type ComparatorKind = (typeof COMPARATOR_KINDS)[number];

export const COMPARATOR_LABEL: Record<ComparatorKind, string> = { england: "England", region: "Region", neighbours: "Statistical neighbours" };

/** The period a comparator covers: its words, and its span of calendar days (end exclusive). */
export interface ComparatorPeriod {
  label: string;
  start: DateTime;
  end: DateTime;
}

export interface ComparatorFigure {
  kind: ComparatorKind;
  value: number;
  /** Null when the source gave no period we can read: then it is context only. */
  period: ComparatorPeriod | null;
  /** The period as the source wrote it, when it could not be read. */
  periodText?: string | null;
}

export interface ComparatorReading {
  kind: ComparatorKind;
  label: string;
  value: number;
  /** "2016/17", "June 2017", or null when not known. */
  periodLabel: string | null;
  /** Of the same period as the figure, or of the nearest earlier one within a year. */
  comparable: boolean;
}

/** A period of the indicator's own kind (a benchmark row): June 2017, Q1 2017/18. */
export function comparatorPeriodOf(p: Period): ComparatorPeriod {
  return { label: p.frequency === "monthly" ? describePeriod(p) : shortPeriodLabel(p), start: periodStartDate(p), end: periodEndExclusive(p) };
}

/**
 * The catalogue's England period: a financial year (2016/17, April to March),
 * a calendar year (2023), or any period /kpi reads (2017-06, 2017/18 Q1).
 */
export function parseComparatorPeriod(text: string | null): ComparatorPeriod | null {
  const t = (text ?? "").trim();
  if (t === "") return null;
  const fy = t.match(/^(\d{4})\/(\d{2}|\d{4})$/);
  if (fy) {
    const start = Number(fy[1]);
    const end = Number(fy[2]);
    if (end !== (fy[2]!.length === 2 ? (start + 1) % 100 : start + 1)) return null;
    return { label: `${start}/${String((start + 1) % 100).padStart(2, "0")}`, start: DateTime.utc(start, 4, 1), end: DateTime.utc(start + 1, 4, 1) };
  }
  const year = t.match(/^(\d{4})$/);
  if (year) {
    const y = Number(year[1]);
    return { label: String(y), start: DateTime.utc(y, 1, 1), end: DateTime.utc(y + 1, 1, 1) };
  }
  const p = parsePeriod(t);
  return p.ok ? comparatorPeriodOf(p.value) : null;
}

const YEAR_MS = (from: DateTime) => from.toMillis() - from.minus({ years: 1 }).toMillis();

/** Same period (it covers the figure's), or it ended before the figure's period did, by a year at most. */
export function isComparable(figure: Period, c: ComparatorPeriod): boolean {
  const start = periodStartDate(figure).toMillis();
  const end = periodEndExclusive(figure);
  const covers = c.start.toMillis() <= start && c.end.toMillis() >= end.toMillis();
  const earlier = c.end.toMillis() <= end.toMillis() && end.toMillis() - c.end.toMillis() <= YEAR_MS(end);
  return covers || earlier;
}

/**
 * One reading per comparator kind: the comparable figure (the same period
 * first, then the nearest earlier one within a year), or else the figure
 * nearest in time, as context.
 */
export function readComparators(figure: Period, candidates: readonly ComparatorFigure[]): ComparatorReading[] {
  const end = periodEndExclusive(figure).toMillis();
  const out: ComparatorReading[] = [];
  for (const kind of COMPARATOR_KINDS) {
    const mine = candidates.filter((c) => c.kind === kind);
    if (mine.length === 0) continue;
    const comparable = mine
      .filter((c) => c.period !== null && isComparable(figure, c.period))
      .sort((a, b) => {
        const covers = (c: ComparatorFigure) => (c.period!.end.toMillis() >= end ? 1 : 0);
        return covers(b) - covers(a) || b.period!.end.toMillis() - a.period!.end.toMillis();
      });
    const distance = (c: ComparatorFigure) => (c.period ? Math.abs(c.period.end.toMillis() - end) : Number.POSITIVE_INFINITY);
    const chosen = comparable[0] ?? [...mine].sort((a, b) => distance(a) - distance(b))[0]!;
    out.push({
      kind,
      label: COMPARATOR_LABEL[kind],
      value: chosen.value,
      periodLabel: chosen.period?.label ?? chosen.periodText ?? null,
      comparable: comparable.length > 0,
    });
  }
  return out;
}

/** "England 2016/17: 85.7%" */
export function comparatorWords(r: ComparatorReading, unit: Unit): string {
  return `${r.label}${r.periodLabel ? ` ${r.periodLabel}` : ""}: ${formatValue(r.value, unit)}`;
}

/** As comparatorWords, with "(context: a different period)" when it does not compare. */
export function comparatorWordsWithStanding(r: ComparatorReading, unit: Unit): string {
  return r.comparable ? comparatorWords(r, unit) : `${comparatorWords(r, unit)} (context only: ${r.periodLabel ? "a different period" : "period not known"})`;
}

/**
 * A benchmark's period as import-benchmarks takes it: a period of the
 * indicator's own frequency (2017-06, 2017/18 Q1), or a year, financial
 * (2016/17) or calendar (2023), as the DfE publishes them. The key is what is
 * stored: 2017-06, 2017/18-Q1, 2016/17, 2023.
 */
export function benchmarkPeriodKey(text: string, frequency: Frequency): Result<string> {
  const t = text.trim();
  const fy = t.match(/^(\d{4})\/(\d{2}|\d{4})$/);
  if (fy) {
    const p = parseComparatorPeriod(t);
    return p ? ok(p.label) : err(`"${t}": a financial year runs from one year into the next, such as 2016/17.`, "2016/17");
  }
  if (/^\d{4}$/.test(t)) return ok(t);
  const p = parsePeriod(t);
  if (!p.ok) return err(`"${t}" is not a period I can read.`, `a year (2016/17, 2023) or a period such as ${frequencyExample(frequency)}`);
  if (p.value.frequency !== frequency) {
    return err(
      `${describePeriod(p.value)} does not fit a ${frequency} indicator.`,
      `a year (2016/17, 2023) or a period such as ${frequencyExample(frequency)}`,
    );
  }
  return ok(periodKey(p.value));
}

/** The catalogue's England figure as a candidate. */
export function catalogueEngland(value: number | null, periodText: string | null): ComparatorFigure[] {
  if (value === null) return [];
  return [{ kind: "england", value, period: parseComparatorPeriod(periodText), periodText }];
}

// The data a chart shows: the last periods of an indicator, gaps kept as gaps,
// small counts suppressed when asked, and comparators only on the periods
// they belong to (England 2016/17 across April 2016 to March 2017, nowhere
// else). Pure.
import { COMPARATOR_KINDS, COMPARATOR_LABEL, type ComparatorFigure, type ComparatorKind } from "../domain/comparators.js";
import type { Indicator } from "../domain/indicator.js";
import {
  comparePeriods,
  describePeriod,
  type Period,
  periodEndExclusive,
  periodKey,
  periodStartDate,
  shiftPeriod,
  shortPeriodLabel,
} from "../domain/period.js";
import { indicatorRag, type Rag } from "../domain/rag.js";
import { isSuppressed } from "../domain/suppression.js";
import { type Change, indicatorChange } from "../domain/trend.js";

export interface Figure {
  period: Period;
  value: number;
  /** A percentage's base and numerator, when known: a small one is suppressed too. */
  base?: number | null;
  numerator?: number | null;
}

export interface ChartPoint {
  label: string;
  period: Period;
  value: number | null; // null: no figure, or suppressed
  suppressed: boolean;
}

export interface SeriesFigure {
  period: Period;
  value: number;
  suppressed: boolean;
  base: number | null;
  numerator: number | null;
}

/** A comparator drawn on the slots its period covers (one value per slot, null elsewhere). */
export interface ChartComparator {
  kind: ComparatorKind;
  /** "England 2016/17: 85.7%" is built from these: the label and the periods drawn. */
  label: string;
  periodLabels: string[];
  values: (number | null)[];
}

export interface ChartSeries {
  indicator: Indicator;
  points: ChartPoint[];
  latest: SeriesFigure | null;
  previous: SeriesFigure | null;
  change: Change | null;
  rag: Rag | null;
  comparators: ChartComparator[];
  anySuppressed: boolean;
}

export const MAX_PERIODS = 24;

export interface SeriesOptions {
  maxPeriods?: number;
  /** Comparators of any period: only those covering a period on the chart are drawn, there. */
  comparators?: readonly ComparatorFigure[];
}

function covers(c: ComparatorFigure, p: Period): boolean {
  return c.period !== null && c.period.start.toMillis() <= periodStartDate(p).toMillis() && c.period.end.toMillis() >= periodEndExclusive(p).toMillis();
}

/** Each kind's comparators on the chart's periods: where several cover a period, the one of the shortest period (the most specific). */
export function placeComparators(points: readonly { period: Period }[], candidates: readonly ComparatorFigure[]): ChartComparator[] {
  const out: ChartComparator[] = [];
  for (const kind of COMPARATOR_KINDS) {
    const mine = candidates.filter((c) => c.kind === kind && c.period !== null);
    const span = (c: ComparatorFigure) => c.period!.end.toMillis() - c.period!.start.toMillis();
    const chosen = points.map((p) => mine.filter((c) => covers(c, p.period)).sort((a, b) => span(a) - span(b))[0] ?? null);
    if (!chosen.some((c) => c !== null)) continue;
    const labels = [...new Set(chosen.flatMap((c) => (c ? [c.period!.label] : [])))];
    out.push({ kind, label: COMPARATOR_LABEL[kind], periodLabels: labels, values: chosen.map((c) => (c ? c.value : null)) });
  }
  return out;
}

export function chartSeries(indicator: Indicator, figures: Figure[], suppress: boolean, options: SeriesOptions = {}): ChartSeries {
  const maxPeriods = options.maxPeriods ?? MAX_PERIODS;
  const sorted = [...figures].sort((a, b) => comparePeriods(a.period, b.period));
  const last = sorted.at(-1);
  const byKey = new Map(sorted.map((f) => [periodKey(f.period), f]));
  const points: ChartPoint[] = [];
  if (last) {
    const first = sorted[0]!;
    // Every period from the earliest shown to the latest, so a missing month is a visible gap.
    let span = 0;
    while (span < maxPeriods - 1 && comparePeriods(shiftPeriod(last.period, -span), first.period) > 0) span++;
    for (let i = span; i >= 0; i--) {
      const p = shiftPeriod(last.period, -i);
      const f = byKey.get(periodKey(p));
      const hidden = f ? isSuppressed(f.value, indicator.unit, suppress, f.base ?? null, f.numerator ?? null) : false;
      points.push({ label: shortPeriodLabel(p), period: p, value: f && !hidden ? f.value : null, suppressed: hidden });
    }
  }
  const prev = sorted.at(-2);
  const mark = (f: Figure | undefined): SeriesFigure | null =>
    f
      ? {
          period: f.period,
          value: f.value,
          suppressed: isSuppressed(f.value, indicator.unit, suppress, f.base ?? null, f.numerator ?? null),
          base: f.base ?? null,
          numerator: f.numerator ?? null,
        }
      : null;
  return {
    indicator,
    points,
    latest: mark(last),
    previous: mark(prev),
    change: last && prev ? indicatorChange(indicator, prev.value, last.value) : null,
    rag: last ? indicatorRag(indicator, last.value) : null,
    comparators: placeComparators(points, options.comparators ?? []),
    anySuppressed: points.some((p) => p.suppressed),
  };
}

/** "England 2016/17" (or "England 2016/17 and 2017/18"). */
export function comparatorName(c: ChartComparator): string {
  return c.periodLabels.length ? `${c.label} ${c.periodLabels.join(" and ")}` : c.label;
}

/** The comparator's value when it is one value on the chart ("England 2016/17: 85.7%"), else null. */
export function comparatorSingleValue(c: ChartComparator): number | null {
  const values = [...new Set(c.values.filter((v): v is number => v !== null))];
  return values.length === 1 ? values[0]! : null;
}

export function spanWords(s: ChartSeries): string {
  if (s.points.length === 0) return "no periods";
  const first = s.points[0]!.period;
  const last = s.points.at(-1)!.period;
  return s.points.length === 1 ? describePeriod(first) : `${describePeriod(first)} to ${describePeriod(last)}`;
}

/** "Jan 2016 to Jun 2017": the chart's periods, short. */
export function spanLabel(s: ChartSeries): string {
  if (s.points.length === 0) return "";
  const first = s.points[0]!.label;
  const last = s.points.at(-1)!.label;
  return first === last ? first : `${first} to ${last}`;
}

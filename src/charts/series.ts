// The data a chart shows: the last periods of an indicator, gaps kept as gaps,
// small counts suppressed when asked. Pure.
import type { Indicator } from "../domain/indicator.js";
import { comparePeriods, describePeriod, type Period, periodKey, shiftPeriod, shortPeriodLabel } from "../domain/period.js";
import { indicatorRag, type Rag } from "../domain/rag.js";
import { isSuppressed } from "../domain/suppression.js";
import { type Change, change } from "../domain/trend.js";

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

export interface ChartSeries {
  indicator: Indicator;
  points: ChartPoint[];
  latest: { period: Period; value: number; suppressed: boolean } | null;
  previous: { period: Period; value: number; suppressed: boolean } | null;
  change: Change | null;
  rag: Rag | null;
  england: { value: number; label: string } | null;
  anySuppressed: boolean;
}

export const MAX_PERIODS = 24;

export function chartSeries(indicator: Indicator, figures: Figure[], suppress: boolean, maxPeriods = MAX_PERIODS): ChartSeries {
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
  const mark = (f: Figure | undefined) =>
    f ? { period: f.period, value: f.value, suppressed: isSuppressed(f.value, indicator.unit, suppress, f.base ?? null, f.numerator ?? null) } : null;
  const latest = mark(last);
  const previous = mark(prev);
  return {
    indicator,
    points,
    latest,
    previous,
    change: last && prev ? change(prev.value, last.value, indicator.polarity, indicator.unit) : null,
    rag: last ? indicatorRag(indicator, last.value) : null,
    england:
      indicator.englandValue !== null
        ? { value: indicator.englandValue, label: indicator.englandPeriod ? `England (${indicator.englandPeriod})` : "England" }
        : null,
    anySuppressed: points.some((p) => p.suppressed),
  };
}

export function spanWords(s: ChartSeries): string {
  if (s.points.length === 0) return "no periods";
  const first = s.points[0]!.period;
  const last = s.points.at(-1)!.period;
  return s.points.length === 1 ? describePeriod(first) : `${describePeriod(first)} to ${describePeriod(last)}`;
}

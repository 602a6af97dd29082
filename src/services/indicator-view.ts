// Everything /kpi <key> shows about an indicator's latest figure, gathered in one place.

import { benchmarksFor, type Comparator } from "../db/benchmarks.js";
import type { Db } from "../db/client.js";
import { type Measurement, recentMeasurements } from "../db/measurements.js";
import type { Indicator } from "../domain/indicator.js";
import { describePeriod, periodKey, samePeriodLastYear } from "../domain/period.js";
import { indicatorRag, type Rag } from "../domain/rag.js";
import type { SpcReading } from "../domain/spc-reading.js";
import { type Change, change } from "../domain/trend.js";
import { readingFor } from "./spc.js";

export interface Comparison {
  against: Measurement;
  change: Change;
}

export interface IndicatorView {
  indicator: Indicator;
  latest: Measurement | null;
  previous: Comparison | null;
  lastYear: Comparison | null;
  rag: Rag | null;
  comparators: { label: string; value: number; period: string | null }[];
  series: Measurement[]; // oldest first, up to the last 36 figures
  spc: SpcReading | null;
}

const COMPARATOR_LABEL: Record<Comparator, string> = { england: "England", region: "Region", neighbours: "Statistical neighbours" };

export async function indicatorView(db: Db, indicator: Indicator): Promise<IndicatorView> {
  const recent = await recentMeasurements(db, indicator.key, 36);
  const [latest, prev] = recent;
  const series = [...recent].reverse();
  if (!latest) return { indicator, latest: null, previous: null, lastYear: null, rag: null, comparators: [], series, spc: null };

  const previous: Comparison | null = prev
    ? {
        against: prev,
        change: change(prev.value, latest.value, indicator.polarity, indicator.unit),
      }
    : null;
  const ly = samePeriodLastYear(latest.period);
  const lyKey = ly ? periodKey(ly) : null;
  const lyFigure = recent.find((m) => m.periodKey === lyKey) ?? null;
  const lastYear = lyFigure ? { against: lyFigure, change: change(lyFigure.value, latest.value, indicator.polarity, indicator.unit) } : null;

  const bench = await benchmarksFor(db, indicator.key, latest.period);
  const comparators: IndicatorView["comparators"] = [];
  for (const c of ["england", "region", "neighbours"] as const) {
    const v = bench[c];
    if (v !== undefined) comparators.push({ label: COMPARATOR_LABEL[c], value: v, period: describePeriod(latest.period) });
  }
  if (bench.england === undefined && indicator.englandValue !== null) {
    comparators.unshift({ label: "England", value: indicator.englandValue, period: indicator.englandPeriod });
  }

  return {
    indicator,
    latest,
    previous,
    lastYear,
    rag: indicatorRag(indicator, latest.value),
    comparators,
    series,
    spc: (await readingFor(db, indicator, series)).reading,
  };
}

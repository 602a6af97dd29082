// Everything /kpi <key> shows about an indicator's latest figure, gathered in one place.

import { type Measurement, recentMeasurements } from "../db/measurements.js";
import { listActions } from "../db/plan.js";
import { type LinkedAction, openActionsFor } from "../domain/action-links.js";
import { type ComparatorReading, readComparators } from "../domain/comparators.js";
import { type ExceptionReason, exceptionReasons } from "../domain/exceptions.js";
import { dueAsOf, isOutOfDate } from "../domain/figure-age.js";
import type { Indicator } from "../domain/indicator.js";
import { periodKey, samePeriodLastYear } from "../domain/period.js";
import { localDate } from "../domain/plan.js";
import { indicatorRag, type Rag } from "../domain/rag.js";
import type { SpcReading } from "../domain/spc-reading.js";
import { type Change, indicatorChange } from "../domain/trend.js";
import type { Context } from "./context.js";
import { comparatorsOf } from "./scorecard.js";
import { readingFor } from "./spc.js";

export interface Comparison {
  against: Measurement;
  change: Change;
}

export interface IndicatorView {
  indicator: Indicator;
  latest: Measurement | null;
  /** Later figures were due by now and are not recorded. */
  outOfDate: boolean;
  previous: Comparison | null;
  lastYear: Comparison | null;
  rag: Rag | null;
  /** One per comparator: compared when of the same or the nearest earlier period within a year, else context. */
  comparators: ComparatorReading[];
  series: Measurement[]; // oldest first, up to the last 36 figures
  spc: SpcReading | null;
  /** Why the board must look at it (red, worsening, special-cause concern); empty when it need not. */
  reasons: ExceptionReason[];
  /** For an exception, its open plan actions (empty: there are none); null when it is not one. */
  actions: LinkedAction[] | null;
}

export async function indicatorView(ctx: Context, indicator: Indicator): Promise<IndicatorView> {
  const recent = await recentMeasurements(ctx.db, indicator.key, 36);
  const [latest, prev] = recent;
  const series = [...recent].reverse();
  if (!latest)
    return {
      indicator,
      latest: null,
      outOfDate: false,
      previous: null,
      lastYear: null,
      rag: null,
      comparators: [],
      series,
      spc: null,
      reasons: [],
      actions: null,
    };

  const previous: Comparison | null = prev ? { against: prev, change: indicatorChange(indicator, prev.value, latest.value) } : null;
  const ly = samePeriodLastYear(latest.period);
  const lyKey = ly ? periodKey(ly) : null;
  const lyFigure = recent.find((m) => m.periodKey === lyKey) ?? null;
  const lastYear = lyFigure ? { against: lyFigure, change: indicatorChange(indicator, lyFigure.value, latest.value) } : null;

  const rag = indicatorRag(indicator, latest.value);
  const spc = (await readingFor(ctx.db, indicator, series)).reading;
  const reasons = exceptionReasons(rag, previous?.change ?? null, spc.kind);
  const now = ctx.now();
  const actions = reasons.length
    ? openActionsFor(indicator.key, await listActions(ctx.db, { openOnly: true, measureKey: indicator.key }), localDate(now, ctx.config.timezone))
    : null;
  return {
    indicator,
    latest,
    outOfDate: isOutOfDate(latest.period, dueAsOf(now, ctx.config.timezone, ctx.config.reminders.figuresDueDays)),
    previous,
    lastYear,
    rag,
    comparators: readComparators(latest.period, await comparatorsOf(ctx, indicator)),
    series,
    spc,
    reasons,
    actions,
  };
}

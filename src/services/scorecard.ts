// The board's scorecard as data: every indicator (or those asked for) in the
// board's order, with its latest and previous figures, RAG, change, SPC
// reading, comparators, whether it is out of date, why it is an exception, and
// the open plan actions that name it. Digests, /kpi list, the Home tab and the
// board pack read it; a few queries in all, not a few per indicator.
import { type BenchmarkRow, benchmarksByIndicator } from "../db/benchmarks.js";
import { listIndicators } from "../db/indicators.js";
import { type Measurement, recentByIndicator } from "../db/measurements.js";
import { listActions } from "../db/plan.js";
import { rebasesByIndicator } from "../db/rebases.js";
import { type LinkedAction, openActionsFor } from "../domain/action-links.js";
import { type ComparatorFigure, catalogueEngland } from "../domain/comparators.js";
import type { DigestInput } from "../domain/digest.js";
import { type ExceptionReason, exceptionReasons } from "../domain/exceptions.js";
import { dueAsOf, isOutOfDate } from "../domain/figure-age.js";
import type { Indicator } from "../domain/indicator.js";
import { localDate } from "../domain/plan.js";
import { indicatorRag, type Rag } from "../domain/rag.js";
import { inBoardOrder } from "../domain/scorecard-order.js";
import { type SpcReading, spcReading } from "../domain/spc-reading.js";
import { type Change, indicatorChange } from "../domain/trend.js";
import type { Context } from "./context.js";
import { digestSpc, readingInput } from "./spc.js";

/** As many figures as /kpi and the SPC chart read. */
export const SCORECARD_PERIODS = 36;

/** An indicator's latest figure and status (a line of /kpi list). */
export interface LatestFigure {
  indicator: Indicator;
  latest: Measurement | null;
  previous: Measurement | null;
  rag: Rag | null;
  change: Change | null;
  /** Later figures were due by now (FIGURES_DUE_DAYS after their period ended) and are not recorded. */
  outOfDate: boolean;
}

export interface ScorecardEntry extends LatestFigure {
  /** Oldest first, up to the last 36 figures. */
  series: Measurement[];
  spc: SpcReading | null;
  /** England, region and neighbours of any period (domain/comparators.ts says which compare). */
  comparators: ComparatorFigure[];
  reasons: ExceptionReason[];
  /** The open plan actions that name it as their measure. */
  actions: LinkedAction[];
}

/** An indicator's comparators of any period: its benchmarks, and the catalogue's England figure. */
export function comparatorCandidates(indicator: Indicator, benchmarks: readonly BenchmarkRow[]): ComparatorFigure[] {
  return [
    ...benchmarks.map((b) => ({ kind: b.comparator, value: b.value, period: b.period })),
    ...catalogueEngland(indicator.englandValue, indicator.englandPeriod),
  ];
}

/** One indicator's comparators, read from the database. */
export async function comparatorsOf(ctx: Context, indicator: Indicator): Promise<ComparatorFigure[]> {
  return comparatorCandidates(indicator, (await benchmarksByIndicator(ctx.db, [indicator.key])).get(indicator.key) ?? []);
}

/** Every indicator's latest figure and status, in the board's order: two figures an indicator, read in one query (/kpi list). */
export async function latestFigures(ctx: Context): Promise<LatestFigure[]> {
  const all = await listIndicators(ctx.db);
  const figures = await recentByIndicator(
    ctx.db,
    2,
    all.map((i) => i.key),
  );
  const asOf = dueAsOf(ctx.now(), ctx.config.timezone, ctx.config.reminders.figuresDueDays);
  const lines = all.map((indicator): LatestFigure => {
    const [latest, previous] = figures.get(indicator.key) ?? [];
    return {
      indicator,
      latest: latest ?? null,
      previous: previous ?? null,
      rag: latest ? indicatorRag(indicator, latest.value) : null,
      change: latest && previous ? indicatorChange(indicator, previous.value, latest.value) : null,
      outOfDate: latest ? isOutOfDate(latest.period, asOf) : false,
    };
  });
  return inBoardOrder(lines, (l) => l.indicator);
}

/** The scorecard for these keys (every indicator when none), in the board's order. */
export async function scorecard(ctx: Context, keys: readonly string[] = []): Promise<ScorecardEntry[]> {
  const all = await listIndicators(ctx.db);
  const chosen = keys.length ? all.filter((i) => keys.includes(i.key)) : all;
  const chosenKeys = keys.length ? chosen.map((i) => i.key) : [];
  const [figures, benchmarks, rebases, actions] = await Promise.all([
    recentByIndicator(
      ctx.db,
      SCORECARD_PERIODS,
      chosen.map((i) => i.key),
    ),
    benchmarksByIndicator(ctx.db, chosenKeys),
    rebasesByIndicator(ctx.db),
    listActions(ctx.db, { openOnly: true }),
  ]);
  const now = ctx.now();
  const today = localDate(now, ctx.config.timezone);
  const asOf = dueAsOf(now, ctx.config.timezone, ctx.config.reminders.figuresDueDays);
  const entries = chosen.map((indicator): ScorecardEntry => {
    const recent = figures.get(indicator.key) ?? [];
    const [latest, previous] = recent;
    const series = [...recent].reverse();
    const rag = latest ? indicatorRag(indicator, latest.value) : null;
    const c = latest && previous ? indicatorChange(indicator, previous.value, latest.value) : null;
    const spc = latest ? spcReading(readingInput(indicator, series, rebases.get(indicator.key) ?? [])) : null;
    return {
      indicator,
      series,
      latest: latest ?? null,
      previous: previous ?? null,
      rag,
      change: c,
      spc,
      comparators: comparatorCandidates(indicator, benchmarks.get(indicator.key) ?? []),
      outOfDate: latest ? isOutOfDate(latest.period, asOf) : false,
      reasons: exceptionReasons(rag, c, spc?.kind),
      actions: openActionsFor(indicator.key, actions, today),
    };
  });
  return inBoardOrder(entries, (e) => e.indicator);
}

/** An entry as the digest reads it. */
export function digestInput(e: ScorecardEntry): DigestInput {
  const fig = (m: Measurement | null) => (m ? { period: m.period, value: m.value, base: m.base, numerator: m.numerator, note: m.note } : null);
  return {
    indicator: e.indicator,
    latest: fig(e.latest),
    previous: fig(e.previous),
    spc: e.spc && e.latest ? digestSpc(e.spc) : null,
    comparators: e.comparators,
    actions: e.actions,
  };
}

// What a digest says: the scorecard in the board's order (groups, then each
// indicator's place), every figure with its age and the period its change is
// measured from, comparators only where they compare, and the exceptions a
// board must look at (red, worsening, special-cause concern) with their notes
// and the plan actions meant to fix them. Indicators without figures are
// named in one line. Pure: the caller gathers figures; rendering happens elsewhere.
import type { LinkedAction } from "./action-links.js";
import { type ComparatorFigure, type ComparatorReading, comparatorWords, readComparators } from "./comparators.js";
import { type ExceptionReason, exceptionReasons } from "./exceptions.js";
import { digestAsOf, isOutOfDate, latestMonth } from "./figure-age.js";
import type { Indicator, Unit } from "./indicator.js";
import { describePeriod, type Period, shortPeriodLabel } from "./period.js";
import type { PlanSummary } from "./plan-summary.js";
import { indicatorRag, type Rag } from "./rag.js";
import { groupName, inBoardGroups } from "./scorecard-order.js";
import type { AssuranceIcon, VariationIcon, VariationKind } from "./spc-reading.js";
import { isSuppressed, publicValue, suppressedText } from "./suppression.js";
import { type Change, indicatorChange } from "./trend.js";
import { smallBaseWords } from "./value.js";

export interface DigestFigure {
  period: Period;
  value: number;
  base: number | null;
  numerator: number | null;
  note: string | null;
}

export interface DigestInput {
  indicator: Indicator;
  latest: DigestFigure | null;
  previous: DigestFigure | null;
  /** SPC reading of the latest point, when known: "concern" puts it among the exceptions. */
  spc?: { variation: VariationKind; words: string; short?: string; icons?: SpcIcons } | null;
  /** England, region and neighbours of any period: the digest compares only those that compare. */
  comparators?: readonly ComparatorFigure[];
  /** The open plan actions that name this indicator as their measure. */
  actions?: readonly LinkedAction[];
}

/** Making Data Count's icons for a reading: none without a verdict, no assurance without a target. */
export interface SpcIcons {
  variation: VariationIcon | null;
  assurance: AssuranceIcon | null;
}

export interface ScorecardRow {
  key: string;
  name: string;
  group: string;
  unit: Unit;
  value: string; // as a channel may see it
  period: string | null; // short: Jun 2017
  periodWords: string | null; // June 2017
  /** Older than the digest's latest period (a later period of its frequency had ended). */
  outOfDate: boolean;
  change: Change | null;
  /** "down 31 (10.1%) since Mar 2017, decreasing": always with the period it is measured from. */
  changeText: string | null;
  rag: Rag | null;
  /** The RAG's reason as a channel may see it (no suppressed figure in it). */
  ragReason: string | null;
  note: string | null;
  /** "a small base of 15: one child moves it 6.67 points" (never with a suppressed figure). */
  smallBase: string | null;
  /** The SPC reading in full, and in a scorecard's few words. */
  spcWords: string | null;
  spcShort: string | null;
  spcIcons: SpcIcons;
  comparators: ComparatorReading[];
  /** The scorecard's comparator column: "England 2016/17: 85.7%", or one of another period marked as context. */
  comparatorText: string | null;
  reasons: ExceptionReason[]; // why it is an exception; empty when it is not
  /** For an exception: its open plan actions (empty: there are none). Null when it is not an exception. */
  actions: LinkedAction[] | null;
}

export interface DigestContent {
  plan?: PlanSummary | null;
  title: string;
  /** The month the figures run to (the newest figure shown), in words. */
  periodWords: string;
  /** The scorecard: indicators with figures, in the board's order. */
  rows: ScorecardRow[];
  groups: { name: string; rows: ScorecardRow[] }[];
  exceptions: ScorecardRow[];
  withoutFigures: number;
  /** The indicators with no figures yet, in the board's order: named in one line. */
  without: { key: string; name: string }[];
}

const RAG_ORDER: Record<string, number> = { red: 0, amber: 1, green: 2 };

function comparatorColumn(readings: ComparatorReading[], ind: Indicator): string | null {
  const shown = readings.find((r) => r.comparable) ?? readings[0];
  if (!shown) return null;
  return shown.comparable ? comparatorWords(shown, ind.unit) : `${comparatorWords(shown, ind.unit)} (context only)`;
}

/**
 * `fallback`: the period to name when no indicator has a figure. Otherwise the
 * digest runs to the month of its newest figure, and every older figure is
 * marked out of date with its period.
 */
export function buildDigest(inputs: DigestInput[], fallback: Period, suppress: boolean): DigestContent {
  const month = latestMonth(inputs.flatMap((i) => (i.latest ? [i.latest.period] : [])));
  const asOf = digestAsOf(month ?? fallback);
  const withFigures = inputs.filter((i) => i.latest !== null);
  const rows: ScorecardRow[] = withFigures.map(({ indicator: ind, latest: l, previous, spc, comparators, actions }) => {
    const latest = l!;
    const r = indicatorRag(ind, latest.value);
    const c = previous ? indicatorChange(ind, previous.value, latest.value) : null;
    const hidden =
      isSuppressed(latest.value, ind.unit, suppress, latest.base, latest.numerator) ||
      (previous !== null && isSuppressed(previous.value, ind.unit, suppress, previous.base, previous.numerator));
    const reasons = exceptionReasons(r, c, spc?.variation);
    const since = previous ? ` since ${shortPeriodLabel(previous.period)}` : "";
    const readings = readComparators(latest.period, comparators ?? []);
    return {
      key: ind.key,
      name: ind.name,
      group: groupName(ind),
      unit: ind.unit,
      value: publicValue(latest.value, ind.unit, suppress, latest.base, latest.numerator),
      period: shortPeriodLabel(latest.period),
      periodWords: describePeriod(latest.period),
      outOfDate: isOutOfDate(latest.period, asOf),
      change: c,
      // A change between small counts would reveal them: give its direction only.
      changeText: c ? (hidden ? `${c.judgement}${since}` : `${c.amount}${since}, ${c.judgement}`) : null,
      rag: r,
      ragReason: r
        ? hidden && ind.target !== null
          ? `${suppressedText(ind.unit)}, against the target of ${publicValue(ind.target, ind.unit, false)}`
          : r.reason
        : null,
      note: latest.note,
      smallBase: hidden ? null : smallBaseWords(latest.base),
      spcWords: spc ? spc.words : null, // with too few points, says how many there are and how many are needed
      spcShort: spc ? (spc.short ?? null) : null,
      spcIcons: spc?.icons ?? { variation: null, assurance: null },
      comparators: readings,
      comparatorText: comparatorColumn(readings, ind),
      reasons,
      actions: reasons.length ? [...(actions ?? [])] : null,
    };
  });
  const indicatorOf = new Map(inputs.map((i) => [i.indicator.key, i.indicator]));
  const groups = inBoardGroups(rows, (r) => indicatorOf.get(r.key)!).map((g) => ({ name: g.name, rows: g.items }));
  const ordered = groups.flatMap((g) => g.rows);
  const place = new Map(ordered.map((r, i) => [r.key, i]));
  const exceptions = ordered
    .filter((r) => r.reasons.length > 0)
    .sort((a, b) => (RAG_ORDER[a.rag?.status ?? ""] ?? 3) - (RAG_ORDER[b.rag?.status ?? ""] ?? 3) || place.get(a.key)! - place.get(b.key)!);
  const without = inBoardGroups(
    inputs.filter((i) => i.latest === null),
    (i) => i.indicator,
  ).flatMap((g) => g.items.map((i) => ({ key: i.indicator.key, name: i.indicator.name })));
  return {
    title: "Board scorecard",
    periodWords: describePeriod(month ?? fallback),
    rows: ordered,
    groups,
    exceptions,
    withoutFigures: without.length,
    without,
  };
}

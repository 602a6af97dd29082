// SPC results in the words a board reads: the variation of the latest point,
// the assurance against the target, the Making Data Count icons for both, and
// plainly when there is no verdict (too few points) or periods are missing. Pure.
import type { Frequency, Polarity, Unit } from "./indicator.js";
import { describePeriod, type Period, periodStartDate, shiftPeriod, shortPeriodLabel } from "./period.js";
import { type AssuranceType, type ImprovementDirection, type PointType, type SpcOptions, type SpcResult, spc } from "./spc.js";
import { formatValue } from "./value.js";

export function improvementDirection(p: Polarity): ImprovementDirection {
  return p === "high_good" ? "increase" : p === "low_good" ? "decrease" : "neutral";
}

/** "none": no verdict, because the latest process has too few points. */
export type VariationKind = "improvement" | "concern" | "neutral" | "common" | "none";

/** The board gets no verdict below 12 points: NHSRplotthedots warns below 12 (Making Data Count asks for 15 to 20). */
export const MIN_POINTS_FOR_VERDICT = 12;
/** From 12 to 19 points a verdict rests on trial limits; from 20 the limits are firm. */
export const POINTS_FOR_FIRM_LIMITS = 20;
/** The analyst's table (and NHSRplotthedots) calculates limits from 2 points. */
export const MIN_POINTS_FOR_LIMITS = 2;

/** Making Data Count's icons, named as NHSRplotthedots names its files (inst/icons). */
export type VariationIcon = "common_cause" | "improvement_high" | "improvement_low" | "concern_high" | "concern_low" | "neutral_high" | "neutral_low";
export type AssuranceIcon = "pass" | "fail" | "inconsistent";

export const ICON_LABEL: Record<VariationIcon | AssuranceIcon, string> = {
  common_cause: "Common cause",
  improvement_high: "Improving (high)",
  improvement_low: "Improving (low)",
  concern_high: "Concern (high)",
  concern_low: "Concern (low)",
  neutral_high: "Higher",
  neutral_low: "Lower",
  pass: "Target: pass",
  fail: "Target: fail",
  inconsistent: "Target: hit and miss",
};

export type SpcIcon = VariationIcon | AssuranceIcon;

/** Every icon, variation then assurance: what the bot may draw and upload. */
export const SPC_ICONS: readonly SpcIcon[] = [
  "common_cause",
  "improvement_high",
  "improvement_low",
  "concern_high",
  "concern_low",
  "neutral_high",
  "neutral_low",
  "pass",
  "fail",
  "inconsistent",
];

/** Each icon's alt text: Making Data Count's name for it, so a screen reader says what the picture shows. */
export const ICON_ALT_TEXT: Record<SpcIcon, string> = {
  common_cause: "Common cause variation",
  improvement_high: "Special cause improvement, higher",
  improvement_low: "Special cause improvement, lower",
  concern_high: "Special cause concern, higher",
  concern_low: "Special cause concern, lower",
  neutral_high: "Special cause variation, higher (neither improvement nor concern)",
  neutral_low: "Special cause variation, lower (neither improvement nor concern)",
  pass: "Consistently passing the target",
  fail: "Consistently failing the target",
  inconsistent: "Inconsistent: target within limits, hit and miss",
};

/** Periods with no figure between two that have one. */
export interface Gap {
  from: Period;
  to: Period;
  missing: number;
  /** Index of the figure after the gap. */
  before: number;
}

export interface SpcReading {
  kind: VariationKind;
  variation: string; // "special cause variation, improving: 7 months in a row below the average"
  assurance: string | null;
  /** Figures in the latest process (since the last rebase), and how many a verdict needs. */
  points: number;
  needed: number;
  /** A verdict on 12 to 19 points: the limits are trial limits. */
  trial: boolean;
  gaps: Gap[];
  /** How missing periods were treated, when there are any. */
  gapWords: string | null;
  icons: { variation: VariationIcon | null; assurance: AssuranceIcon | null };
  /** The calculation for 2 or more figures, verdict or not (for the analyst's table). */
  result: SpcResult | null;
}

const PERIOD_NOUN: Record<Frequency, [string, string]> = { monthly: ["month", "months"], quarterly: ["quarter", "quarters"], weekly: ["week", "weeks"] };

/** A period's position on its own time line, so that differences count periods. */
function periodIndex(p: Period): number {
  switch (p.frequency) {
    case "monthly":
      return p.year * 12 + p.month - 1;
    case "quarterly":
      return p.fyStart * 4 + p.quarter - 1;
    case "weekly":
      return Math.round(periodStartDate(p).toMillis() / (7 * 86_400_000));
  }
}

/** Every period from the first figure's to the latest's: the SPC chart's x axis, gaps included. */
export function periodSlots(periods: Period[]): { period: Period; index: number | null }[] {
  if (periods.length === 0) return [];
  const first = periodIndex(periods[0]!);
  const span = periodIndex(periods.at(-1)!) - first + 1;
  const slots: { period: Period; index: number | null }[] = Array.from({ length: span }, (_, k) => ({ period: shiftPeriod(periods[0]!, k), index: null }));
  periods.forEach((p, i) => {
    slots[periodIndex(p) - first]!.index = i;
  });
  return slots;
}

export function gapsIn(periods: Period[]): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < periods.length; i++) {
    const missing = periodIndex(periods[i]!) - periodIndex(periods[i - 1]!) - 1;
    if (missing > 0) gaps.push({ from: shiftPeriod(periods[i - 1]!, 1), to: shiftPeriod(periods[i]!, -1), missing, before: i });
  }
  return gaps;
}

function spanWords(from: Period, to: Period): string {
  if (periodIndex(from) === periodIndex(to)) return from.frequency === "monthly" ? describePeriod(from) : shortPeriodLabel(from);
  if (from.frequency === "monthly" && to.frequency === "monthly") {
    return from.year === to.year ? `${describePeriod(from).split(" ")[0]} to ${describePeriod(to)}` : `${describePeriod(from)} to ${describePeriod(to)}`;
  }
  return `${shortPeriodLabel(from)} to ${shortPeriodLabel(to)}`;
}

/**
 * NHSRplotthedots takes the figures it is given in order (and asks for no gaps):
 * we calculate the same way and say so, when there is a calculation to speak of.
 */
export function gapSentence(gaps: Gap[], calculated: boolean): string | null {
  if (gaps.length === 0) return null;
  const shown = gaps.slice(0, 3).map((g) => spanWords(g.from, g.to));
  const list =
    gaps.length > 3
      ? `${shown.join(", ")} and ${gaps.length - 3} more gaps`
      : shown.length > 1
        ? `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`
        : shown[0]!;
  return calculated
    ? `No figures for ${list}: SPC treats the figures either side of a gap as consecutive, as NHSRplotthedots does.`
    : `No figures for ${list}.`;
}

function latestRuleWords(r: SpcResult, frequency: Frequency, periods: Period[]): string {
  const pts = r.points;
  const last = pts.at(-1)!;
  const side = last.value > last.mean ? "above" : "below";
  // "in a row" counts figures; across a gap they are not consecutive periods, so say figures.
  const nouns = (from: number) => (gapsIn(periods.slice(from)).length ? ["figure", "figures"] : PERIOD_NOUN[frequency]);
  switch (last.rule) {
    case "outside-limits":
      return `the latest figure is beyond the ${last.value > last.upl ? "upper" : "lower"} process limit`;
    case "trend": {
      let n = 1;
      const dir = Math.sign(last.value - pts.at(-2)!.value);
      for (let i = pts.length - 1; i > 0 && pts[i - 1]!.group === last.group && Math.sign(pts[i]!.value - pts[i - 1]!.value) === dir; i--) n++;
      return `${n} ${nouns(pts.length - n)[1]} in a row ${dir > 0 ? "rising" : "falling"}`;
    }
    case "two-in-three":
      return `2 of the last 3 ${nouns(pts.length - 3)[1]} close to the ${side === "above" ? "upper" : "lower"} process limit`;
    case "run": {
      let n = 0;
      for (let i = pts.length - 1; i >= 0 && pts[i]!.group === last.group && Math.sign(pts[i]!.value - pts[i]!.mean) === Math.sign(last.value - last.mean); i--)
        n++;
      return `${n} ${nouns(pts.length - n)[1]} in a row ${side} the average`;
    }
    default:
      return "";
  }
}

export function variationIcon(type: PointType, improvement: ImprovementDirection): VariationIcon {
  switch (type) {
    case "common_cause":
      return "common_cause";
    case "special_cause_neutral_high":
      return "neutral_high";
    case "special_cause_neutral_low":
      return "neutral_low";
    case "special_cause_improvement":
      return improvement === "decrease" ? "improvement_low" : "improvement_high";
    case "special_cause_concern":
      return improvement === "decrease" ? "concern_high" : "concern_low";
  }
}

const ASSURANCE_ICON: Record<AssuranceType, AssuranceIcon> = { consistent_pass: "pass", consistent_fail: "fail", inconsistent: "inconsistent" };

export interface ReadingInput {
  values: number[];
  /** One per value, oldest first: to find missing periods and name a rebase. */
  periods: Period[];
  polarity: Polarity;
  unit: Unit;
  frequency: Frequency;
  target: number | null;
  rebaseAt: number[];
}

export function spcReading(input: ReadingInput): SpcReading {
  const improvement = improvementDirection(input.polarity);
  const options: SpcOptions = { improvement, target: input.polarity === "neutral" ? null : input.target, rebaseAt: input.rebaseAt };
  const result = input.values.length >= MIN_POINTS_FOR_LIMITS ? spc(input.values, options) : null;
  const group = result?.groups.at(-1) ?? null;
  const points = group?.n ?? input.values.length;
  const gaps = gapsIn(input.periods);
  const verdict = group !== null && points >= MIN_POINTS_FOR_VERDICT;
  const base = { points, needed: MIN_POINTS_FOR_VERDICT, gaps, gapWords: gapSentence(gaps, verdict), result };

  if (!verdict) {
    const since =
      group && group.startIndex > 0 && input.periods[group.startIndex]
        ? `, counting from the rebase in ${describePeriod(input.periods[group.startIndex]!)}`
        : "";
    return {
      ...base,
      kind: "none",
      variation: `not enough points for SPC yet (${points} of the ${MIN_POINTS_FOR_VERDICT} needed${since})`,
      assurance: null,
      trial: false,
      icons: { variation: null, assurance: null },
    };
  }

  const why = latestRuleWords(result!, input.frequency, input.periods);
  let kind: VariationKind;
  let variation: string;
  switch (group.variation) {
    case "special_cause_improvement":
      kind = "improvement";
      variation = `special cause variation, improving: ${why}`;
      break;
    case "special_cause_concern":
      kind = "concern";
      variation = `special cause variation, a concern: ${why}`;
      break;
    case "special_cause_neutral_high":
    case "special_cause_neutral_low":
      kind = "neutral";
      variation = `special cause variation, ${group.variation.endsWith("high") ? "higher" : "lower"}: ${why}`;
      break;
    default:
      kind = "common";
      variation = "common cause variation: no significant change";
  }
  let assurance: string | null = null;
  if (group.assurance && options.target !== null && options.target !== undefined) {
    const t = formatValue(options.target, input.unit);
    assurance = {
      consistent_pass: `the target of ${t} will be met consistently`,
      consistent_fail: `the target of ${t} will not be met without a change to the process`,
      inconsistent: "hit and miss: the target will sometimes be met and sometimes not",
    }[group.assurance];
  }
  const trial = points < POINTS_FOR_FIRM_LIMITS;
  return {
    ...base,
    kind,
    variation: trial ? `${variation} (trial limits on ${points} points; firm from ${POINTS_FOR_FIRM_LIMITS})` : variation,
    assurance,
    trial,
    icons: { variation: variationIcon(group.variation, improvement), assurance: group.assurance ? ASSURANCE_ICON[group.assurance] : null },
  };
}

/** The reading as the board reads it: verdict (or why there is none); assurance. How gaps were treated. */
export function readingWords(r: SpcReading): string {
  const v = r.variation.charAt(0).toUpperCase() + r.variation.slice(1);
  return `${v}${r.assurance ? `; ${r.assurance}` : ""}.${r.gapWords ? ` ${r.gapWords}` : ""}`;
}

/** One point of the analyst's table, in NHSRplotthedots' terms, unrounded so it can be checked against their tools. */
export interface AnalystRow {
  period: Period;
  value: number;
  mean: number;
  lpl: number;
  upl: number;
  pointType: PointType;
}

export interface AnalystTable {
  rows: AnalystRow[];
  /** NHSRplotthedots' variation_type and assurance_type for the latest process (null with fewer than 2 points). */
  variationType: PointType | null;
  assuranceType: AssuranceType | null;
  /** Trial limits (as NHSRplotthedots warns), too few points, missing periods. */
  warnings: string[];
}

/** The working behind the reading, for any series of 2 or more points, as NHSRplotthedots shows it. */
export function analystTable(input: ReadingInput): AnalystTable {
  const r = spcReading(input);
  const result = r.result;
  const warnings: string[] = [];
  if (!result) warnings.push(`SPC needs at least ${MIN_POINTS_FOR_LIMITS} points; there ${input.values.length === 1 ? "is 1" : `are ${input.values.length}`}.`);
  for (const g of result?.groups ?? []) {
    if (!g.short) continue;
    const from = input.periods[g.startIndex];
    warnings.push(
      `${g.n} points${from ? ` from ${describePeriod(from)}` : ""}: fewer than ${MIN_POINTS_FOR_VERDICT}, so these are trial limits (NHSRplotthedots warns the same), and the board is given no verdict.`,
    );
  }
  if (r.gaps.length) warnings.push(gapSentence(r.gaps, true)!);
  const latest = result?.groups.at(-1) ?? null;
  return {
    rows: (result?.points ?? []).map((p, i) => ({ period: input.periods[i]!, value: p.value, mean: p.mean, lpl: p.lpl, upl: p.upl, pointType: p.type })),
    variationType: latest?.variation ?? null,
    assuranceType: latest?.assurance ?? null,
    warnings,
  };
}

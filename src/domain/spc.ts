// Statistical process control (XmR charts) as NHS England's "Making Data
// Count" reads them, agreeing with NHSRplotthedots 0.2.2's ptd_spc() defaults
// (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R): limits at mean ± 2.66 ×
// mean moving range (moving ranges of 3.267 × the mean moving range or more
// screened out), and four special-cause rules: a point beyond a limit, 7
// points going one way, 2 of 3 points near a limit (all 3 on one side), and 7
// points on one side of the mean. A trend's points take the trend's direction;
// every other flag takes its side of the mean. Points are taken in order as
// given: like ptd_spc(), this knows nothing of missing periods. Pure.

export type ImprovementDirection = "increase" | "decrease" | "neutral";
export type PointType = "common_cause" | "special_cause_improvement" | "special_cause_concern" | "special_cause_neutral_high" | "special_cause_neutral_low";
export type AssuranceType = "consistent_pass" | "consistent_fail" | "inconsistent";

export interface SpcOptions {
  improvement: ImprovementDirection;
  target?: number | null;
  /** Indices at which a new process starts (a rebase): limits are recalculated from there. */
  rebaseAt?: number[];
  /** Fix the limits on the first n points of each process. */
  fixAfterN?: number | null;
}

export interface SpcPoint {
  value: number;
  mean: number;
  lpl: number;
  upl: number;
  type: PointType;
  /** Which rule made it special ("beyond a limit", …), for labels and alt text. */
  rule: SpcRule | null;
  group: number;
}

export type SpcRule = "outside-limits" | "trend" | "two-in-three" | "run";

export interface SpcGroupSummary {
  group: number;
  startIndex: number;
  n: number;
  mean: number;
  lpl: number;
  upl: number;
  counts: Record<PointType, number>;
  /** The classification of the group's latest point. */
  variation: PointType;
  assurance: AssuranceType | null;
  /** Fewer than 12 points: NHSRplotthedots warns that such limits are trial limits. */
  short: boolean;
}

export interface SpcResult {
  points: SpcPoint[];
  groups: SpcGroupSummary[];
}

export const LIMIT_CONSTANT = 2.66;
export const SCREENING_CONSTANT = 3.267;
/** NHSRplotthedots warns "Some groups have 'n < 12' observations. These have trial limits". */
export const PTD_SHORT_GROUP = 12;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function limitsFor(values: number[], fixAfterN: number | null): { mean: number; amr: number } {
  const basis = fixAfterN ? values.slice(0, fixAfterN) : values;
  const m = mean(basis);
  const ranges = basis.slice(1).map((v, i) => Math.abs(v - basis[i]!));
  if (ranges.length === 0) return { mean: m, amr: 0 };
  const amr = mean(ranges);
  const screened = ranges.filter((r) => r < SCREENING_CONSTANT * amr);
  // Every range is screened only when all are 0 (a flat series): ptd_spc() then has no limits; we keep them at the mean.
  return { mean: m, amr: screened.length ? mean(screened) : amr };
}

/** 1 at point i when it and the 6 before it are all on the same side of the mean. */
function sevenOneSide(rtm: number[]): number[] {
  return rtm.map((r, i) => (i >= 6 && r !== 0 && rtm.slice(i - 6, i).every((x) => x === r) ? r : 0));
}

/** 1 (or -1) at point i when the 7 points ending there rise (or fall) throughout. */
function sevenTrend(y: number[]): number[] {
  return y.map((_, i) => {
    if (i < 6) return 0;
    const d = y
      .slice(i - 6, i + 1)
      .slice(1)
      .map((v, k) => Math.sign(v - y[i - 6 + k]!));
    if (d.every((x) => x === 1)) return 1;
    if (d.every((x) => x === -1)) return -1;
    return 0;
  });
}

/** A point is part of a run (or trend) when a run ends at it or within the next 6 points. */
function partOfSeven(flags: number[]): boolean[] {
  return flags.map((_, i) => flags.slice(i, i + 7).some((f) => Math.abs(f) === 1));
}

function twoInThree(close: boolean[], rtm: number[]): boolean[] {
  const at = (a: unknown[], i: number) => (i >= 0 && i < a.length ? a[i] : undefined);
  const c = (i: number) => (at(close, i) ? 1 : 0);
  const r = (i: number) => (at(rtm, i) as number | undefined) ?? 0;
  return close.map((isClose, i) => {
    if (!isClose) return false;
    for (const start of [i - 2, i - 1, i]) {
      const closeCount = c(start) + c(start + 1) + c(start + 2);
      if (closeCount >= 2 && Math.abs(r(start) + r(start + 1) + r(start + 2)) === 3) return true;
    }
    return false;
  });
}

/**
 * The direction of each trend point (0 elsewhere), as 0.2.2 reads it: the step
 * to the next point when that point is in the trend too, otherwise the step
 * from the previous one. A flat step counts as falling, as in ptd_spc().
 */
function trendDirections(y: number[], trend: boolean[]): number[] {
  return y.map((v, i) => {
    if (!trend[i]) return 0;
    const step = trend[i + 1] ? Math.sign(y[i + 1]! - v) : i > 0 ? Math.sign(v - y[i - 1]!) : 0;
    return step === 1 ? 1 : -1;
  });
}

/** `high`: above the mean, or a rising trend; a point on the mean counts as low, as in ptd_spc(). */
function classify(rule: SpcRule | null, high: boolean, improvement: ImprovementDirection): PointType {
  if (rule === null) return "common_cause";
  if (improvement === "neutral") return high ? "special_cause_neutral_high" : "special_cause_neutral_low";
  return high === (improvement === "increase") ? "special_cause_improvement" : "special_cause_concern";
}

export function assurance(lpl: number, upl: number, target: number, improvement: ImprovementDirection): AssuranceType | null {
  if (improvement === "neutral") return null;
  if (improvement === "increase") return lpl > target ? "consistent_pass" : upl < target ? "consistent_fail" : "inconsistent";
  return upl < target ? "consistent_pass" : lpl > target ? "consistent_fail" : "inconsistent";
}

function emptyCounts(): Record<PointType, number> {
  return { common_cause: 0, special_cause_improvement: 0, special_cause_concern: 0, special_cause_neutral_high: 0, special_cause_neutral_low: 0 };
}

export function spc(values: number[], options: SpcOptions): SpcResult {
  const starts = [0, ...(options.rebaseAt ?? []).filter((i) => i > 0 && i < values.length)].sort((a, b) => a - b);
  const uniqueStarts = [...new Set(starts)];
  const points: SpcPoint[] = [];
  const groups: SpcGroupSummary[] = [];
  uniqueStarts.forEach((start, g) => {
    const end = uniqueStarts[g + 1] ?? values.length;
    const y = values.slice(start, end);
    if (y.length === 0) return;
    const { mean: m, amr } = limitsFor(y, options.fixAfterN ?? null);
    const lpl = m - LIMIT_CONSTANT * amr;
    const upl = m + LIMIT_CONSTANT * amr;
    const nlpl = m - ((LIMIT_CONSTANT * 2) / 3) * amr;
    const nupl = m + ((LIMIT_CONSTANT * 2) / 3) * amr;
    const rtm = y.map((v) => Math.sign(v - m));
    const outside = y.map((v) => v > upl || v < lpl);
    const close = y.map((v, i) => !outside[i] && (v > nupl || v < nlpl));
    const run = partOfSeven(sevenOneSide(rtm));
    const trend = partOfSeven(sevenTrend(y));
    const trendDir = trendDirections(y, trend);
    const two = twoInThree(close, rtm);
    const counts = emptyCounts();
    y.forEach((v, i) => {
      const rule: SpcRule | null = outside[i] ? "outside-limits" : trend[i] ? "trend" : two[i] ? "two-in-three" : run[i] ? "run" : null;
      const high = rule === "trend" ? trendDir[i] === 1 : rtm[i] === 1;
      const type = classify(rule, high, options.improvement);
      counts[type]++;
      points.push({ value: v, mean: m, lpl, upl, type, rule, group: g });
    });
    const target = options.target ?? null;
    groups.push({
      group: g,
      startIndex: start,
      n: y.length,
      mean: m,
      lpl,
      upl,
      counts,
      variation: points.at(-1)!.type,
      assurance: target === null ? null : assurance(lpl, upl, target, options.improvement),
      short: y.length < PTD_SHORT_GROUP,
    });
  });
  return { points, groups };
}

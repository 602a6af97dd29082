// The y axis of a trend chart, the same rule for every chart of a unit, so
// that panels side by side can be compared: percentages run from 0 to 100%,
// unless the figures sit in a narrow range (all under 10%, or within 5 points
// of each other above 80%), and then the chart says so; every other unit
// starts at 0. Small moves never look like collapses. Pure.
import type { Unit } from "../domain/indicator.js";

export interface AxisRange {
  min: number;
  /** Undefined: chart.js chooses a round number above the highest figure. */
  max: number | undefined;
  /** Said on the chart when the axis is not the usual one: "axis 0 to 2%", "axis from 90%". */
  note: string | null;
}

const STEPS = [1, 2, 5, 10];

/** The smallest of 1, 2, 5, 10 (and so on by tens) at least as large as v. */
export function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const scale = 10 ** Math.floor(Math.log10(v));
  for (const s of STEPS) if (s * scale >= v - 1e-12) return s * scale;
  return 10 * scale;
}

/**
 * `values`: everything drawn (figures, target, band, comparators); `figures`:
 * how many of them are the council's own. One figure has no movement to
 * exaggerate, so it never zooms into a high narrow range.
 */
export function valueAxis(unit: Unit, values: readonly number[], figures = values.length): AxisRange {
  if (unit !== "percent") return { min: 0, max: undefined, note: null };
  const shown = values.filter((v) => Number.isFinite(v));
  if (shown.length === 0) return { min: 0, max: 100, note: null };
  const lo = Math.min(...shown);
  const hi = Math.max(...shown);
  if (hi < 10) {
    const top = niceCeiling(hi * 1.25);
    return { min: 0, max: top, note: `axis 0 to ${top}%, not 100%` };
  }
  if (figures >= 2 && lo >= 80 && hi - lo <= 5) {
    const bottom = Math.max(0, Math.floor((lo - 5) / 5) * 5);
    return { min: bottom, max: 100, note: `axis from ${bottom}%, not 0` };
  }
  return { min: 0, max: 100, note: null };
}

// Does a new figure look like a slip of the keyboard ("27" for 276, "2760")? Then
// the bot asks before recording it. With enough points for process limits, only a
// figure beyond twice the limits' distance from the mean is questioned (and not one
// within that distance of the latest figure, which a steady trend reaches), so a
// real change that SPC would flag goes in without a question; with fewer, a figure
// ten times, or a tenth of, the recent figures. Pure.
import { spc } from "./spc.js";
import { MIN_POINTS_FOR_VERDICT } from "./spc-reading.js";

export type Slip =
  | { kind: "ten-times" | "a-tenth"; typical: number }
  /** Beyond mean ± 2 × (limit − mean): `low` and `high` are where the question starts. */
  | { kind: "far-beyond-limits"; mean: number; low: number; high: number };

/** How many recent figures the ten-times rule looks at. */
export const RECENT_FIGURES = 6;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * `process` is the indicator's figures since its last rebase, oldest first, without
 * the period being recorded. Null when the figure looks ordinary.
 */
export function slipCheck(value: number, process: readonly number[]): Slip | null {
  if (process.length >= MIN_POINTS_FOR_VERDICT) {
    const group = spc([...process], { improvement: "neutral" }).groups.at(-1);
    const distance = group ? group.upl - group.mean : 0;
    if (group && distance > 0) {
      const low = group.mean - 2 * distance;
      const high = group.mean + 2 * distance;
      const latest = process.at(-1)!;
      const farFromMean = value < low || value > high;
      return farFromMean && Math.abs(value - latest) > 2 * distance ? { kind: "far-beyond-limits", mean: group.mean, low, high } : null;
    }
    // A flat series has no spread to judge by: fall back to the ten-times rule.
  }
  const recent = process.slice(-RECENT_FIGURES);
  if (recent.length === 0) return null;
  // Against the latest figure and the recent median, whichever is nearer the new one:
  // 2760 after 276 is a slip even when the figures before ran a little higher.
  const mid = median(recent);
  const latest = recent.at(-1)!;
  const lower = Math.min(mid, latest);
  const higher = Math.max(mid, latest);
  if (lower > 0 && value >= 10 * lower) return { kind: "ten-times", typical: lower };
  if (higher > 0 && value <= higher / 10) return { kind: "a-tenth", typical: higher };
  return null;
}

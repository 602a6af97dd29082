// Bounds of concern on both sides, besides the target: for repeat child
// protection plans, below 10% (children may not be being protected) or above
// 23% is a concern whatever the target says. Outside the band is amber within
// the indicator's tolerance of it, red beyond; always with the reason. Pure.
import type { Unit } from "./indicator.js";
import { err, ok, type Result } from "./result.js";
import { formatDifference, formatValue, parseValue } from "./value.js";

export interface Band {
  low: number | null;
  high: number | null;
}

export interface BandVerdict {
  status: "green" | "amber" | "red";
  reason: string;
}

/** "10% to 23%" */
export function describeBand(band: Band, unit: Unit): string {
  if (band.low !== null && band.high !== null) return `${formatValue(band.low, unit)} to ${formatValue(band.high, unit)}`;
  if (band.low !== null) return `at least ${formatValue(band.low, unit)}`;
  if (band.high !== null) return `at most ${formatValue(band.high, unit)}`;
  return "none";
}

export function hasBand(b: { bandLow?: number | null; bandHigh?: number | null }): boolean {
  return (b.bandLow ?? null) !== null || (b.bandHigh ?? null) !== null;
}

/**
 * `/kpi <key> band 10%-23%` (or `10-23`, `10% to 23%`); `none` clears it.
 * Null means no band.
 */
export function parseBand(text: string, unit: Unit): Result<Band | null> {
  const t = text.trim();
  const example = unit === "percent" ? "10%-23%" : unit === "count" ? "250-350" : "12-20";
  if (/^(none|clear)$/i.test(t)) return ok(null);
  const m = t.match(/^(\S+?)\s*(?:-|–|to)\s*(\S+)$/i);
  if (!m) return err(`"${t}" is not a band I can read: give its low and high bounds.`, example);
  const low = parseValue(m[1]!, unit);
  if (!low.ok) return err(low.error.text, example);
  const high = parseValue(m[2]!, unit);
  if (!high.ok) return err(high.error.text, example);
  if (low.value.base !== null || high.value.base !== null) return err("Give each bound as one figure, not a fraction.", example);
  if (low.value.value >= high.value.value) return err(`The low bound (${m[1]}) must be below the high bound (${m[2]}).`, example);
  return ok({ low: low.value.value, high: high.value.value });
}

/** Inside the band is green; outside it is amber within the tolerance, red beyond it. Null with no band. */
export function bandVerdict(value: number, band: Band, tolerance: number | null, unit: Unit): BandVerdict | null {
  if (band.low === null && band.high === null) return null;
  const v = formatValue(value, unit);
  const range = `the band of concern (${describeBand(band, unit)})`;
  const below = band.low !== null && value < band.low - 1e-9;
  const above = band.high !== null && value > band.high + 1e-9;
  if (!below && !above) return { status: "green", reason: `${v} is within ${range}` };
  const gap = below ? band.low! - value : value - band.high!;
  const edge = below ? `below its lower bound of ${formatValue(band.low!, unit)}` : `above its upper bound of ${formatValue(band.high!, unit)}`;
  const band0 = Math.max(0, tolerance ?? 0);
  const inTolerance = gap <= band0 + 1e-9;
  const tol =
    band0 > 0
      ? inTolerance
        ? `, within the tolerance of ${formatDifference(band0, unit)}`
        : `, beyond the tolerance of ${formatDifference(band0, unit)}`
      : "";
  return { status: inTolerance ? "amber" : "red", reason: `${v} is ${formatDifference(gap, unit)} ${edge}, outside ${range}${tol}` };
}

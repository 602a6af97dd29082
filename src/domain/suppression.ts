// Small-number suppression, as the DfE publishes: counts of 1 to 5 are shown as
// "fewer than 6" in anything posted to a channel when the council asks for it.
import type { Unit } from "./indicator.js";
import { formatValue } from "./value.js";

export const SUPPRESSED_TEXT = "fewer than 6";

export function isSuppressed(value: number, unit: Unit, suppress: boolean): boolean {
  return suppress && unit === "count" && value >= 1 && value <= 5;
}

/** The figure as a channel may see it. */
export function publicValue(value: number, unit: Unit, suppress: boolean, base: number | null = null, numerator: number | null = null): string {
  return isSuppressed(value, unit, suppress) ? SUPPRESSED_TEXT : formatValue(value, unit, base, numerator);
}

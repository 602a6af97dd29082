// Small-number suppression, as the DfE publishes: in anything posted to a channel,
// when the council asks for it, a count of 1 to 5 shows as "fewer than 6", and a
// percentage whose numerator, denominator or their difference is 1 to 5 (75%
// of 4 children, or 12 of 15, where 3 were not) shows as "suppressed: small numbers".
import type { Unit } from "./indicator.js";
import { formatValue } from "./value.js";

export const SUPPRESSED_TEXT = "fewer than 6";
export const SUPPRESSED_PERCENT_TEXT = "suppressed: small numbers";

const small = (n: number) => n >= 1 && n <= 5;

/**
 * Is this figure hidden from a channel? A percentage without its base cannot be
 * judged and is shown; one with a base but no numerator has it worked out.
 */
export function isSuppressed(value: number, unit: Unit, suppress: boolean, base: number | null = null, numerator: number | null = null): boolean {
  if (!suppress) return false;
  if (unit === "count") return small(value);
  if (unit === "percent" && base !== null) {
    const n = numerator ?? Math.round((value / 100) * base);
    return small(n) || small(base) || small(base - n);
  }
  return false;
}

/** What a channel sees in place of a hidden figure. */
export function suppressedText(unit: Unit): string {
  return unit === "count" ? SUPPRESSED_TEXT : SUPPRESSED_PERCENT_TEXT;
}

/** A sentence for alt text and captions that some figures are hidden, and why. */
export function suppressionNote(unit: Unit): string {
  return unit === "count" ? "Counts of fewer than 6 are not shown." : "Percentages of small numbers of children are not shown.";
}

/** The figure as a channel may see it. */
export function publicValue(value: number, unit: Unit, suppress: boolean, base: number | null = null, numerator: number | null = null): string {
  return isSuppressed(value, unit, suppress, base, numerator) ? suppressedText(unit) : formatValue(value, unit, base, numerator);
}

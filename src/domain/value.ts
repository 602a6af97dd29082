// Figures as people type them, checked against the indicator's unit.
import type { Unit } from "./indicator.js";
import { UNIT_WORDS } from "./indicator.js";
import { formatNumber } from "./number-format.js";
import { err, ok, type Result } from "./result.js";

export interface ParsedValue {
  value: number;
  numerator: number | null;
  base: number | null; // the denominator of a percentage typed as 12/15
}

const MAX_VALUE = 10_000_000;
const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$/;

/** Does this token look like an attempt at a figure (so a typo is reported as a bad value)? */
export function looksLikeValue(token: string): boolean {
  return /^[-+]?[\d.,]+%?$|^\d+\s*\/\s*\d+$/.test(token);
}

export function parseValue(input: string, unit: Unit): Result<ParsedValue> {
  const text = input.trim();
  const expect = UNIT_WORDS[unit];
  const fraction = text.match(/^(\d+)\s*\/\s*(\d+)$/);
  if (fraction) {
    if (unit !== "percent") return err(`"${text}" is a fraction, but this indicator is ${expect.split(",")[0]}.`, expect);
    const numerator = Number(fraction[1]);
    const base = Number(fraction[2]);
    if (base === 0) return err(`"${text}" has a base of 0.`, "12/15 means 12 of 15 children (80%)");
    if (numerator > base) return err(`"${text}": the first number cannot be more than the second.`, "12/15 means 12 of 15 children (80%)");
    return ok({ value: (numerator / base) * 100, numerator, base });
  }
  let body = text;
  const percentSign = body.endsWith("%");
  if (percentSign) {
    if (unit !== "percent") return err(`"${text}" is a percentage, but this indicator is ${expect.split(",")[0]}.`, expect);
    body = body.slice(0, -1).trim();
  }
  if (/^-/.test(body)) return err(`"${text}" is negative; figures cannot be below 0.`, expect);
  if (!NUMBER.test(body)) return err(`"${text}" is not a figure I can read.`, expect);
  const value = Number(body.replace(/,/g, ""));
  if (!Number.isFinite(value) || value > MAX_VALUE) return err(`"${text}" is too large to be right.`, expect);
  switch (unit) {
    case "count":
      if (!Number.isInteger(value)) return err(`"${text}" is not a whole number, and this indicator is a count.`, expect);
      break;
    case "percent":
      if (value > 100) return err(`"${text}" is more than 100%.`, expect);
      break;
    default:
      break;
  }
  return ok({ value, numerator: null, base: null });
}

/** Figures keep the precision they were recorded with, up to two decimal places (0.05% stays 0.05%). */
export const MAX_DECIMALS = 2;

/** A figure with its unit, as a board reads it: 276, 80% (12 of 15), 42.8 per 10,000, 0.05%. */
export function formatValue(value: number, unit: Unit, base: number | null = null, numerator: number | null = null): string {
  switch (unit) {
    case "count":
      return formatNumber(value, 0);
    case "percent": {
      const pct = `${formatNumber(value, MAX_DECIMALS)}%`;
      return base !== null && numerator !== null ? `${pct} (${numerator} of ${base})` : pct;
    }
    case "rate_per_10k":
      return `${formatNumber(value, MAX_DECIMALS)} per 10,000`;
    case "number":
      return formatNumber(value, MAX_DECIMALS);
    case "days":
      return `${formatNumber(value, MAX_DECIMALS)} days`;
  }
}

/** The size of a difference in the unit's words: 31, 3 points, 0.05 points, 2.5 per 10,000. */
export function formatDifference(diff: number, unit: Unit): string {
  const abs = Math.abs(diff);
  switch (unit) {
    case "count":
      return formatNumber(abs, 0);
    case "percent":
      return `${formatNumber(abs, MAX_DECIMALS)} ${Math.round(abs * 100) === 100 ? "point" : "points"}`;
    case "rate_per_10k":
      return `${formatNumber(abs, MAX_DECIMALS)} per 10,000`;
    case "number":
      return formatNumber(abs, MAX_DECIMALS);
    case "days":
      return `${formatNumber(abs, MAX_DECIMALS)} days`;
  }
}

/** A percentage on fewer children than this swings with each child: show its base and say so. */
export const SMALL_BASE = 30;

/** "a small base: one child is 6.67 points", for a percentage on fewer than SMALL_BASE children; null otherwise. */
export function smallBaseWords(base: number | null): string | null {
  if (base === null || base <= 0 || base >= SMALL_BASE) return null;
  return `a small base of ${base}: one child moves it ${formatDifference(100 / base, "percent")}`;
}

/** A figure in plain digits for CSV export. */
export function plainNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

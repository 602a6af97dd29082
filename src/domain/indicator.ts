import { z } from "zod";

export const UNITS = ["count", "percent", "rate_per_10k", "number", "days"] as const;
export const POLARITIES = ["high_good", "low_good", "neutral"] as const;
export const FREQUENCIES = ["monthly", "quarterly", "weekly"] as const;

export type Unit = (typeof UNITS)[number];
export type Polarity = (typeof POLARITIES)[number];
export type Frequency = (typeof FREQUENCIES)[number];

export interface Indicator {
  key: string;
  name: string;
  unit: Unit;
  polarity: Polarity;
  frequency: Frequency;
  englandValue: number | null;
  englandPeriod: string | null;
  guidance: string | null;
  target: number | null;
  tolerance: number | null;
  /** The scorecard group (domain/scorecard-order.ts); none puts it under "Other indicators". */
  group?: string | null;
  /** Its place on the board's scorecard; groups follow their first indicator. */
  order?: number | null;
  /** Bounds of concern on both sides, besides the target (domain/band.ts). */
  bandLow?: number | null;
  bandHigh?: number | null;
}

export const KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const indicatorKeySchema = z.string().regex(KEY_PATTERN, "a key is 1 to 40 lower-case letters, digits and hyphens, such as cp-plans");

const optionalNumber = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const s = (raw ?? "").trim();
    if (s === "") return null;
    const n = Number(s);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `"${s}" is not a number` });
      return z.NEVER;
    }
    return n;
  });

const optionalText = z
  .string()
  .max(500)
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? null : s.trim()));

/** One row of the indicator catalogue CSV (resources/indicators.csv and import-indicators). */
export const catalogueRowSchema = z.object({
  key: indicatorKeySchema,
  name: z.string().trim().min(1, "name is empty").max(150),
  unit: z.enum(UNITS, { message: `unit must be one of ${UNITS.join(", ")}` }),
  polarity: z.enum(POLARITIES, { message: `polarity must be one of ${POLARITIES.join(", ")}` }),
  frequency: z.enum(FREQUENCIES, { message: `frequency must be one of ${FREQUENCIES.join(", ")}` }),
  england_value: optionalNumber,
  england_period: optionalText,
  guidance: optionalText,
  group: optionalText.pipe(z.string().max(60, "a group name is at most 60 characters").nullable()),
  order: optionalNumber,
});
export type CatalogueRow = z.infer<typeof catalogueRowSchema>;

export const UNIT_WORDS: Record<Unit, string> = {
  count: "a whole number of at least 0, such as 276",
  percent: "a percentage from 0 to 100, such as 98% or 12/15",
  rate_per_10k: "a rate per 10,000 children, such as 42.8",
  number: "a number of at least 0, fractions allowed, such as 5.97",
  days: "a number of days, such as 12",
};

export function hasPolarity(indicator: Pick<Indicator, "polarity">): boolean {
  return indicator.polarity !== "neutral";
}

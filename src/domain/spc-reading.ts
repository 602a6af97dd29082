// SPC results in the words a board reads: the variation of the latest point
// and the assurance against the target. Pure.
import type { Polarity, Unit, Frequency } from "./indicator.js";
import { spc, type ImprovementDirection, type SpcOptions, type SpcResult } from "./spc.js";
import { formatValue } from "./value.js";

export function improvementDirection(p: Polarity): ImprovementDirection {
  return p === "high_good" ? "increase" : p === "low_good" ? "decrease" : "neutral";
}

export type VariationKind = "improvement" | "concern" | "neutral" | "common" | "none";

export interface SpcReading {
  kind: VariationKind;
  variation: string; // "special cause variation, improving: 7 months in a row below the average"
  assurance: string | null;
  trial: boolean;
  result: SpcResult | null;
}

const PERIOD_NOUN: Record<Frequency, [string, string]> = { monthly: ["month", "months"], quarterly: ["quarter", "quarters"], weekly: ["week", "weeks"] };
export const MIN_POINTS_FOR_SPC = 2;

function latestRuleWords(r: SpcResult, frequency: Frequency): string {
  const pts = r.points;
  const last = pts.at(-1)!;
  const side = last.value > last.mean ? "above" : "below";
  const nouns = PERIOD_NOUN[frequency];
  switch (last.rule) {
    case "outside-limits":
      return `the latest figure is beyond the ${last.value > last.upl ? "upper" : "lower"} process limit`;
    case "trend": {
      let n = 1;
      const dir = Math.sign(last.value - pts.at(-2)!.value);
      for (let i = pts.length - 1; i > 0 && pts[i]!.group === last.group && Math.sign(pts[i]!.value - pts[i - 1]!.value) === dir; i--) n++;
      return `${n} ${nouns[1]} in a row ${dir > 0 ? "rising" : "falling"}`;
    }
    case "two-in-three":
      return `2 of the last 3 ${nouns[1]} close to the ${side === "above" ? "upper" : "lower"} process limit`;
    case "run": {
      let n = 0;
      for (let i = pts.length - 1; i >= 0 && pts[i]!.group === last.group && Math.sign(pts[i]!.value - pts[i]!.mean) === Math.sign(last.value - last.mean); i--) n++;
      return `${n} ${nouns[1]} in a row ${side} the average`;
    }
    default:
      return "";
  }
}

export interface ReadingInput {
  values: number[];
  polarity: Polarity;
  unit: Unit;
  frequency: Frequency;
  target: number | null;
  rebaseAt: number[];
}

export function spcReading(input: ReadingInput): SpcReading {
  if (input.values.length < MIN_POINTS_FOR_SPC) {
    return { kind: "none", variation: "not enough figures yet for an SPC reading", assurance: null, trial: true, result: null };
  }
  const improvement = improvementDirection(input.polarity);
  const options: SpcOptions = { improvement, target: input.polarity === "neutral" ? null : input.target, rebaseAt: input.rebaseAt };
  const result = spc(input.values, options);
  const group = result.groups.at(-1)!;
  const why = latestRuleWords(result, input.frequency);
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
  return { kind, variation: group.short ? `${variation} (trial limits: fewer than 12 points)` : variation, assurance, trial: group.short, result };
}

// Red/amber/green against a target, always with its reason.
import { bandVerdict } from "./band.js";
import type { Polarity, Unit } from "./indicator.js";
import { formatDifference, formatValue } from "./value.js";

export type RagStatus = "red" | "amber" | "green";
export interface Rag {
  status: RagStatus;
  reason: string;
}

export interface RagInput {
  value: number;
  target: number | null;
  tolerance: number | null;
  polarity: Polarity;
  unit: Unit;
  /** Bounds of concern on both sides (domain/band.ts): outside them is amber or red whatever the target. */
  bandLow?: number | null;
  bandHigh?: number | null;
}

const SEVERITY: Record<RagStatus, number> = { green: 0, amber: 1, red: 2 };

/**
 * Null for a neutral indicator, or one with neither a target nor a band: RAG
 * belongs to indicators with a polarity. With both, the worse of the two
 * statuses, with the reasons that make it so.
 */
export function rag(input: RagInput): Rag | null {
  if (input.polarity === "neutral") return null;
  const byTarget = targetRag(input);
  const byBand = bandVerdict(input.value, { low: input.bandLow ?? null, high: input.bandHigh ?? null }, input.tolerance, input.unit);
  if (!byBand) return byTarget;
  if (!byTarget) return byBand;
  const [first, second] = SEVERITY[byBand.status] > SEVERITY[byTarget.status] ? [byBand, byTarget] : [byTarget, byBand];
  if (first.status === "green") return byTarget;
  // The other reason too: a board reading "red" wants both sides of it ("…, though it meets the target").
  const also = second.status === "green" ? (second === byTarget ? `, though ${second.reason}` : "") : `; ${second.reason}`;
  return { status: first.status, reason: `${first.reason}${also}` };
}

function targetRag({ value, target, tolerance, polarity, unit }: RagInput): Rag | null {
  if (polarity === "neutral" || target === null) return null;
  const band = Math.max(0, tolerance ?? 0);
  const gap = polarity === "high_good" ? target - value : value - target; // > 0 means short of target
  const v = formatValue(value, unit);
  const t = formatValue(target, unit);
  const side = polarity === "high_good" ? "below" : "above";
  if (gap <= 1e-9) {
    const how = Math.abs(gap) < 1e-9 ? "meets" : polarity === "high_good" ? "is above" : "is below";
    return { status: "green", reason: `${v} ${how} the target of ${t}` };
  }
  const short = formatDifference(gap, unit);
  if (gap <= band + 1e-9) {
    return { status: "amber", reason: `${v} is ${short} ${side} the target of ${t}, within the tolerance of ${formatDifference(band, unit)}` };
  }
  const beyond = band > 0 ? `, beyond the tolerance of ${formatDifference(band, unit)}` : "";
  return { status: "red", reason: `${v} is ${short} ${side} the target of ${t}${beyond}` };
}

/** The RAG of a figure of this indicator, against its own target and tolerance. */
export function indicatorRag(
  indicator: Pick<RagInput, "polarity" | "unit" | "bandLow" | "bandHigh"> & { target: number | null; tolerance: number | null },
  value: number,
): Rag | null {
  return rag({
    value,
    target: indicator.target,
    tolerance: indicator.tolerance,
    polarity: indicator.polarity,
    unit: indicator.unit,
    bandLow: indicator.bandLow ?? null,
    bandHigh: indicator.bandHigh ?? null,
  });
}

export const RAG_WORD: Record<RagStatus, string> = { red: "Red", amber: "Amber", green: "Green" };

// Red/amber/green against a target, always with its reason.
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
}

/** Null for a neutral indicator or one with no target: RAG belongs to indicators with a polarity. */
export function rag({ value, target, tolerance, polarity, unit }: RagInput): Rag | null {
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
export function indicatorRag(indicator: Pick<RagInput, "polarity" | "unit"> & { target: number | null; tolerance: number | null }, value: number): Rag | null {
  return rag({ value, target: indicator.target, tolerance: indicator.tolerance, polarity: indicator.polarity, unit: indicator.unit });
}

export const RAG_WORD: Record<RagStatus, string> = { red: "Red", amber: "Amber", green: "Green" };

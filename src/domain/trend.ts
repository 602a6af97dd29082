// Change between two figures, in words that follow the indicator's polarity.
import type { Polarity, Unit } from "./indicator.js";
import { formatNumber } from "./number-format.js";
import { formatDifference } from "./value.js";

export type Direction = "up" | "down" | "same";
export type Judgement = "improving" | "worsening" | "increasing" | "decreasing" | "no change";

export interface Change {
  direction: Direction;
  judgement: Judgement;
  difference: number;
  /** "down 31 (10.1%)", "up 3 points", "no change" */
  amount: string;
}

export function judge(direction: Direction, polarity: Polarity): Judgement {
  if (direction === "same") return "no change";
  if (polarity === "neutral") return direction === "up" ? "increasing" : "decreasing";
  const better = (direction === "up") === (polarity === "high_good");
  return better ? "improving" : "worsening";
}

export function change(previous: number, current: number, polarity: Polarity, unit: Unit): Change {
  const difference = current - previous;
  const direction: Direction = Math.abs(difference) < 1e-9 ? "same" : difference > 0 ? "up" : "down";
  let amount = "no change";
  if (direction !== "same") {
    amount = `${direction} ${formatDifference(difference, unit)}`;
    // A relative change reads well for counts and rates; for a percentage the points say it.
    if (unit !== "percent" && previous !== 0) {
      const rel = Math.abs(difference / previous) * 100;
      amount += ` (${formatNumber(rel, 1)}%)`;
    }
  }
  return { direction, judgement: judge(direction, polarity), difference, amount };
}

/**
 * The change in an indicator's figure, judged by its polarity and its band of
 * concern: a move further outside the band is worsening (repeat child
 * protection plans falling from 9% to 2%, below a band of 10% to 23%), and a
 * move back towards it improving, whatever the polarity alone would say.
 */
export function indicatorChange(
  ind: { polarity: Polarity; unit: Unit; bandLow?: number | null; bandHigh?: number | null },
  previous: number,
  current: number,
): Change {
  const c = change(previous, current, ind.polarity, ind.unit);
  if (ind.polarity === "neutral" || c.direction === "same") return c;
  const low = ind.bandLow ?? null;
  const high = ind.bandHigh ?? null;
  const away = (low !== null && current < low && c.direction === "down") || (high !== null && current > high && c.direction === "up");
  const back = (low !== null && current < low && c.direction === "up") || (high !== null && current > high && c.direction === "down");
  return away ? { ...c, judgement: "worsening" } : back ? { ...c, judgement: "improving" } : c;
}

// The plan's risk register: each risk rated likelihood × impact (1 to 5
// each), with an owner, a mitigation and a review date. Pure.
import type { RagStatus } from "./rag.js";
import { err, ok, type Result } from "./result.js";

export interface Risk {
  id: number;
  /** The theme's name. */
  theme: string;
  text: string;
  likelihood: number;
  impact: number;
  ownerId: string | null;
  ownerName: string | null;
  /** YYYY-MM-DD: the next review. */
  reviewDate: string | null;
  mitigation: string | null;
  lastReviewedAt: Date | null;
  createdAt: Date;
}

export const MAX_RISK_TEXT = 500;

export function riskScore(r: Pick<Risk, "likelihood" | "impact">): number {
  return r.likelihood * r.impact;
}

/** The usual 5 × 5 matrix: 15 and over high (red), 8 to 12 medium (amber), 6 and under low (green). */
export function riskLevel(r: Pick<Risk, "likelihood" | "impact">): { status: RagStatus; word: "High" | "Medium" | "Low" } {
  const s = riskScore(r);
  if (s >= 15) return { status: "red", word: "High" };
  if (s >= 8) return { status: "amber", word: "Medium" };
  return { status: "green", word: "Low" };
}

/** A likelihood or impact: a whole number from 1 to 5. */
export function parseRating(text: string | undefined, what: "likelihood" | "impact"): Result<number> {
  const t = (text ?? "").trim();
  if (!/^[1-5]$/.test(t)) return err(`The ${what} must be a whole number from 1 to 5, not "${t}".`);
  return ok(Number(t));
}

/** "R3" or "3" → 3 */
export function parseRiskId(text: string): number | null {
  const m = text.trim().match(/^R?(\d{1,6})$/i);
  return m ? Number(m[1]) : null;
}

export function riskLabel(id: number): string {
  return `R${id}`;
}

/** The register's order: highest score first, then the most likely, then the oldest. */
export function compareRisks(a: Risk, b: Risk): number {
  return riskScore(b) - riskScore(a) || b.likelihood - a.likelihood || a.id - b.id;
}

export function isReviewOverdue(r: Pick<Risk, "reviewDate">, today: string): boolean {
  return r.reviewDate !== null && r.reviewDate < today;
}

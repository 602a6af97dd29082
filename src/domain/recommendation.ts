// Recommendations the plan answers (an inspection's or a review's), by their
// references: Ofsted-2023-R4. Pure.
import type { Action } from "./plan.js";
import { actionRag } from "./plan.js";
import { compareRefs } from "./plan-structure.js";
import type { RagStatus } from "./rag.js";

export interface Recommendation {
  ref: string;
  text: string;
  source: string | null;
  position: number;
}

export const REC_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-_/]{0,39}$/;

/** A cell of recommendation references, separated by semicolons, commas or spaces. */
export function parseRecommendationRefs(cell: string): { refs: string[]; bad: string[] } {
  const parts = cell
    .split(/[;,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const refs = [...new Set(parts.filter((p) => REC_REF_PATTERN.test(p)))];
  return { refs, bad: parts.filter((p) => !REC_REF_PATTERN.test(p)) };
}

export interface RecommendationProgress {
  recommendation: Recommendation;
  /** Its actions, in the plan's order. */
  actions: Action[];
  /** The worst RAG of its actions; null when no action answers it. */
  worst: RagStatus | null;
  done: number;
}

const WORST: RagStatus[] = ["red", "amber", "green"];

/** Each recommendation with the actions that answer it (in the plan's order) and their worst RAG. */
export function recommendationProgress(recs: readonly Recommendation[], actionsInPlanOrder: readonly Action[], today: string): RecommendationProgress[] {
  return [...recs]
    .sort((a, b) => a.position - b.position || compareRefs(a.ref, b.ref))
    .map((recommendation) => {
      const actions = actionsInPlanOrder.filter((a) => a.recommendations?.includes(recommendation.ref));
      const rags = actions.map((a) => actionRag(a, today).status);
      return {
        recommendation,
        actions,
        worst: actions.length ? WORST.find((s) => rags.includes(s))! : null,
        done: actions.filter((a) => a.status === "done").length,
      };
    });
}

// The plan section of the digest: counts by status and by RAG, each theme's
// RAG in the plan's order, overdue actions, actions re-dated more than once,
// newly done ones with their evidence, and the risk register at a glance. Pure.
import { ACTION_STATUSES, type Action, type ActionStatus, actionRag, isOverdue } from "./plan.js";
import { actionsInPlanOrder, type ThemeNode, themeLabel } from "./plan-structure.js";
import type { RagStatus } from "./rag.js";
import { isReviewOverdue, type Risk, riskLevel } from "./risk.js";

export type RagCounts = Record<RagStatus, number>;

export interface PlanSummary {
  counts: Record<ActionStatus, number>;
  rag: RagCounts;
  /** Each theme's actions by RAG, in the plan's order. */
  themes: { label: string; rag: RagCounts }[];
  /** In the plan's order. */
  overdue: Action[];
  redatedOften: { action: Action; times: number }[];
  newlyDone: Action[];
  risks: { open: number; high: number; reviewOverdue: number };
}

const noRag = (): RagCounts => ({ red: 0, amber: 0, green: 0 });

export function planSummary(
  tree: readonly ThemeNode[],
  redated: Map<string, number>,
  today: string,
  since: Date,
  risks: readonly Risk[] = [],
): PlanSummary | null {
  const actions = actionsInPlanOrder(tree);
  if (actions.length === 0) return null;
  const counts = Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;
  const rag = noRag();
  for (const a of actions) {
    counts[a.status]++;
    rag[actionRag(a, today).status]++;
  }
  const themes = tree
    .map((t) => {
      const r = noRag();
      for (const a of actionsInPlanOrder([t])) r[actionRag(a, today).status]++;
      return { label: themeLabel(t.theme), rag: r, n: r.red + r.amber + r.green };
    })
    .filter((t) => t.n > 0)
    .map(({ label, rag }) => ({ label, rag }));
  return {
    counts,
    rag,
    themes,
    overdue: actions.filter((a) => isOverdue(a, today)),
    redatedOften: actions
      .map((action) => ({ action, times: redated.get(action.ref) ?? 0 }))
      .filter((r) => r.times > 1)
      .sort((a, b) => b.times - a.times),
    newlyDone: actions.filter((a) => a.status === "done" && a.doneAt !== null && a.doneAt.getTime() > since.getTime()),
    risks: {
      open: risks.length,
      high: risks.filter((r) => riskLevel(r).word === "High").length,
      reviewOverdue: risks.filter((r) => isReviewOverdue(r, today)).length,
    },
  };
}

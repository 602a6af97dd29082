// The plan section of the weekly digest: counts by status, overdue actions,
// actions re-dated more than once, and newly done ones with their evidence. Pure.
import { ACTION_STATUSES, type Action, type ActionStatus, isOverdue } from "./plan.js";

export interface PlanSummary {
  counts: Record<ActionStatus, number>;
  overdue: Action[];
  redatedOften: { action: Action; times: number }[];
  newlyDone: Action[];
}

export function planSummary(actions: Action[], redated: Map<string, number>, today: string, since: Date): PlanSummary | null {
  if (actions.length === 0) return null;
  const counts = Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;
  for (const a of actions) counts[a.status]++;
  return {
    counts,
    overdue: actions.filter((a) => isOverdue(a, today)).sort((a, b) => a.due.localeCompare(b.due)),
    redatedOften: actions
      .map((action) => ({ action, times: redated.get(action.ref) ?? 0 }))
      .filter((r) => r.times > 1)
      .sort((a, b) => b.times - a.times || a.action.ref.localeCompare(b.action.ref)),
    newlyDone: actions.filter((a) => a.status === "done" && a.doneAt !== null && a.doneAt.getTime() > since.getTime()),
  };
}

// "What are we doing about it": the open improvement-plan actions whose
// success measure names an indicator, with owner, due date and RAG, for the
// indicators a board must look at. Pure.
import { type Action, type ActionStatus, actionRag, isOpen, isOverdue } from "./plan.js";
import type { RagStatus } from "./rag.js";

export interface LinkedAction {
  ref: string;
  title: string;
  /** null when the owner is someone outside Slack (ownerName). */
  ownerId: string | null;
  ownerName?: string | null;
  /** YYYY-MM-DD; null for an ongoing action. */
  due: string | null;
  status: ActionStatus;
  overdue: boolean;
  rag: { status: RagStatus; reason: string } | null;
}

const RAG_RANK: Record<string, number> = { red: 0, amber: 1, green: 2 };

/** Does this action aim to move this indicator? */
export function measures(action: Pick<Action, "measureKey">, key: string): boolean {
  return action.measureKey === key;
}

/** The open actions that name this indicator as their measure: red first, then the soonest due. */
export function openActionsFor(key: string, actions: readonly Action[], today: string): LinkedAction[] {
  return actions
    .filter((a) => isOpen(a) && measures(a, key))
    .map((a) => ({
      ref: a.ref,
      title: a.title,
      ownerId: a.ownerId,
      ownerName: a.ownerName ?? null,
      due: a.due,
      status: a.status,
      overdue: isOverdue(a, today),
      rag: actionRag(a, today),
    }))
    .sort(
      (a, b) =>
        (RAG_RANK[a.rag?.status ?? ""] ?? 3) - (RAG_RANK[b.rag?.status ?? ""] ?? 3) ||
        (a.due ?? "9999").localeCompare(b.due ?? "9999") ||
        a.ref.localeCompare(b.ref),
    );
}

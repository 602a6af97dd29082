// The improvement plan's actions: statuses, derived RAG, dates. Pure.
import { DateTime } from "luxon";
import type { RagStatus } from "./rag.js";
import { err, ok, type Result } from "./result.js";

export const ACTION_STATUSES = ["not_started", "on_track", "at_risk", "blocked", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const STATUS_WORDS: Record<ActionStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  blocked: "Blocked",
  done: "Done",
};

/** on-track, on_track, "on track" → on_track */
export function parseStatus(text: string): ActionStatus | null {
  const t = text.toLowerCase().replace(/[\s-]+/g, "_");
  return (ACTION_STATUSES as readonly string[]).includes(t) ? (t as ActionStatus) : null;
}

export interface Action {
  ref: string;
  theme: string;
  title: string;
  ownerId: string;
  sponsorId: string | null;
  due: string; // YYYY-MM-DD
  measureKey: string | null;
  status: ActionStatus;
  evidence: string | null;
  /** An admin's override of the derived RAG, with its reason. */
  ragOverride?: { status: RagStatus; reason: string } | null;
  lastUpdateAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
}

export const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-_/]{0,19}$/;

/** Today's date in the council's zone, as YYYY-MM-DD. */
export function localDate(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round(DateTime.fromISO(toIso, { zone: "utc" }).diff(DateTime.fromISO(fromIso, { zone: "utc" }), "days").days);
}

/** Days past its due date (0 or less when not overdue). */
export function daysOverdue(a: Pick<Action, "due">, today: string): number {
  return daysBetween(a.due, today);
}

export function isOpen(a: Pick<Action, "status">): boolean {
  return a.status !== "done";
}

export function isOverdue(a: Pick<Action, "due" | "status">, today: string): boolean {
  return isOpen(a) && daysOverdue(a, today) > 0;
}

/** Overdue or blocked is red, at risk amber, on track and done green; not started has none until it is late. */
export function actionRag(a: Pick<Action, "due" | "status" | "ragOverride">, today: string): { status: RagStatus; reason: string } | null {
  if (a.ragOverride) return { status: a.ragOverride.status, reason: `set by an admin: ${a.ragOverride.reason}` };
  if (isOverdue(a, today)) return { status: "red", reason: `overdue by ${daysOverdue(a, today)} day${daysOverdue(a, today) === 1 ? "" : "s"}` };
  switch (a.status) {
    case "blocked":
      return { status: "red", reason: "blocked" };
    case "at_risk":
      return { status: "amber", reason: "at risk" };
    case "on_track":
    case "done":
      return { status: "green", reason: STATUS_WORDS[a.status].toLowerCase() };
    default:
      return null;
  }
}

export function describeDate(iso: string): string {
  return DateTime.fromISO(iso).toFormat("cccc d LLLL yyyy");
}

/** A new due date: a real YYYY-MM-DD date, after today. */
export function parseNewDueDate(text: string, today: string): Result<string> {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || !DateTime.fromISO(t).isValid) {
    return err(`"${t}" is not a date I can read.`, "a date such as 2026-12-31 (year-month-day)");
  }
  if (t <= today) return err(`${describeDate(t)} is not in the future.`, "a date after today");
  return ok(t);
}

/** A due date in an imported plan: any real date (past ones are simply overdue). */
export function parseImportDate(text: string): Result<string> {
  const t = text.trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(t) ? DateTime.fromISO(t) : DateTime.fromFormat(t, "d/M/yyyy");
  if (!d.isValid) return err(`"${t}" is not a date.`, "2026-12-31 or 31/12/2026");
  return ok(d.toISODate()!);
}

// The improvement plan's actions: statuses, derived RAG, dates. Pure.
import { DateTime } from "luxon";
import { memoize } from "./memo.js";
import { isMilestoneOverdue, type Milestone } from "./milestone.js";
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
  /** The theme's name. */
  theme: string;
  /** The objective it sits in (2.1 for action 2.1.3); null when it sits directly under its theme. */
  objectiveRef?: string | null;
  title: string;
  /** A Slack user; null when the owner is someone outside Slack (ownerName). */
  ownerId: string | null;
  /** An owner outside Slack, by name: shown, never reminded (the sponsor is reminded instead). */
  ownerName?: string | null;
  sponsorId: string | null;
  sponsorName?: string | null;
  /** YYYY-MM-DD: due to start by (not started after it is late to start). */
  start?: string | null;
  /** YYYY-MM-DD; null for an ongoing action, which has no due date and is reviewed monthly. */
  due: string | null;
  measureKey: string | null;
  /** The measure's own target for its indicator, and the date it is to be met by. */
  measureTarget?: number | null;
  measureBy?: string | null;
  /** A measure of success in words. */
  measureText?: string | null;
  status: ActionStatus;
  evidence: string | null;
  /** An admin's override of the derived RAG, with its reason. */
  ragOverride?: { status: RagStatus; reason: string } | null;
  lastUpdateAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
  /** Its milestones, in order (when loaded). */
  milestones?: readonly Milestone[];
  /** The recommendations it answers (when loaded). */
  recommendations?: readonly string[];
}

export const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-_/]{0,19}$/;

/** Today's date in the council's zone, as YYYY-MM-DD. */
export function localDate(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of a YYYY-MM-DD date at midnight UTC; NaN for anything else. */
function dateMillis(iso: string): number {
  const m = CALENDAR_DATE.exec(iso);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).getUTCDate() === Number(m[3]) ? ms : Number.NaN; // 2026-02-31 is no date
}

export function daysBetween(fromIso: string, toIso: string): number {
  // Two calendar dates by arithmetic (reminders and escalations compare thousands); anything else by luxon.
  const [from, to] = [dateMillis(fromIso), dateMillis(toIso)];
  if (!Number.isNaN(from) && !Number.isNaN(to)) return Math.round((to - from) / 86_400_000);
  return Math.round(DateTime.fromISO(toIso, { zone: "utc" }).diff(DateTime.fromISO(fromIso, { zone: "utc" }), "days").days);
}

/** Days past its due date (0 or less when not overdue; 0 for an ongoing action). */
export function daysOverdue(a: Pick<Action, "due">, today: string): number {
  return a.due === null ? 0 : daysBetween(a.due, today);
}

export function isOpen(a: Pick<Action, "status">): boolean {
  return a.status !== "done";
}

export function isOngoing(a: Pick<Action, "due">): boolean {
  return a.due === null;
}

export function isOverdue(a: Pick<Action, "due" | "status">, today: string): boolean {
  return isOpen(a) && daysOverdue(a, today) > 0;
}

/** Not started and past the date it was due to start by. */
export function isLateToStart(a: Pick<Action, "status" | "start">, today: string): boolean {
  return a.status === "not_started" && !!a.start && a.start < today;
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/**
 * Overdue or blocked is red; at risk, late to start or a missed milestone amber;
 * on track, done, and not started before its start date green.
 */
export function actionRag(a: Pick<Action, "due" | "status" | "ragOverride" | "start" | "milestones">, today: string): { status: RagStatus; reason: string } {
  if (a.ragOverride) return { status: a.ragOverride.status, reason: `set by an admin: ${a.ragOverride.reason}` };
  if (isOverdue(a, today)) return { status: "red", reason: `overdue by ${days(daysOverdue(a, today))}` };
  if (a.status === "blocked") return { status: "red", reason: "blocked" };
  if (a.status === "at_risk") return { status: "amber", reason: "at risk" };
  if (a.status === "done") return { status: "green", reason: "done" };
  if (isLateToStart(a, today)) return { status: "amber", reason: `late to start: due to start by ${describeDate(a.start!)}` };
  const missed = (a.milestones ?? []).find((m) => isMilestoneOverdue(m, today));
  if (missed) return { status: "amber", reason: `milestone ${missed.n} overdue by ${days(daysBetween(missed.due, today))}` };
  if (a.status === "not_started") return { status: "green", reason: a.start ? `not started, due to start by ${describeDate(a.start)}` : "not started" };
  return { status: "green", reason: "on track" };
}

/** Soonest first; ongoing (no date) last. */
export function compareDue(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** "Monday 2 November 2026". */
export const describeDate: (iso: string) => string = memoize((iso) => DateTime.fromISO(iso).toFormat("cccc d LLLL yyyy"));

/** "due Monday 2 November 2026", or "ongoing" for an action with no due date. */
export function describeDue(due: string | null): string {
  return due === null ? "ongoing" : `due ${describeDate(due)}`;
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

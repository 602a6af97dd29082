// Who is reminded, when, and when a slipping action is escalated. Pure: the
// instant, the zone and the settings are parameters.
import { DateTime } from "luxon";
import { type Action, compareDue, daysBetween, daysOverdue, isOpen } from "./plan.js";
import { compareRefs } from "./plan-structure.js";
import type { Risk } from "./risk.js";

export interface ReminderSettings {
  weekly: { dayOfWeek: number; time: string };
  windowDays: number;
  beforeDays: number[];
  quietDays: number;
  escalateAfterReminders: number;
  escalateOverdueDays: number;
}

const DAY_MS = 86_400_000;
/** An ongoing action (no due date) is asked for an update once it has gone this long without one. */
export const ONGOING_REVIEW_DAYS = 28;

/** The day's reminder instant (the weekly reminder's time of day, UK time) at or before `now`. */
export function latestReminderSlot(settings: ReminderSettings, now: Date, zone: string): Date {
  const [h, m] = settings.weekly.time.split(":").map(Number) as [number, number];
  let day = DateTime.fromJSDate(now, { zone }).startOf("day");
  for (let i = 0; i < 2; i++) {
    const slot = day.set({ hour: h, minute: m });
    if (slot.toMillis() <= now.getTime()) return slot.toJSDate();
    day = day.minus({ days: 1 });
  }
  throw new Error("unreachable: a slot exists within two days");
}

/** weekly: due within the window; due-soon: a set number of days before; monthly: an ongoing action's review; milestone: a milestone's date. */
export type ReminderReason = "weekly" | "due-soon" | "overdue" | "milestone" | "monthly";

export interface ReminderPick {
  action: Action;
  reason: ReminderReason;
  /** The numbers of its milestones that are due soon or overdue. */
  milestones: number[];
}

/** Who is reminded about an action: its owner, or its sponsor when the owner is outside Slack. */
export function reminderRecipient(a: Pick<Action, "ownerId" | "sponsorId">): string | null {
  return a.ownerId ?? a.sponsorId ?? null;
}

/** Whether a date is reminded at this slot, and why: a set number of days before it, or weekly within the window or once past. */
function dateReason(date: string, today: string, weekly: boolean, settings: ReminderSettings): "due-soon" | "weekly" | "overdue" | null {
  const d = daysBetween(today, date);
  if (settings.beforeDays.includes(d)) return "due-soon";
  if (weekly && d <= settings.windowDays) return d < 0 ? "overdue" : "weekly";
  return null;
}

function quiet(lastUpdate: Date | null, slot: Date, settings: ReminderSettings): boolean {
  return lastUpdate !== null && slot.getTime() - lastUpdate.getTime() < settings.quietDays * DAY_MS;
}

/**
 * Which actions to remind about at this slot, grouped by the person reminded
 * (the owner, or the sponsor of an owner outside Slack) so that each gets one
 * message. Anything added after the slot (on the day a plan is imported)
 * waits for the next one.
 */
export function actionsToRemind(actions: Action[], settings: ReminderSettings, slot: Date, zone: string): Map<string, ReminderPick[]> {
  const local = DateTime.fromJSDate(slot, { zone });
  const today = local.toISODate()!;
  const weekly = local.weekday === settings.weekly.dayOfWeek;
  const byRecipient = new Map<string, ReminderPick[]>();
  for (const a of actions) {
    if (!isOpen(a)) continue; // never nag about finished actions
    if (a.createdAt.getTime() > slot.getTime()) continue;
    if (quiet(a.lastUpdateAt, slot, settings)) continue;
    const to = reminderRecipient(a);
    if (!to) continue;
    let reason: ReminderReason | null =
      a.due === null
        ? weekly && slot.getTime() - (a.lastUpdateAt ?? a.createdAt).getTime() >= ONGOING_REVIEW_DAYS * DAY_MS
          ? "monthly"
          : null
        : dateReason(a.due, today, weekly, settings);
    const milestones = (a.milestones ?? [])
      .filter((m) => m.doneAt === null && m.createdAt.getTime() <= slot.getTime() && dateReason(m.due, today, weekly, settings) !== null)
      .map((m) => m.n);
    if (!reason && milestones.length) reason = "milestone";
    if (!reason) continue;
    const list = byRecipient.get(to) ?? [];
    list.push({ action: a, reason, milestones });
    byRecipient.set(to, list);
  }
  for (const list of byRecipient.values()) list.sort((x, y) => compareDue(x.action.due, y.action.due) || compareRefs(x.action.ref, y.action.ref));
  return byRecipient;
}

/** Risks whose review is due at this slot, by owner (risks owned by someone outside Slack are not reminded). */
export function risksToReview(risks: Risk[], settings: ReminderSettings, slot: Date, zone: string): Map<string, Risk[]> {
  const local = DateTime.fromJSDate(slot, { zone });
  const today = local.toISODate()!;
  const weekly = local.weekday === settings.weekly.dayOfWeek;
  const byOwner = new Map<string, Risk[]>();
  for (const r of risks) {
    if (!r.ownerId || r.reviewDate === null) continue;
    if (r.createdAt.getTime() > slot.getTime()) continue;
    if (quiet(r.lastReviewedAt, slot, settings)) continue;
    if (!dateReason(r.reviewDate, today, weekly, settings)) continue;
    byOwner.set(r.ownerId, [...(byOwner.get(r.ownerId) ?? []), r]);
  }
  for (const list of byOwner.values()) list.sort((x, y) => compareDue(x.reviewDate, y.reviewDate) || x.id - y.id);
  return byOwner;
}

export interface EscalationCheck {
  action: Action;
  unansweredReminders: number;
}

export function escalationReason(c: EscalationCheck, settings: ReminderSettings, today: string): string | null {
  if (!isOpen(c.action)) return null;
  const overdue = daysOverdue(c.action, today);
  if (overdue >= settings.escalateOverdueDays && overdue > 0) return `${overdue} days overdue`;
  if (c.unansweredReminders >= settings.escalateAfterReminders) return `${c.unansweredReminders} reminders unanswered`;
  return null;
}

/** Escalations are claimed once per action per ISO week: this is the week's key instant. */
export function weekStart(now: Date, zone: string): Date {
  return DateTime.fromJSDate(now, { zone }).startOf("week").toJSDate();
}

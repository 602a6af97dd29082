// Who is reminded, when, and when a slipping action is escalated. Pure: the
// instant, the zone and the settings are parameters.
import { DateTime } from "luxon";
import { type Action, daysBetween, daysOverdue, isOpen } from "./plan.js";

export interface ReminderSettings {
  weekly: { dayOfWeek: number; time: string };
  windowDays: number;
  beforeDays: number[];
  quietDays: number;
  escalateAfterReminders: number;
  escalateOverdueDays: number;
}

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

export type ReminderReason = "weekly" | "due-soon" | "overdue";

export interface ReminderPick {
  action: Action;
  reason: ReminderReason;
}

/** Which actions to remind about at this slot; grouped by owner so that each owner gets one message. */
export function actionsToRemind(actions: Action[], settings: ReminderSettings, slot: Date, zone: string): Map<string, ReminderPick[]> {
  const local = DateTime.fromJSDate(slot, { zone });
  const today = local.toISODate()!;
  const weekly = local.weekday === settings.weekly.dayOfWeek;
  const byOwner = new Map<string, ReminderPick[]>();
  for (const a of actions) {
    if (!isOpen(a)) continue; // never nag about finished actions
    if (a.lastUpdateAt && slot.getTime() - a.lastUpdateAt.getTime() < settings.quietDays * 86_400_000) continue;
    const daysToDue = daysBetween(today, a.due);
    let reason: ReminderReason | null = null;
    if (settings.beforeDays.includes(daysToDue)) reason = "due-soon";
    else if (weekly && daysToDue <= settings.windowDays) reason = daysToDue < 0 ? "overdue" : "weekly";
    if (!reason) continue;
    const list = byOwner.get(a.ownerId) ?? [];
    list.push({ action: a, reason });
    byOwner.set(a.ownerId, list);
  }
  for (const list of byOwner.values()) list.sort((x, y) => x.action.due.localeCompare(y.action.due) || x.action.ref.localeCompare(y.action.ref));
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

// Plain domain values for the unit tests: an indicator, a plan action and the
// reminder settings, each with ordinary defaults that a test overrides where it matters.
import type { Indicator } from "../../src/domain/indicator.js";
import type { Action } from "../../src/domain/plan.js";
import type { ReminderSettings } from "../../src/domain/reminder-policy.js";

/** A monthly percentage named "Indicator <key>", higher is better, with a target of 90% and a tolerance of 5 points. */
export function indicator(key: string, over: Partial<Indicator> = {}): Indicator {
  return {
    key,
    name: `Indicator ${key}`,
    unit: "percent",
    polarity: "high_good",
    frequency: "monthly",
    englandValue: null,
    englandPeriod: null,
    guidance: null,
    target: 90,
    tolerance: 5,
    ...over,
  };
}

/** An action of the theme "Practice", on track, with an owner and a sponsor in Slack, due on 31 March 2027, added on 1 January 2026. */
export function planAction(ref: string, over: Partial<Action> = {}): Action {
  return {
    ref,
    theme: "Practice",
    title: `Action ${ref}`,
    ownerId: "U0OWNER0001",
    sponsorId: "U0SPONS0001",
    due: "2027-03-31",
    measureKey: null,
    status: "on_track",
    evidence: null,
    lastUpdateAt: null,
    doneAt: null,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...over,
  };
}

/** The bot's default reminder settings: Mondays at 10:00, a 14-day window, 7 and 1 days before, 3 quiet days, escalation after 3 reminders or 7 days overdue. */
export const REMINDER_SETTINGS: ReminderSettings = {
  weekly: { dayOfWeek: 1, time: "10:00" },
  windowDays: 14,
  beforeDays: [7, 1],
  quietDays: 3,
  escalateAfterReminders: 3,
  escalateOverdueDays: 7,
};

// Reminders to action owners and escalations to sponsors: who is due one at an
// instant, and what a reminder message shows, at sending and after each answer.

import { actionsByRef, latestUpdates, unansweredRemindersByRef } from "../db/action-reads.js";
import { progressOf } from "../db/deliveries.js";
import { getIndicator } from "../db/indicators.js";
import { type Measurement, recentByIndicator } from "../db/measurements.js";
import { type ActionUpdateRow, getSetting, listActions, PLAN_CHANNEL } from "../db/plan.js";
import { readMeasure } from "../domain/measure.js";
import { type Action, localDate } from "../domain/plan.js";
import { actionsToRemind, escalationReason, latestReminderSlot, weekStart } from "../domain/reminder-policy.js";
import type { Context } from "./context.js";
import type { ActionView } from "./plan.js";
import { actionsInOrder } from "./plan-structure.js";

export interface ReminderEntry {
  action: Action;
  lastUpdate: ActionUpdateRow | null;
  /** Set once the owner answered this reminder: what was recorded. */
  answered: ActionUpdateRow | null;
  /** The linked indicator, its latest figure and status. */
  measure?: ActionView["measure"];
}

/** An answer is a person's status or date update; imports and reassignments are not. */
const ANSWER_KINDS = ["status", "due", "milestone"];

/**
 * Actions read in one go, at most: the statements bind a few values per
 * action, and SQLite takes a limited number of them (Prisma refuses with P2029).
 */
const REFS_PER_READ = 200;

/** Entries for these actions, in this order; an update after `sentAt` counts as the answer to this reminder. A few queries for them all. */
export async function reminderEntries(ctx: Context, refs: readonly string[], sentAt: Date | null): Promise<ReminderEntry[]> {
  const actions: Action[] = [];
  for (let i = 0; i < refs.length; i += REFS_PER_READ) {
    const part = refs.slice(i, i + REFS_PER_READ);
    const byRef = await actionsByRef(ctx.db, part);
    actions.push(...part.flatMap((ref) => byRef.get(ref) ?? []));
  }
  return reminderEntriesOf(ctx, actions, sentAt);
}

/** Entries for these actions, as read already (by remindersDue), in this order. */
export async function reminderEntriesOf(ctx: Context, actions: readonly Action[], sentAt: Date | null): Promise<ReminderEntry[]> {
  const out: ReminderEntry[] = [];
  for (let i = 0; i < actions.length; i += REFS_PER_READ) out.push(...(await entriesOf(ctx, actions.slice(i, i + REFS_PER_READ), sentAt)));
  return out;
}

async function entriesOf(ctx: Context, actions: readonly Action[], sentAt: Date | null): Promise<ReminderEntry[]> {
  const refs = actions.map((a) => a.ref);
  const [latest, answers] = await Promise.all([
    latestUpdates(ctx.db, refs),
    sentAt ? latestUpdates(ctx.db, refs, ANSWER_KINDS) : Promise.resolve(new Map<string, ActionUpdateRow>()),
  ]);
  const measureKeys = [...new Set(actions.flatMap((a) => (a.measureKey ? [a.measureKey] : [])))];
  const figures = measureKeys.length ? await recentByIndicator(ctx.db, 1, measureKeys) : new Map<string, Measurement[]>();
  const out: ReminderEntry[] = [];
  for (const action of actions) {
    const indicator = action.measureKey ? await getIndicator(ctx.db, action.measureKey) : null;
    const figure = indicator ? (figures.get(indicator.key)?.[0] ?? null) : null;
    const measure = indicator ? { indicator, latest: figure, reading: readMeasure({ target: action.measureTarget ?? null }, indicator, figure) } : null;
    const answer = answers.get(action.ref);
    const answered = sentAt && answer && answer.at.getTime() > sentAt.getTime() ? answer : null;
    out.push({ action, lastUpdate: latest.get(action.ref) ?? null, answered, measure });
  }
  return out;
}

/** The reminder message a button or modal came from: its actions and when it was sent. */
async function reminderAt(ctx: Context, channel: string, ts: string): Promise<{ refs: string[]; sentAt: Date } | null> {
  const items = await ctx.db.reminderItem.findMany({ where: { channel, ts }, orderBy: { id: "asc" } });
  if (items.length === 0) return null;
  return { refs: items.map((i) => i.actionRef), sentAt: items[0]!.sentAt };
}

/** The reminder message a button came from, with its entries as they are now; null for one we did not send. */
export async function reminderNow(ctx: Context, channel: string, ts: string): Promise<{ entries: ReminderEntry[]; sentAt: Date } | null> {
  const reminder = await reminderAt(ctx, channel, ts);
  if (!reminder) return null;
  return { entries: await reminderEntries(ctx, reminder.refs, reminder.sentAt), sentAt: reminder.sentAt };
}

export interface DueReminder {
  ownerId: string;
  slot: Date;
  /** In the order the reminder lists them. */
  actions: Action[];
}

/** Owners (or the sponsors of owners outside Slack) due a reminder at this instant: one message per person per day, however many actions. */
export async function remindersDue(ctx: Context, now: Date): Promise<DueReminder[]> {
  const slot = latestReminderSlot(ctx.config.reminders, now, ctx.config.timezone);
  const picks = actionsToRemind(await listActions(ctx.db, { openOnly: true }), ctx.config.reminders, slot, ctx.config.timezone);
  return [...picks].map(([ownerId, list]) => ({ ownerId, slot, actions: list.map((p) => p.action) }));
}

export interface DueEscalation {
  action: Action;
  reason: string;
  /** Once per action per week. */
  slot: Date;
}

/** Actions to escalate at this instant, in the plan's order, and the plan channel that hears of them (null: sponsors only). */
export async function escalationsDue(ctx: Context, now: Date): Promise<{ planChannel: string | null; due: DueEscalation[] }> {
  const today = localDate(now, ctx.config.timezone);
  const [planChannel, actions, unanswered] = await Promise.all([
    getSetting(ctx.db, PLAN_CHANNEL),
    actionsInOrder(ctx, { openOnly: true }),
    unansweredRemindersByRef(ctx.db),
  ]);
  const due: DueEscalation[] = [];
  for (const action of actions) {
    const reason = escalationReason({ action, unansweredReminders: unanswered.get(action.ref) ?? 0 }, ctx.config.reminders, today);
    if (reason) due.push({ action, reason, slot: weekStart(now, ctx.config.timezone) });
  }
  return { planChannel, due };
}

export const CHANNEL_ESCALATIONS_JOB = "escalations:channel";

export interface ChannelEscalations {
  channel: string;
  /** One message a day at most, with the day's reminders. */
  slot: Date;
  due: DueEscalation[];
}

/**
 * What the plan channel is told at this instant: one message listing every
 * action escalated that has not already been posted there this week (each
 * action once per week, as with its sponsor); null when there is nothing new.
 */
export async function channelEscalationsDue(ctx: Context, now: Date): Promise<ChannelEscalations | null> {
  const { planChannel, due } = await escalationsDue(ctx, now);
  if (!planChannel || due.length === 0) return null;
  const slot = latestReminderSlot(ctx.config.reminders, now, ctx.config.timezone);
  const week = weekStart(now, ctx.config.timezone);
  const posted = new Set((await progressOf(ctx.db, CHANNEL_ESCALATIONS_JOB, week, slot)).flatMap((d) => (Array.isArray(d.refs) ? (d.refs as string[]) : [])));
  const fresh = due.filter((d) => !posted.has(d.action.ref));
  return fresh.length ? { channel: planChannel, slot, due: fresh } : null;
}

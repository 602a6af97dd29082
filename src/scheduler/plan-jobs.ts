// Reminders to action owners, escalations to sponsors and the plan channel,
// and "figures due" nudges to recorders: each a source of due deliveries.
import { DateTime } from "luxon";
import { describePeriod, latestEndedPeriod, periodEndExclusive, periodKey, periodStartDate } from "../domain/period.js";
import { FREQUENCIES } from "../domain/indicator.js";
import { localDate } from "../domain/plan.js";
import { actionsToRemind, escalationReason, latestReminderSlot, weekStart } from "../domain/reminder-policy.js";
import { saveProgress } from "../db/deliveries.js";
import { listIndicators } from "../db/indicators.js";
import { getSetting, listActions, PLAN_CHANNEL, recordReminderItems, unansweredReminders } from "../db/plan.js";
import { allRecorders } from "../db/roles.js";
import { keysWithFigures } from "../db/measurements.js";
import { reminderEntries } from "../services/plan-reminders.js";
import { escalationMessage, reminderMessage, undeliverableNotice } from "../slack/blocks/plan.js";
import { dm } from "../slack/client.js";
import type { DueItem, DueSource } from "./run-due.js";
import { isGoneUser, NoRecipient, tellAdminsOnce } from "./undeliverable.js";

export const reminderSource: DueSource = async (ctx, client, now) => {
  const settings = ctx.config.reminders;
  const zone = ctx.config.timezone;
  const slot = latestReminderSlot(settings, now, zone);
  const picks = actionsToRemind(await listActions(ctx.db, { openOnly: true }), settings, slot, zone);
  const items: DueItem[] = [];
  for (const [ownerId, list] of picks) {
    // One message per owner per day, however many actions: the claim is per owner and slot.
    items.push({
      job: `reminder:${ownerId}`,
      slot,
      send: async (claim) => {
        const refs = list.map((p) => p.action.ref);
        const progress = { ...claim.detail } as { channel?: string; ts?: string };
        if (!progress.ts) {
          const sentAt = ctx.now();
          const entries = await reminderEntries(ctx, refs, null);
          const msg = reminderMessage(entries, sentAt.getTime(), localDate(now, zone), zone);
          const posted = await dm(client, ownerId, msg.text, msg.blocks);
          await saveProgress(ctx.db, claim.id, posted);
          await recordReminderItems(ctx.db, ownerId, refs, posted.channel, posted.ts, sentAt);
        }
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ownerId, error }, "could not send a reminder");
        await tellAdminsOnce(ctx, client, `reminder-failed:${ownerId}:${error}`, undeliverableNotice({ kind: "reminder", userId: ownerId, error, refs: list.map((p) => p.action.ref) }));
      },
    });
  }
  return items;
};

export const escalationSource: DueSource = async (ctx, client, now) => {
  const settings = ctx.config.reminders;
  const today = localDate(now, ctx.config.timezone);
  const channel = await getSetting(ctx.db, PLAN_CHANNEL);
  const items: DueItem[] = [];
  for (const action of await listActions(ctx.db, { openOnly: true })) {
    const reason = escalationReason({ action, unansweredReminders: await unansweredReminders(ctx.db, action) }, settings, today);
    if (!reason) continue;
    items.push({
      job: `escalation:${action.ref}`,
      slot: weekStart(now, ctx.config.timezone), // once per action per week
      lateness: "none",
      send: async (claim) => {
        const msg = escalationMessage(action, reason, today);
        const progress = { ...claim.detail } as { sponsor?: boolean | string; channel?: boolean };
        if (action.sponsorId && progress.sponsor === undefined) {
          try {
            await dm(client, action.sponsorId, msg.text, msg.blocks);
            progress.sponsor = true;
          } catch (e) {
            if (!isGoneUser(e)) throw e;
            progress.sponsor = (e as { data: { error: string } }).data.error; // the sponsor has left: the channel may still hear
          }
          await saveProgress(ctx.db, claim.id, progress);
        }
        if (channel && !progress.channel) {
          await client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks });
          progress.channel = true;
          await saveProgress(ctx.db, claim.id, progress);
        }
        if (progress.sponsor !== true && !progress.channel) {
          throw new NoRecipient(
            action.sponsorId ? `the sponsor of ${action.ref} cannot get messages (${String(progress.sponsor)}) and no plan channel is set` : `${action.ref} has no sponsor and no plan channel is set`,
          );
        }
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ref: action.ref, error }, "could not send an escalation");
        await tellAdminsOnce(ctx, client, `escalation-failed:${action.ref}:${error}`, undeliverableNotice({ kind: "escalation", ref: action.ref, error }));
      },
    });
  }
  return items;
};

export const figuresDueSource: DueSource = async (ctx, client, now) => {
  const zone = ctx.config.timezone;
  // This runs every tick: a few queries in all, not a few per indicator.
  const [indicators, tracked, recordersByKey] = await Promise.all([listIndicators(ctx.db), keysWithFigures(ctx.db), allRecorders(ctx.db)]);
  const items: DueItem[] = [];
  for (const frequency of FREQUENCIES) {
    const period = latestEndedPeriod(frequency, now, zone);
    const end = periodEndExclusive(period);
    const dueAt = DateTime.fromObject({ year: end.year, month: end.month, day: end.day }, { zone }).plus({ days: ctx.config.reminders.figuresDueDays });
    if (dueAt.toMillis() > now.getTime()) continue;
    const recorded = await keysWithFigures(ctx.db, periodKey(period));
    const missing = new Map<string, string[]>(); // user → lines
    for (const ind of indicators.filter((i) => i.frequency === frequency)) {
      const recorders = recordersByKey.get(ind.key) ?? [];
      // Only indicators the council tracks (it has recorded one, or named recorders).
      if (recorded.has(ind.key) || (!tracked.has(ind.key) && recorders.length === 0)) continue;
      const to = recorders.length ? recorders : ctx.config.adminUserIds;
      for (const user of to) missing.set(user, [...(missing.get(user) ?? []), `• ${ind.name}: \`/kpi ${ind.key} <value> ${periodKey(period)}\``]);
    }
    for (const [user, lines] of missing) {
      items.push({
        job: `figures-due:${user}:${frequency}`,
        slot: periodStartDate(period).toJSDate(), // once per period
        lateness: "none",
        send: async () => {
          const text = `:bar_chart: Figures for ${describePeriod(period)} are due and not yet recorded:\n${lines.join("\n")}`;
          await dm(client, user, text);
        },
        onPermanentFailure: async (error) => {
          ctx.log.warn({ user, error }, "could not send a figures-due reminder");
          await tellAdminsOnce(ctx, client, `figures-due-failed:${user}:${error}`, undeliverableNotice({ kind: "figures-due", userId: user, error }));
        },
      });
    }
  }
  return items;
};

// Reminders to action owners, escalations to sponsors and the plan channel,
// and "figures due" nudges to recorders: each a source of due deliveries.
import { localDate } from "../domain/plan.js";
import { saveProgress } from "../services/deliveries.js";
import { figuresDue } from "../services/figures-due.js";
import { escalationsDue, recordReminderSent, reminderEntries, remindersDue } from "../services/plan-reminders.js";
import { figuresDueText } from "../slack/blocks/kpi.js";
import { escalationMessage, reminderMessage } from "../slack/blocks/plan.js";
import { dm } from "../slack/client.js";
import type { DueItem, DueSource } from "./due.js";

export const reminderSource: DueSource = async (ctx, client, now) => {
  const zone = ctx.config.timezone;
  return (await remindersDue(ctx, now)).map(
    ({ ownerId, slot, refs }): DueItem => ({
      // One message per owner per day, however many actions: the claim is per owner and slot.
      job: `reminder:${ownerId}`,
      slot,
      send: async (claim) => {
        const progress = { ...claim.detail } as { channel?: string; ts?: string };
        if (!progress.ts) {
          const sentAt = ctx.now();
          const entries = await reminderEntries(ctx, refs, null);
          const msg = reminderMessage(entries, sentAt.getTime(), localDate(now, zone), zone);
          const posted = await dm(client, ownerId, msg.text, msg.blocks);
          await saveProgress(ctx, claim.id, posted);
          await recordReminderSent(ctx, ownerId, refs, posted, sentAt);
        }
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ownerId, error }, "could not send a reminder");
      },
    }),
  );
};

export const escalationSource: DueSource = async (ctx, client, now) => {
  const today = localDate(now, ctx.config.timezone);
  const { planChannel: channel, due } = await escalationsDue(ctx, now);
  return due.map(
    ({ action, reason, slot }): DueItem => ({
      job: `escalation:${action.ref}`,
      slot,
      lateness: "none",
      send: async (claim) => {
        const msg = escalationMessage(action, reason, today);
        const progress = { ...claim.detail } as { sponsor?: boolean; channel?: boolean };
        if (action.sponsorId && !progress.sponsor) {
          await dm(client, action.sponsorId, msg.text, msg.blocks);
          progress.sponsor = true;
          await saveProgress(ctx, claim.id, progress);
        }
        if (channel && !progress.channel) {
          await client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks });
          progress.channel = true;
          await saveProgress(ctx, claim.id, progress);
        }
        if (!action.sponsorId && !channel) ctx.log.warn({ ref: action.ref }, "escalation has no sponsor and no plan channel to go to");
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ref: action.ref, error }, "could not send an escalation");
      },
    }),
  );
};

export const figuresDueSource: DueSource = async (ctx, client, now) =>
  (await figuresDue(ctx, now)).map(
    ({ userId, frequency, period, slot, missing }): DueItem => ({
      job: `figures-due:${userId}:${frequency}`,
      slot,
      lateness: "none",
      send: async () => {
        await dm(client, userId, figuresDueText(period, missing));
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ user: userId, error }, "could not send a figures-due reminder");
      },
    }),
  );

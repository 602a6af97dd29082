// Reminders to action owners, escalations to sponsors and the plan channel,
// and "figures due" nudges to recorders: each a source of due deliveries.
import { localDate } from "../domain/plan.js";
import { saveProgress } from "../services/deliveries.js";
import { figuresDue } from "../services/figures-due.js";
import { escalationsDue, recordReminderSent, reminderEntries, remindersDue } from "../services/plan-reminders.js";
import { figuresDueText } from "../slack/blocks/kpi.js";
import { escalationMessage, reminderMessage, undeliverableNotice } from "../slack/blocks/plan.js";
import { dm } from "../slack/client.js";
import type { DueItem, DueSource } from "./due.js";
import { isGoneUser, NoRecipient, tellAdminsOnce } from "./undeliverable.js";

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
        await tellAdminsOnce(ctx, client, `reminder-failed:${ownerId}:${error}`, undeliverableNotice({ kind: "reminder", userId: ownerId, error, refs }));
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
        const progress = { ...claim.detail } as { sponsor?: boolean | string; channel?: boolean };
        if (action.sponsorId && progress.sponsor === undefined) {
          try {
            await dm(client, action.sponsorId, msg.text, msg.blocks);
            progress.sponsor = true;
          } catch (e) {
            if (!isGoneUser(e)) throw e;
            progress.sponsor = (e as { data: { error: string } }).data.error; // the sponsor has left: the channel may still hear
          }
          await saveProgress(ctx, claim.id, progress);
        }
        if (channel && !progress.channel) {
          await client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks });
          progress.channel = true;
          await saveProgress(ctx, claim.id, progress);
        }
        if (progress.sponsor !== true && !progress.channel) {
          throw new NoRecipient(
            action.sponsorId
              ? `the sponsor of ${action.ref} cannot get messages (${String(progress.sponsor)}) and no plan channel is set`
              : `${action.ref} has no sponsor and no plan channel is set`,
          );
        }
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ref: action.ref, error }, "could not send an escalation");
        await tellAdminsOnce(ctx, client, `escalation-failed:${action.ref}:${error}`, undeliverableNotice({ kind: "escalation", ref: action.ref, error }));
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
        await tellAdminsOnce(ctx, client, `figures-due-failed:${userId}:${error}`, undeliverableNotice({ kind: "figures-due", userId, error }));
      },
    }),
  );

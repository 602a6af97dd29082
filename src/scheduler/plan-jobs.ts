// Reminders to action owners, escalations to sponsors and the plan channel,
// risk review reminders to risk owners, and "figures due" nudges to
// recorders: each a source of due deliveries.
import { localDate } from "../domain/plan.js";
import type { Context } from "../services/context.js";
import { saveProgress } from "../services/deliveries.js";
import { figuresDue } from "../services/figures-due.js";
import {
  CHANNEL_ESCALATIONS_JOB,
  channelEscalationsDue,
  escalationsDue,
  type ReminderEntry,
  reminderEntriesOf,
  remindersDue,
} from "../services/plan-reminders.js";
import { actionsInOrder } from "../services/plan-structure.js";
import { riskReviewsDue, riskThemes } from "../services/risks.js";
import { figuresDueText } from "../slack/blocks/kpi.js";
import { channelEscalationsMessage, escalationMessage, reminderMessage, undeliverableNotice } from "../slack/blocks/plan.js";
import { riskReviewMessage } from "../slack/blocks/plan-register.js";
import { dm } from "../slack/direct-messages.js";
import type { DueItem, DueSource } from "./due.js";
import { isGoneUser, NoRecipient, tellAdminsOnce } from "./undeliverable.js";

export const reminderSource: DueSource = async (ctx, client, now) => {
  const zone = ctx.config.timezone;
  const due = await remindersDue(ctx, now);
  // What every due reminder shows, read once for them all (a few queries, not a
  // few per owner), when the first one is claimed: none if another process has sent them all.
  let everyEntry: Promise<Map<string, ReminderEntry>> | null = null;
  const entriesOf = async (refs: string[]) => {
    everyEntry ??= reminderEntriesOf(ctx, [...new Map(due.flatMap((d) => d.actions).map((a) => [a.ref, a])).values()], null).then(
      (es) => new Map(es.map((e) => [e.action.ref, e])),
    );
    const byRef = await everyEntry;
    return refs.flatMap((ref) => byRef.get(ref) ?? []);
  };
  return due.map(({ ownerId, slot, actions }): DueItem => {
    const refs = actions.map((a) => a.ref);
    return {
      // One message per owner per day, however many actions: the claim is per owner and slot.
      job: `reminder:${ownerId}`,
      slot,
      // The actions it covered are recorded with its "sent" mark, in one transaction.
      send: async () => {
        const sentAt = ctx.now();
        const entries = await entriesOf(refs);
        const msg = reminderMessage(entries, sentAt.getTime(), localDate(now, zone), zone);
        const posted = await dm(client, ownerId, msg.text, msg.blocks);
        return { reminder: { ownerId, refs, ...posted, at: sentAt } };
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ownerId, error }, "could not send a reminder");
        await tellAdminsOnce(ctx, client, `reminder-failed:${ownerId}:${error}`, undeliverableNotice({ kind: "reminder", userId: ownerId, error, refs }));
      },
    };
  });
};

/**
 * Escalations to sponsors, once per action per week: a DM each. The plan
 * channel hears of them all in one message (escalationsChannelSource). With
 * neither a sponsor who can be reached nor a plan channel, an escalation has
 * nowhere to go: it is recorded as failed and the admins are told once.
 */
export const escalationSource: DueSource = async (ctx, client, now) => {
  const today = localDate(now, ctx.config.timezone);
  const { planChannel: channel, due } = await escalationsDue(ctx, now);
  return due
    .filter(({ action }) => action.sponsorId || !channel)
    .map(
      ({ action, reason, slot }): DueItem => ({
        job: `escalation:${action.ref}`,
        slot,
        lateness: "none",
        send: async (claim) => {
          const msg = escalationMessage(action, reason, today);
          const progress = { ...claim.detail } as { sponsor?: boolean | string };
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
          if (progress.sponsor !== true && !channel) {
            throw new NoRecipient(
              action.sponsorId
                ? `the sponsor of ${action.ref} cannot get messages (${String(progress.sponsor)}) and no plan channel is set`
                : action.sponsorName
                  ? `the sponsor of ${action.ref} is outside Slack and no plan channel is set`
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

/** The plan channel gets one message per run listing every action newly escalated this week, in the plan's order. */
export const escalationsChannelSource: DueSource = async (ctx, client, now) => {
  const due = await channelEscalationsDue(ctx, now);
  if (!due) return [];
  const today = localDate(now, ctx.config.timezone);
  return [
    {
      job: CHANNEL_ESCALATIONS_JOB,
      slot: due.slot,
      lateness: "none",
      send: async (claim) => {
        // A retry posts the list it first claimed; a later run this week leaves those actions out.
        const saved = claim.detail as { refs?: string[] };
        const items = saved.refs ? await itemsFor(ctx, saved.refs, due.due) : due.due;
        if (!saved.refs) await saveProgress(ctx, claim.id, { refs: items.map((i) => i.action.ref) });
        const msg = channelEscalationsMessage(items, today);
        await client.chat.postMessage({ channel: due.channel, text: msg.text, blocks: msg.blocks });
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ channel: due.channel, error }, "could not post escalations");
        await tellAdminsOnce(
          ctx,
          client,
          `escalations-failed:${due.channel}:${error}`,
          undeliverableNotice({ kind: "escalations", channel: due.channel, error }),
        );
      },
    },
  ];
};

/** The escalations a retry claimed, with their reasons as they are now (or as first given). */
async function itemsFor(ctx: Context, refs: string[], now: { action: { ref: string }; reason: string }[]) {
  const actions = await actionsInOrder(ctx);
  return refs.flatMap((ref) => {
    const action = actions.find((a) => a.ref === ref);
    const reason = now.find((d) => d.action.ref === ref)?.reason ?? "escalated";
    return action ? [{ action, reason }] : [];
  });
}

/** Risk owners are reminded to review their risks: one DM per owner per day, with the day's reminders. */
export const riskReviewSource: DueSource = async (ctx, client, now) => {
  const today = localDate(now, ctx.config.timezone);
  return (await riskReviewsDue(ctx, now)).map(
    ({ ownerId, slot, risks }): DueItem => ({
      job: `risk-review:${ownerId}`,
      slot,
      send: async () => {
        const msg = riskReviewMessage(risks, await riskThemes(ctx), today);
        await dm(client, ownerId, msg.text, msg.blocks);
      },
      onPermanentFailure: async (error) => {
        ctx.log.warn({ ownerId, error }, "could not send a risk review reminder");
        await tellAdminsOnce(
          ctx,
          client,
          `risk-review-failed:${ownerId}:${error}`,
          undeliverableNotice({ kind: "risk-review", userId: ownerId, error, risks: risks.map((r) => `R${r.id}`) }),
        );
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

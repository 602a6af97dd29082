// Find every delivery due at an instant, claim it, send it, mark it. The cron
// tick in the bot and `npm run cli -- run-due` both call this.
import type { WebClient } from "@slack/web-api";
import { decideSlot } from "../domain/digest-schedule.js";
import type { Context } from "../services/context.js";
import { claimDelivery, markFailed, markRetry, markSent, recordMissed } from "../services/deliveries.js";
import { dueDigests } from "../services/digests.js";
import { digestFailedText } from "../slack/blocks/digest.js";
import { dm } from "../slack/client.js";
import { classifySlackError } from "../slack/errors.js";
import { sendDigest } from "./digest-job.js";
import type { DueItem, DueSource } from "./due.js";
import { escalationSource, escalationsChannelSource, figuresDueSource, reminderSource, riskReviewSource } from "./plan-jobs.js";
import { retentionSource } from "./retention-job.js";
import { NoRecipient, tellAdminsOnce } from "./undeliverable.js";

export type { DueItem, DueSource } from "./due.js";

/** Runs of run-due (ticks) after which a transient failure is treated as permanent. */
export const MAX_ATTEMPTS = 10;

export interface RunReport {
  sent: string[];
  late: string[];
  missed: string[];
  retry: string[];
  failed: string[];
}

export const digestSource: DueSource = async (ctx, client, now) =>
  (await dueDigests(ctx, now)).map(
    ({ schedule, slot }): DueItem => ({
      job: `digest:${schedule.id}`,
      slot,
      send: (c) => sendDigest(ctx, client, schedule, c),
      onPermanentFailure: async (error) => {
        const text = digestFailedText(schedule.id, error, schedule.channelId);
        // Its creator may have left: then the admins hear of it instead.
        await dm(client, schedule.createdBy, text).catch(() => tellAdminsOnce(ctx, client, `digest-failed:${schedule.id}:${error}`, text));
      },
    }),
  );

/** `signal`: once aborted (the bot is shutting down), no further delivery is started. */
export async function runDue(ctx: Context, client: WebClient, now: Date, sources: DueSource[] = ALL_SOURCES, signal?: AbortSignal): Promise<RunReport> {
  const report: RunReport = { sent: [], late: [], missed: [], retry: [], failed: [] };
  for (const source of sources) {
    if (signal?.aborted) break;
    for (const item of await source(ctx, client, now)) {
      if (signal?.aborted) break;
      const label = `${item.job}@${item.slot.toISOString()}`;
      const decision = item.lateness === "none" ? "send" : decideSlot(item.slot, now);
      if (decision === "missed") {
        if (await recordMissed(ctx, item.job, item.slot, now)) report.missed.push(label);
        continue;
      }
      const c = await claimDelivery(ctx, item.job, item.slot, decision === "send-late", now);
      if (!c) continue; // sent, or being sent, by someone else
      try {
        await item.send(c);
        await markSent(ctx, c.id, now);
        (c.late ? report.late : report.sent).push(label);
      } catch (e) {
        const failure = e instanceof NoRecipient ? { permanent: true, error: e.message } : classifySlackError(e);
        if (!failure.permanent && c.attempts >= MAX_ATTEMPTS) {
          failure.permanent = true;
          failure.error = `${failure.error} (gave up after ${c.attempts} attempts)`;
        }
        if (failure.permanent) {
          await markFailed(ctx, c.id, failure.error);
          report.failed.push(`${label}: ${failure.error}`);
          ctx.log.warn({ job: item.job, error: failure.error }, "delivery failed permanently");
          await item.onPermanentFailure(failure.error).catch((err: unknown) => ctx.log.error({ job: item.job, err }, "could not report a failed delivery"));
        } else {
          await markRetry(ctx, c.id, failure.error);
          report.retry.push(`${label}: ${failure.error}`);
          ctx.log.warn({ job: item.job, error: failure.error }, "delivery failed; will retry on the next tick");
        }
      }
    }
  }
  return report;
}

export const ALL_SOURCES: DueSource[] = [
  digestSource,
  reminderSource,
  escalationSource,
  escalationsChannelSource,
  riskReviewSource,
  figuresDueSource,
  retentionSource,
];

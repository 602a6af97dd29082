// Find every delivery due at an instant, claim it, send it, mark it. The cron
// tick in the bot and `npm run cli -- run-due` both call this.
import type { WebClient } from "@slack/web-api";
import { decideSlot } from "../domain/digest-schedule.js";
import { warmChartPool } from "../services/chart-pool.js";
import type { Context } from "../services/context.js";
import { type DeliveryLedger, deliveryLedger, markFailed, markRetry, recordMissed } from "../services/deliveries.js";
import { digestRun } from "../services/digest-run.js";
import { dueDigests } from "../services/digests.js";
import { digestFailedText } from "../slack/blocks/digest.js";
import { dm } from "../slack/direct-messages.js";
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

export const digestSource: DueSource = async (ctx, client, now) => {
  const run = digestRun(ctx); // the digests due now share their content and charts
  const due = await dueDigests(ctx, now);
  if (due.length) warmChartPool();
  return due.map(
    ({ schedule, slot }): DueItem => ({
      job: `digest:${schedule.id}`,
      slot,
      send: (c) => sendDigest(ctx, client, schedule, c, run),
      onPermanentFailure: async (error) => {
        const text = digestFailedText(schedule.id, error, schedule.channelId);
        // Its creator may have left: then the admins hear of it instead.
        await dm(client, schedule.createdBy, text).catch(() => tellAdminsOnce(ctx, client, `digest-failed:${schedule.id}:${error}`, text));
      },
    }),
  );
};

/**
 * Deliveries of one source under way at once, at most. Each waits on Slack
 * most of its time (and on Slack's limit of about a post a second in a
 * channel), so 50 channels' digests or 200 people's reminders go out
 * together rather than one after another. The Web API client itself keeps at
 * most 100 requests in flight, queues the rest, and waits out each 429's
 * Retry-After before sending that call again, so nothing is lost or sent
 * twice; this bound only keeps a very large run's pending work in memory in check.
 */
export const DELIVERIES_AT_ONCE = 256;

type Outcome = { list: keyof RunReport; line: string } | null;

/** Runs `fn` over the items, `limit` at a time; results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function deliver(ctx: Context, ledger: DeliveryLedger, item: DueItem, now: Date): Promise<Outcome> {
  const label = `${item.job}@${item.slot.toISOString()}`;
  const decision = item.lateness === "none" ? "send" : decideSlot(item.slot, now);
  if (decision === "missed") return (await recordMissed(ctx, item.job, item.slot, now)) ? { list: "missed", line: label } : null;
  const c = await ledger.claim(item.job, item.slot, decision === "send-late");
  if (!c) return null; // sent, or being sent, by someone else
  try {
    const record = await item.send(c);
    await ledger.markSent({ id: c.id, ...record });
    return { list: c.late ? "late" : "sent", line: label };
  } catch (e) {
    const failure = e instanceof NoRecipient ? { permanent: true, error: e.message } : classifySlackError(e);
    if (!failure.permanent && c.attempts >= MAX_ATTEMPTS) {
      failure.permanent = true;
      failure.error = `${failure.error} (gave up after ${c.attempts} attempts)`;
    }
    if (failure.permanent) {
      await markFailed(ctx, c.id, failure.error);
      ctx.log.warn({ job: item.job, error: failure.error }, "delivery failed permanently");
      await item.onPermanentFailure(failure.error).catch((err: unknown) => ctx.log.error({ job: item.job, err }, "could not report a failed delivery"));
      return { list: "failed", line: `${label}: ${failure.error}` };
    }
    await markRetry(ctx, c.id, failure.error);
    ctx.log.warn({ job: item.job, error: failure.error }, "delivery failed; will retry on the next tick");
    return { list: "retry", line: `${label}: ${failure.error}` };
  }
}

/** `signal`: once aborted (the bot is shutting down), no further delivery is started. Sources run in turn; a source's deliveries at once. */
export async function runDue(ctx: Context, client: WebClient, now: Date, sources: DueSource[] = ALL_SOURCES, signal?: AbortSignal): Promise<RunReport> {
  const report: RunReport = { sent: [], late: [], missed: [], retry: [], failed: [] };
  const ledger = deliveryLedger(ctx, now);
  for (const source of sources) {
    if (signal?.aborted) break;
    const items = await source(ctx, client, now);
    const outcomes = await inParallel(items, DELIVERIES_AT_ONCE, (item) => (signal?.aborted ? Promise.resolve(null) : deliver(ctx, ledger, item, now)));
    for (const o of outcomes) if (o) report[o.list].push(o.line);
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

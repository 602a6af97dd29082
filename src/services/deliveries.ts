// The scheduler's bookkeeping, so that each (job, slot) is sent once: claim it,
// save a multi-step send's progress, then mark it sent, to retry, failed or missed.
import DataLoader from "dataloader";
import * as store from "../db/deliveries.js";
import { listAdmins } from "../db/roles.js";
import type { Context } from "./context.js";

export type { Claim, Sent, SentReminder } from "../db/deliveries.js";

export const claimDelivery = (ctx: Context, job: string, slot: Date, late: boolean, now: Date) =>
  store.claim(ctx.db, job, slot, late, now, ctx.config.deliveries.leaseMs);
export const saveProgress = (ctx: Context, id: number, detail: Record<string, unknown>) => store.saveProgress(ctx.db, id, detail);
export const markSent = (ctx: Context, id: number, now: Date) => store.markSent(ctx.db, [{ id }], now);
export const markRetry = (ctx: Context, id: number, error: string) => store.markRetry(ctx.db, id, error);
export const markFailed = (ctx: Context, id: number, error: string) => store.markFailed(ctx.db, id, error);
export const recordMissed = (ctx: Context, job: string, slot: Date, now: Date) => store.recordMissed(ctx.db, job, slot, now);

/** Claims and "sent" marks of one run, written together (see deliveryLedger). */
export interface DeliveryLedger {
  claim(job: string, slot: Date, late: boolean): Promise<store.Claim | null>;
  markSent(sent: store.Sent): Promise<void>;
}

/** The most claims or marks written in one statement. */
const BATCH = 500;

/**
 * The ledger for one run at instant `now`. A run's deliveries are claimed and
 * marked sent by the hundred: each would otherwise be a write of its own (a
 * commit each on SQLite, where writes go one at a time), and those writes, not
 * Slack, set the pace of a run of 200 reminders. Claims and marks asked for
 * before the event loop next checks for I/O go out as one batch (dataloader).
 * A batch of marks that fails (an action deleted meanwhile, so its reminder's
 * record cannot be written) is written one by one, so the others still count as sent.
 */
export function deliveryLedger(ctx: Context, now: Date): DeliveryLedger {
  const options = { cache: false, maxBatchSize: BATCH, batchScheduleFn: (flush: () => void) => setImmediate(flush) };
  const claims = new DataLoader<store.ClaimRequest, store.Claim | null>(
    (requests) => store.claimAll(ctx.db, requests, now, ctx.config.deliveries.leaseMs),
    options,
  );
  const marks = new DataLoader<store.Sent, void>(async (sent) => {
    try {
      await store.markSent(ctx.db, sent, now);
      return sent.map(() => undefined);
    } catch (e) {
      if (sent.length === 1) throw e;
      return Promise.all(sent.map((s) => store.markSent(ctx.db, [s], now).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
    }
  }, options);
  return { claim: (job, slot, late) => claims.load({ job, slot, late }), markSent: (sent) => marks.load(sent) };
}

/** Who hears of a delivery that could not go anywhere: every admin, from the settings and from Slack. */
export const adminsToTell = async (ctx: Context): Promise<string[]> => (await listAdmins(ctx.db, ctx.config.adminUserIds)).map((a) => a.userId);

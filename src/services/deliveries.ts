// The scheduler's bookkeeping, so that each (job, slot) is sent once: claim it,
// save a multi-step send's progress, then mark it sent, to retry, failed or missed.
import * as store from "../db/deliveries.js";
import { listAdmins } from "../db/roles.js";
import type { Context } from "./context.js";

export type { Claim } from "../db/deliveries.js";

export const claimDelivery = (ctx: Context, job: string, slot: Date, late: boolean, now: Date) =>
  store.claim(ctx.db, job, slot, late, now, ctx.config.deliveries.leaseMs);
export const saveProgress = (ctx: Context, id: number, detail: Record<string, unknown>) => store.saveProgress(ctx.db, id, detail);
export const markSent = (ctx: Context, id: number, now: Date) => store.markSent(ctx.db, id, now);
export const markRetry = (ctx: Context, id: number, error: string) => store.markRetry(ctx.db, id, error);
export const markFailed = (ctx: Context, id: number, error: string) => store.markFailed(ctx.db, id, error);
export const recordMissed = (ctx: Context, job: string, slot: Date, now: Date) => store.recordMissed(ctx.db, job, slot, now);

/** Who hears of a delivery that could not go anywhere: every admin, from the settings and from Slack. */
export const adminsToTell = async (ctx: Context): Promise<string[]> => (await listAdmins(ctx.db, ctx.config.adminUserIds)).map((a) => a.userId);

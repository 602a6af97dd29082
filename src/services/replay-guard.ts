// Slack's replay rule across replicas: a signed request is applied once,
// whichever replica behind the load balancer it reaches, because the signatures
// taken are kept in the shared database rather than in each process. A request
// can be replayed only while its timestamp is within five minutes of now, so a
// signature is kept until then (and a margin), and expired ones are purged.
// Each process first screens requests in its own memory (slack/replay-memory.ts,
// on the thread that acks); this is the second, shared step, made after the ack.
import { purgeExpiredSignatures, takeSignature } from "../db/seen-requests.js";
import type { Context } from "./context.js";

/** Purge expired signatures at most this often, per process, off the request's path. */
const PURGE_EVERY_MS = 60_000;

/** True the first time any replica takes the signature (by its hash), false for a replay another has taken. */
export type SharedReplayCheck = (signatureHash: string, nowS: number) => Promise<boolean>;

/**
 * `keepS`: how long a signature must be remembered (twice Slack's allowed clock
 * skew). While the database cannot be reached, this process's own memory
 * stands in: a replay could then reach another replica, but nothing can be
 * written meanwhile, and the user is told the database cannot be reached.
 */
export function sharedReplayCheck(ctx: Context, keepS: number): SharedReplayCheck {
  let lastPurge = 0;
  return async (hash, nowS) => {
    const now = new Date(nowS * 1000);
    if (now.getTime() - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now.getTime();
      purgeExpiredSignatures(ctx.db, now).catch((e: unknown) => ctx.log.warn({ err: e }, "could not purge expired request signatures"));
    }
    try {
      return await takeSignature(ctx.db, hash, now, new Date((nowS + keepS) * 1000));
    } catch (e) {
      ctx.log.warn({ err: e }, "replay guard: the database did not answer; this process's memory stands in");
      return true;
    }
  };
}

// Slack's replay rule across replicas: a signed request is applied once,
// whichever replica behind the load balancer it reaches, because the signatures
// taken are kept in the shared database rather than in each process. A request
// can be replayed only while its timestamp is within five minutes of now, so a
// signature is kept until then (and a margin), and expired ones are purged.
import { createHash } from "node:crypto";
import { purgeExpiredSignatures, takeSignature } from "../db/seen-requests.js";
import type { Context } from "./context.js";

/** Purge expired signatures at most this often, per process, off the request's path. */
const PURGE_EVERY_MS = 60_000;

/** A request's signature checked against the replay guard: in two steps, so that the ack never waits for the database. */
export interface ReplayGuard {
  /**
   * This process's memory, at once: null when this process has seen the
   * signature already (a replay: answer it, apply nothing), else the shared
   * check to make before anything is applied: true the first time any replica
   * takes the signature.
   */
  screen(signature: string, nowS: number): (() => Promise<boolean>) | null;
}

/**
 * `keepS`: how long a signature must be remembered (twice Slack's allowed clock
 * skew). While the database cannot be reached, this process's own memory
 * stands in: a replay could then reach another replica, but nothing can be
 * written meanwhile, and the user is told the database cannot be reached.
 */
export function sharedReplayGuard(ctx: Context, keepS: number): ReplayGuard {
  let lastPurge = 0;
  const local = new Map<string, number>();
  const seenHere = (hash: string, nowS: number): boolean => {
    // A Map keeps insertion order, which is expiry order here (each entry is
    // kept keepS from its first sight), so the expired ones are at the front:
    // dropping them costs what expired, not a pass over everything kept (at a
    // few hundred requests a second, 100,000 entries a request).
    for (const [k, until] of local) {
      if (until >= nowS) break;
      local.delete(k);
    }
    const until = local.get(hash);
    if (until !== undefined && until >= nowS) return true;
    local.delete(hash); // (an expired entry left behind by a clock set back) then to the end, in order
    local.set(hash, nowS + keepS);
    return false;
  };
  const shared = async (hash: string, nowS: number): Promise<boolean> => {
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
  return {
    screen(signature, nowS) {
      const hash = createHash("sha256").update(signature).digest("hex");
      if (seenHere(hash, nowS)) return null;
      return () => shared(hash, nowS);
    },
  };
}

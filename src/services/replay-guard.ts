// Slack's replay rule across replicas: a signed request is applied once,
// whichever replica behind the load balancer it reaches, because the signatures
// seen are kept in the shared database rather than in each process. A request
// can be replayed only while its timestamp is within five minutes of now, so a
// signature is kept until then (and a margin), and expired ones are purged.
import { createHash } from "node:crypto";
import { purgeExpiredSignatures, takeSignature } from "../db/seen-requests.js";
import type { Context } from "./context.js";

/** Purge expired signatures at most this often, per process, off the request's path. */
const PURGE_EVERY_MS = 60_000;

/** `keepS`: how long a signature must be remembered (twice Slack's allowed clock skew). */
export function sharedReplayGuard(ctx: Context, keepS: number): (signature: string, nowS: number) => Promise<boolean> {
  let lastPurge = 0;
  return async (signature, nowS) => {
    const now = new Date(nowS * 1000);
    if (now.getTime() - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now.getTime();
      purgeExpiredSignatures(ctx.db, now).catch((e: unknown) => ctx.log.warn({ err: e }, "could not purge expired request signatures"));
    }
    const hash = createHash("sha256").update(signature).digest("hex");
    return takeSignature(ctx.db, hash, now, new Date((nowS + keepS) * 1000));
  };
}

// The first half of Slack's replay rule, kept by the thread that takes
// requests (front/thread.ts): a signature this process has seen within its
// keeping time is a replay, answered and not applied. Pure and in memory, so
// that the ack never waits for it; the shared half (services/replay-guard.ts)
// is asked later, on the bot's thread, before anything is applied.
import { createHash } from "node:crypto";

export interface ReplayMemory {
  /** The signature's hash, or null when this process has seen it within its keeping time (a replay). */
  screen(signature: string, nowS: number): string | null;
}

/** `keepS`: how long a signature must be remembered (twice Slack's allowed clock skew). */
export function replayMemory(keepS: number): ReplayMemory {
  const seen = new Map<string, number>();
  return {
    screen(signature, nowS) {
      const hash = createHash("sha256").update(signature).digest("hex");
      // A Map keeps insertion order, which is expiry order here (each entry is
      // kept keepS from its first sight), so the expired ones are at the front:
      // dropping them costs what expired, not a pass over everything kept (at a
      // few hundred requests a second, 100,000 entries a request).
      for (const [k, until] of seen) {
        if (until >= nowS) break;
        seen.delete(k);
      }
      const until = seen.get(hash);
      if (until !== undefined && until >= nowS) return null;
      seen.delete(hash); // (an expired entry left behind by a clock set back) then to the end, in order
      seen.set(hash, nowS + keepS);
      return hash;
    },
  };
}

// Slack's Web API rate limits, as Slack documents them (api.slack.com/apis/rate-limits
// and each method's "Rate limits" fact), for a fake Slack that answers as the real one
// does when an app goes too fast: HTTP 429, `Retry-After: <whole seconds>`.
//
// - chat.postMessage: 1 message a second per channel (its "special" tier).
// - Tier 1, 2, 3, 4 methods: 1, 20, 50, 100 calls a minute per method (Slack's
//   documented minimums, "+" in its table). Slack allows bursts; here a method
//   may spend a minute's calls at once and then gets them back evenly over the
//   minute (a token bucket holding one minute's worth).
// Off unless asked for (SlackEmulator.rateLimits): the tests and the sandbox
// never wait; the benchmarks (bench/) turn it on.

/** Calls a minute for each tier. */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_PER_MINUTE;

/** The documented tier of the methods the bot calls (methods not listed are not limited here). */
export const METHOD_TIERS: Readonly<Record<string, Tier>> = {
  "chat.postEphemeral": 4,
  "chat.update": 3,
  "chat.delete": 3,
  "conversations.open": 3,
  "conversations.info": 3,
  "users.info": 4,
  "users.lookupByEmail": 3,
  "views.open": 4,
  "views.push": 4,
  "views.update": 4,
  "views.publish": 4,
  "files.getUploadURLExternal": 4,
  "files.completeUploadExternal": 4,
};

/** chat.postMessage: one message a second to any one channel. */
export const POSTS_PER_SECOND_PER_CHANNEL = 1;

interface Bucket {
  tokens: number;
  at: number;
}

/** A bucket of `capacity` calls refilled at `perSecond`; null when a call may go now, else the seconds until one may. */
function take(buckets: Map<string, Bucket>, key: string, capacity: number, perSecond: number, nowMs: number): number | null {
  const b = buckets.get(key) ?? { tokens: capacity, at: nowMs };
  b.tokens = Math.min(capacity, b.tokens + ((nowMs - b.at) / 1000) * perSecond);
  b.at = nowMs;
  buckets.set(key, b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return null;
  }
  return (1 - b.tokens) / perSecond;
}

export interface RateLimitVerdict {
  /** The limit that refused the call, e.g. "chat.postMessage C0123" or "tier 3 conversations.open". */
  limit: string;
  /** The Retry-After header: whole seconds, at least 1, never less than the real wait. */
  retryAfter: number;
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Spend a call of `method` (to `channel`, for chat.postMessage); null if allowed, else why and how long to wait. */
  check(method: string, channel: string): RateLimitVerdict | null {
    const now = this.clock();
    if (method === "chat.postMessage") {
      const wait = take(this.buckets, `post:${channel}`, 1, POSTS_PER_SECOND_PER_CHANNEL, now);
      return wait === null ? null : { limit: `chat.postMessage ${channel}`, retryAfter: Math.max(1, Math.ceil(wait)) };
    }
    const tier = METHOD_TIERS[method];
    if (tier === undefined) return null;
    const perMinute = TIER_PER_MINUTE[tier];
    const wait = take(this.buckets, `tier:${method}`, perMinute, perMinute / 60, now);
    return wait === null ? null : { limit: `tier ${tier} ${method}`, retryAfter: Math.max(1, Math.ceil(wait)) };
  }

  /** Every bucket full again, as after a quiet minute. */
  reset(): void {
    this.buckets.clear();
  }
}

/**
 * The least time, in seconds, in which these calls can all be made under the
 * limits above, however cleverly they are spread: the per-channel posts and
 * each tier's bucket, whichever binds. 0 when none binds.
 */
export function leastTimeSeconds(calls: { method: string; channel?: string }[]): number {
  const perKey = new Map<string, { n: number; capacity: number; perSecond: number }>();
  for (const c of calls) {
    let key: string;
    let capacity: number;
    let perSecond: number;
    if (c.method === "chat.postMessage") {
      key = `post:${c.channel ?? ""}`;
      capacity = 1;
      perSecond = POSTS_PER_SECOND_PER_CHANNEL;
    } else {
      const tier = METHOD_TIERS[c.method];
      if (tier === undefined) continue;
      key = `tier:${c.method}`;
      capacity = TIER_PER_MINUTE[tier];
      perSecond = capacity / 60;
    }
    const k = perKey.get(key) ?? { n: 0, capacity, perSecond };
    k.n += 1;
    perKey.set(key, k);
  }
  let least = 0;
  for (const { n, capacity, perSecond } of perKey.values()) least = Math.max(least, Math.max(0, n - capacity) / perSecond);
  return least;
}

// The scheduler's early wake: whatever the period and however late the kernel
// lets each sleep end, the last sleep before every run is short.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextWakeMs, WAKE_LEAD_MS } from "../../src/scheduler/cron.js";

/** Linux's slack on a poll's time-out for a thread at nice > 0: 0.5% of it, at most 100 ms. */
const slack = (sleepMs: number, fraction: number) => Math.min(100, sleepMs * 0.005 * fraction);

describe("waking before each run", () => {
  it("leaves no run after a sleep longer than the lead and its slack, however late each sleep ends", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3600 }), // seconds between runs
        fc.integer({ min: 0, max: 3_600_000 }), // start, ms
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }), // how much of its slack each sleep uses
        (periodS, start, lateness) => {
          const period = periodS * 1000;
          const msToNext = (t: number) => period - (t % period) || period;
          let t = start;
          for (let i = 0; i < 200; i++) {
            const sleep = nextWakeMs(msToNext(t));
            const woke = t + sleep + slack(sleep, lateness[i % lateness.length]!);
            const runsPassed = Math.floor(woke / period) - Math.floor(t / period);
            // A run fell inside this sleep: then the sleep must have been a short one.
            if (runsPassed > 0) expect(sleep).toBeLessThanOrEqual(WAKE_LEAD_MS + 1);
            expect(runsPassed).toBeLessThanOrEqual(1); // never sleeps through a run and the next
            t = woke;
          }
        },
      ),
    );
  });

  it("wakes a lead before a run that is far off, and just after one that is near", () => {
    expect(nextWakeMs(60_000)).toBe(60_000 - WAKE_LEAD_MS);
    expect(nextWakeMs(400)).toBe(401);
  });
});

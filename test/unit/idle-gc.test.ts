// The collection once the bot goes quiet: once after each burst of work, never
// while it works, never again while it stays idle.
import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUSY_MS, collectWhenQuiet, type IdleState, nextIdleStep, QUIET_MS } from "../../src/idle-gc.js";
import { createLogger } from "../../src/log.js";

const quietLog = createLogger("error", new Writable({ write: (_c, _e, done) => done() }));

describe("collecting once quiet", () => {
  it("collects in the first quiet window after work, and only then", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 60 }), (windows) => {
        let state: IdleState = { dirty: false };
        let workSinceCollection = false;
        for (const active of windows) {
          const step = nextIdleStep(state, active);
          state = step.state;
          if (step.collect) {
            expect(active).toBeLessThan(QUIET_MS); // never while working
            expect(workSinceCollection).toBe(true); // never twice for one burst
            workSinceCollection = false;
          } else if (active < QUIET_MS && workSinceCollection) {
            throw new Error("a quiet window after work passed without a collection");
          }
          if (active >= BUSY_MS) workSinceCollection = true;
        }
      }),
    );
  });

  it("collects once after a burst on the event loop, then leaves an idle loop alone", async () => {
    let collections = 0;
    const idle = collectWhenQuiet(quietLog, () => collections++, 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 250)); // start-up counts as work: one collection
      const before = collections;
      const until = performance.now() + 3 * BUSY_MS;
      while (performance.now() < until); // a burst of work
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(collections).toBe(before + 1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(collections).toBe(before + 1);
    } finally {
      idle.stop();
    }
  });

  it("does nothing without a garbage collector to call (node without --expose-gc)", () => {
    expect(() => collectWhenQuiet(quietLog, undefined, 10).stop()).not.toThrow();
  });
});

// The replay guard's memory (slack/replay-memory.ts): a signature seen within keepS
// seconds of its first sight is a replay; after that it is new again. The
// shared, database half is covered end to end (test/e2e/http.test.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayMemory } from "../../src/slack/replay-memory.js";

const KEEP_S = 600;
const guard = () => replayMemory(KEEP_S);

describe("the replay guard's memory", () => {
  it("calls a signature seen again within its keeping time a replay, and new once that has passed", () => {
    const g = guard();
    expect(g.screen("v0=aa", 1000)).not.toBeNull();
    expect(g.screen("v0=aa", 1000 + KEEP_S)).toBeNull();
    expect(g.screen("v0=bb", 1000 + KEEP_S)).not.toBeNull();
    expect(g.screen("v0=aa", 1001 + KEEP_S)).not.toBeNull(); // expired: new again
    expect(g.screen("v0=aa", 1002 + KEEP_S)).toBeNull();
    expect(g.screen("v0=bb", 1001 + KEEP_S)).toBeNull();
  });

  it("still knows a replay when the clock is set back a little", () => {
    const g = guard();
    expect(g.screen("v0=aa", 2000)).not.toBeNull();
    expect(g.screen("v0=bb", 2010)).not.toBeNull();
    expect(g.screen("v0=aa", 1990)).toBeNull();
    expect(g.screen("v0=bb", 1995)).toBeNull();
  });

  it("agrees with a plain model for any sequence of signatures and times", () => {
    const step = fc.record({ sig: fc.constantFrom("a", "b", "c", "d", "e"), dt: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const g = guard();
        const firstSeen = new Map<string, number>();
        let now = 10_000;
        for (const { sig, dt } of steps) {
          now += dt;
          const seen = firstSeen.get(sig);
          const replay = seen !== undefined && seen + KEEP_S >= now;
          if (!replay) firstSeen.set(sig, now);
          expect(g.screen(sig, now) === null).toBe(replay);
        }
      }),
    );
  });
});

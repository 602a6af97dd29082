// The scheduler's tick and a run made "alone" (the sandbox's "run what is due
// now"): the run waits for a tick under way, and no tick starts while it runs,
// so its report is all that was due, not what a tick claimed first.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Scheduler, startScheduler } from "../../src/scheduler/cron.js";
import type { DueSource } from "../../src/scheduler/due.js";
import { createWebClient } from "../../src/slack/client.js";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
let scheduler: Scheduler | null = null;
beforeEach(async () => {
  h = await startHarness({ env: { DELIVERY_CHECK_SECONDS: "1" } });
});
afterEach(async () => {
  await scheduler?.stop(2000);
  scheduler = null;
  await h.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a run alone", () => {
  it("waits for the tick under way, and no tick starts until it ends", async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let ticks = 0;
    // A source that records each tick; the first holds until released.
    const source: DueSource = async () => {
      ticks++;
      events.push(`tick ${ticks} starts`);
      if (ticks === 1) await held;
      events.push(`tick ${ticks} ends`);
      return [];
    };
    scheduler = startScheduler(h.ctx, createWebClient(h.ctx.config, h.ctx.log), [source]);
    await h.fake.waitFor(() => ticks === 1, "the first tick");

    const alone = scheduler.alone(async () => {
      events.push("alone starts");
      const before = ticks;
      await sleep(2500); // two ticks' time (DELIVERY_CHECK_SECONDS=1)
      events.push(`alone ends (${ticks - before} ticks meanwhile)`);
      return "done";
    });
    await sleep(50);
    expect(events).toEqual(["tick 1 starts"]); // still waiting for the tick
    release();
    expect(await alone).toBe("done");
    expect(events).toEqual(["tick 1 starts", "tick 1 ends", "alone starts", "alone ends (0 ticks meanwhile)"]);
    // Ticks carry on afterwards.
    await h.fake.waitFor(() => ticks >= 2, "a tick after the run", 3000);
  });
});

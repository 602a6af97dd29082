import { describe, expect, it } from "vitest";
import { type DigestScheduleSpec, decideSlot, latestSlot, nextSlot, parseDigestSchedule } from "../../src/domain/digest-schedule.js";

const zone = "Europe/London";
const mon9: DigestScheduleSpec = { cadence: "weekly", dayOfWeek: 1, time: "09:00" };

describe("weekly slots in UK time", () => {
  it("fires at 08:00 UTC in summer and 09:00 UTC in winter", () => {
    expect(latestSlot(mon9, new Date("2017-07-10T12:00:00Z"), zone).toISOString()).toBe("2017-07-10T08:00:00.000Z");
    expect(latestSlot(mon9, new Date("2017-01-09T12:00:00Z"), zone).toISOString()).toBe("2017-01-09T09:00:00.000Z");
  });

  it("crosses the March change (clocks forward on Sunday 26 March 2017) without skipping or doubling", () => {
    const before = nextSlot(mon9, new Date("2017-03-20T09:30:00Z"), zone); // after Monday 20 March's slot
    expect(before.toISOString()).toBe("2017-03-27T08:00:00.000Z"); // 09:00 BST
    const slots = [];
    let t = new Date("2017-03-13T00:00:00Z");
    for (let i = 0; i < 4; i++) {
      t = nextSlot(mon9, t, zone);
      slots.push(t.toISOString());
    }
    expect(slots).toEqual(["2017-03-13T09:00:00.000Z", "2017-03-20T09:00:00.000Z", "2017-03-27T08:00:00.000Z", "2017-04-03T08:00:00.000Z"]);
  });

  it("crosses the October change (clocks back on Sunday 29 October 2017)", () => {
    const slots = [];
    let t = new Date("2017-10-16T00:00:00Z");
    for (let i = 0; i < 3; i++) {
      t = nextSlot(mon9, t, zone);
      slots.push(t.toISOString());
    }
    expect(slots).toEqual(["2017-10-16T08:00:00.000Z", "2017-10-23T08:00:00.000Z", "2017-10-30T09:00:00.000Z"]);
  });

  it("gives one slot for a time the autumn change repeats, and a real slot for one spring skips", () => {
    const sunday130: DigestScheduleSpec = { cadence: "weekly", dayOfWeek: 7, time: "01:30" };
    // 29 Oct 2017 01:30 happens twice; luxon resolves it to one instant (the GMT one), so it is sent once.
    expect(latestSlot(sunday130, new Date("2017-10-29T03:00:00Z"), zone).toISOString()).toBe("2017-10-29T01:30:00.000Z");
    // 26 Mar 2017 01:30 does not exist; the slot moves forward to 02:30 BST (01:30 UTC), still once.
    expect(latestSlot(sunday130, new Date("2017-03-26T03:00:00Z"), zone).toISOString()).toBe("2017-03-26T01:30:00.000Z");
  });

  it("is stable: the latest slot at a slot is that slot", () => {
    const at = new Date("2017-10-30T09:00:00Z");
    expect(latestSlot(mon9, at, zone).getTime()).toBe(at.getTime());
    expect(latestSlot(mon9, new Date(at.getTime() - 1), zone).toISOString()).toBe("2017-10-23T08:00:00.000Z");
  });
});

describe("monthly slots", () => {
  it("fires on the day of the month", () => {
    const spec: DigestScheduleSpec = { cadence: "monthly", dayOfMonth: 1, time: "09:00" };
    expect(latestSlot(spec, new Date("2017-07-15T00:00:00Z"), zone).toISOString()).toBe("2017-07-01T08:00:00.000Z");
    expect(nextSlot(spec, new Date("2017-12-15T00:00:00Z"), zone).toISOString()).toBe("2018-01-01T09:00:00.000Z");
  });
});

describe("late and missed", () => {
  const slot = new Date("2017-07-10T08:00:00Z");
  it("sends on time, late under a day, and records older as missed", () => {
    expect(decideSlot(slot, new Date("2017-07-10T08:01:00Z"))).toBe("send");
    expect(decideSlot(slot, new Date("2017-07-10T20:00:00Z"))).toBe("send-late");
    expect(decideSlot(slot, new Date("2017-07-11T07:59:59Z"))).toBe("send-late");
    expect(decideSlot(slot, new Date("2017-07-11T08:00:00Z"))).toBe("missed");
  });
});

describe("parseDigestSchedule", () => {
  it("reads weekly and monthly forms", () => {
    expect(parseDigestSchedule(["weekly", "Mon", "9:00"])).toEqual({ ok: true, value: { cadence: "weekly", dayOfWeek: 1, time: "09:00" } });
    expect(parseDigestSchedule(["monthly", "28", "17:30"])).toEqual({ ok: true, value: { cadence: "monthly", dayOfMonth: 28, time: "17:30" } });
  });
});

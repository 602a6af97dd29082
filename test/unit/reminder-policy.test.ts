import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Action } from "../../src/domain/plan.js";
import { actionRag, daysBetween, parseNewDueDate } from "../../src/domain/plan.js";
import { planTree } from "../../src/domain/plan-structure.js";
import { planSummary } from "../../src/domain/plan-summary.js";
import { actionsToRemind, escalationReason, latestReminderSlot, weekStart } from "../../src/domain/reminder-policy.js";
import { planAction, REMINDER_SETTINGS as settings } from "../support/fixtures.js";

const zone = "Europe/London";
const action = (ref: string, due: string, over: Partial<Action> = {}): Action => planAction(ref, { due, ...over });

// Monday 2 November 2026, 10:00 GMT
const mondaySlot = new Date("2026-11-02T10:00:00Z");
const refs = (m: Map<string, { action: Action }[]>) =>
  [...m.values()]
    .flat()
    .map((p) => p.action.ref)
    .sort();

describe("the weekly reminder", () => {
  it("covers open actions due within 14 days, and overdue ones", () => {
    const picks = actionsToRemind(
      [action("due-in-14", "2026-11-16"), action("due-in-15", "2026-11-17"), action("overdue", "2026-10-01"), action("due-today", "2026-11-02")],
      settings,
      mondaySlot,
      zone,
    );
    expect(refs(picks)).toEqual(["due-in-14", "due-today", "overdue"]);
    expect(picks.get("U0OWNER0001")!.find((p) => p.action.ref === "overdue")!.reason).toBe("overdue");
  });

  it("never reminds about done actions", () => {
    expect(refs(actionsToRemind([action("done", "2026-11-05", { status: "done" })], settings, mondaySlot, zone))).toEqual([]);
  });

  it("skips an action its owner updated in the last 3 days", () => {
    const picks = actionsToRemind(
      [
        action("fresh", "2026-11-05", { lastUpdateAt: new Date("2026-10-31T10:00:01Z") }),
        action("stale", "2026-11-05", { lastUpdateAt: new Date("2026-10-30T09:59:59Z") }),
      ],
      settings,
      mondaySlot,
      zone,
    );
    expect(refs(picks)).toEqual(["stale"]);
  });

  it("puts several actions in one message per owner", () => {
    const picks = actionsToRemind(
      [action("a", "2026-11-10"), action("b", "2026-11-04"), action("c", "2026-11-06", { ownerId: "U0OTHER0001" })],
      settings,
      mondaySlot,
      zone,
    );
    expect(picks.get("U0OWNER0001")!.map((p) => p.action.ref)).toEqual(["b", "a"]); // due soonest first
    expect(picks.size).toBe(2);
  });
});

describe("reminders before the due date", () => {
  const wednesday = new Date("2026-11-04T10:00:00Z");
  it("sends one 7 days and one 1 day before, on other days than the weekly one", () => {
    expect(refs(actionsToRemind([action("in7", "2026-11-11"), action("in1", "2026-11-05"), action("in3", "2026-11-07")], settings, wednesday, zone))).toEqual([
      "in1",
      "in7",
    ]);
  });
});

describe("the reminder slot in UK time", () => {
  it("is 10:00 UK time on both sides of the March and October changes", () => {
    expect(latestReminderSlot(settings, new Date("2026-03-23T12:00:00Z"), zone).toISOString()).toBe("2026-03-23T10:00:00.000Z"); // GMT
    expect(latestReminderSlot(settings, new Date("2026-03-30T12:00:00Z"), zone).toISOString()).toBe("2026-03-30T09:00:00.000Z"); // BST
    expect(latestReminderSlot(settings, new Date("2026-10-19T12:00:00Z"), zone).toISOString()).toBe("2026-10-19T09:00:00.000Z"); // BST
    expect(latestReminderSlot(settings, new Date("2026-10-26T12:00:00Z"), zone).toISOString()).toBe("2026-10-26T10:00:00.000Z"); // GMT
  });
  it("before 10:00 is the previous day's slot", () => {
    expect(latestReminderSlot(settings, new Date("2026-03-30T08:59:00Z"), zone).toISOString()).toBe("2026-03-29T09:00:00.000Z");
  });
  it("treats the Monday after a clock change as a weekly day", () => {
    const slot = latestReminderSlot(settings, new Date("2026-03-30T09:00:00Z"), zone);
    expect(refs(actionsToRemind([action("x", "2026-04-05")], settings, slot, zone))).toEqual(["x"]);
  });
});

describe("escalation", () => {
  const today = "2026-11-02";
  it("escalates after 3 unanswered reminders, or 7 days overdue", () => {
    expect(escalationReason({ action: action("a", "2026-12-01"), unansweredReminders: 3 }, settings, today)).toBe("3 reminders unanswered");
    expect(escalationReason({ action: action("a", "2026-12-01"), unansweredReminders: 2 }, settings, today)).toBeNull();
    expect(escalationReason({ action: action("b", "2026-10-26"), unansweredReminders: 0 }, settings, today)).toBe("7 days overdue");
    expect(escalationReason({ action: action("b", "2026-10-27"), unansweredReminders: 0 }, settings, today)).toBeNull();
    expect(escalationReason({ action: action("c", "2026-10-01", { status: "done" }), unansweredReminders: 9 }, settings, today)).toBeNull();
  });
  it("is keyed to the week, so it happens once per action per week", () => {
    expect(weekStart(new Date("2026-11-04T12:00:00Z"), zone).toISOString()).toBe(weekStart(new Date("2026-11-08T22:00:00Z"), zone).toISOString());
    expect(weekStart(new Date("2026-11-09T01:00:00Z"), zone).getTime()).toBeGreaterThan(weekStart(new Date("2026-11-08T12:00:00Z"), zone).getTime());
  });
});

describe("actions", () => {
  it("derives RAG: overdue or blocked red, at risk amber, on track green", () => {
    expect(actionRag(action("a", "2026-10-01"), "2026-11-02")?.status).toBe("red");
    expect(actionRag(action("a", "2026-12-01", { status: "blocked" }), "2026-11-02")?.status).toBe("red");
    expect(actionRag(action("a", "2026-12-01", { status: "at_risk" }), "2026-11-02")?.status).toBe("amber");
    expect(actionRag(action("a", "2026-12-01"), "2026-11-02")?.status).toBe("green");
    expect(actionRag(action("a", "2026-12-01", { status: "not_started" }), "2026-11-02")).toEqual({ status: "green", reason: "not started" });
    expect(actionRag(action("a", "2026-10-01", { ragOverride: { status: "amber", reason: "new date agreed by the board" } }), "2026-11-02")).toEqual({
      status: "amber",
      reason: "set by an admin: new date agreed by the board",
    });
  });
  it("accepts only a real date in the future as a new due date", () => {
    expect(parseNewDueDate("2026-11-03", "2026-11-02")).toEqual({ ok: true, value: "2026-11-03" });
    expect(parseNewDueDate("2026-11-02", "2026-11-02").ok).toBe(false);
    expect(parseNewDueDate("2026-02-30", "2026-01-01").ok).toBe(false);
    expect(parseNewDueDate("next week", "2026-01-01").ok).toBe(false);
  });
  it("summarises the plan for the digest", () => {
    const s = planSummary(
      planTree(
        [],
        [],
        [
          action("a", "2026-10-01"),
          action("b", "2026-12-01", { status: "done", doneAt: new Date("2026-11-01T00:00:00Z"), evidence: "audits up" }),
          action("c", "2026-12-01", { status: "blocked" }),
        ],
      ),
      new Map([
        ["c", 3],
        ["a", 1],
      ]),
      "2026-11-02",
      new Date("2026-10-26T00:00:00Z"),
    )!;
    expect(s.counts).toMatchObject({ on_track: 1, done: 1, blocked: 1 });
    expect(s.overdue.map((a) => a.ref)).toEqual(["a"]);
    expect(s.redatedOften).toEqual([{ action: expect.objectContaining({ ref: "c" }), times: 3 }]);
    expect(s.newlyDone.map((a) => a.ref)).toEqual(["b"]);
  });
});

describe("daysBetween", () => {
  it("counts calendar days as luxon does, across months, years and clock changes", () => {
    const dates = ["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-31", "2024-10-27", "2024-12-31", "2025-01-01", "2026-11-23"];
    for (const a of dates)
      for (const b of dates) {
        const luxon = Math.round(DateTime.fromISO(b, { zone: "utc" }).diff(DateTime.fromISO(a, { zone: "utc" }), "days").days);
        expect(daysBetween(a, b)).toBe(luxon);
      }
    expect(daysBetween("2026-02-31", "2026-03-03")).toBeNaN();
  });
});

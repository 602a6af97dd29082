// Deliveries that cannot go anywhere are recorded as not sent, with the
// reason, and the admins are told once, rather than being called sent.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { createWebClient } from "../../src/slack/client.js";
import { ADMIN, type Harness, startHarness } from "../support/harness.js";

const OWNER = "U0OWNER0001";
const SPONSOR = "U0SPONS0001";
/** Actions added before the slots these tests run (an action added after a slot waits for the next). */
const ADDED = new Date("2026-10-01T09:00:00Z");

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: new Date("2026-11-02T11:00:00Z") });
});
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.stop();
});

async function runAt(iso: string) {
  const at = new Date(iso);
  h.clock.now = at;
  return runDue(h.ctx, createWebClient(h.ctx.config, createLogger("silent"), { retries: 0 }), at);
}

describe("an escalation with nowhere to go", () => {
  it("is recorded as failed with its reason, and the admins are told once", async () => {
    // 3.1 is overdue, has no sponsor, and no plan channel is set.
    await h.ctx.db.action.create({
      data: { ref: "3.1", theme: "Workforce", title: "Recruit team managers", ownerId: OWNER, sponsorId: null, due: "2026-10-20", createdAt: ADDED },
    });
    const report = await runAt("2026-11-04T10:00:30Z");
    expect(report.failed).toEqual([expect.stringContaining("escalation:3.1@")]);
    expect(report.failed[0]).toContain("3.1 has no sponsor and no plan channel is set");
    const row = await h.ctx.db.delivery.findFirst({ where: { job: "escalation:3.1" } });
    expect(row?.status).toBe("failed");
    expect(row?.error).toContain("no sponsor and no plan channel");
    const told = h.fake.dmsTo(ADMIN).filter((c) => String(c.args.text).includes("An escalation for action `3.1` could not be sent"));
    expect(told).toHaveLength(1);
    expect(String(told[0]!.args.text)).toContain("/plan 3.1 sponsor @user");

    await runAt("2026-11-09T10:00:30Z"); // a new week: the escalation fails again, the admins are not told again
    expect(await h.ctx.db.delivery.count({ where: { job: "escalation:3.1", status: "failed" } })).toBe(2);
    expect(h.fake.dmsTo(ADMIN).filter((c) => String(c.args.text).includes("An escalation for action `3.1`"))).toHaveLength(1);
  });

  it("still reaches the plan channel when the sponsor has left, and is then sent", async () => {
    await h.ctx.db.action.create({
      data: { ref: "3.2", theme: "Workforce", title: "Agency reduction", ownerId: OWNER, sponsorId: SPONSOR, due: "2026-10-20", createdAt: ADDED },
    });
    await h.command(ADMIN, "channel <#C0PLANBRD01|improvement-board>", { command: "/plan" });
    h.fake.script("conversations.open", { error: "user_not_found" }); // the sponsor has left the workspace
    const report = await runAt("2026-11-04T10:00:30Z");
    expect(report.sent).toEqual(expect.arrayContaining([expect.stringContaining("escalation:3.2@")]));
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0PLANBRD01" && String(c.args.text).includes("3.2"))).toHaveLength(1);
  });
});

describe("a reminder to an owner who has left the workspace", () => {
  it("is recorded as failed, and the admins are told once who to reassign", async () => {
    await h.ctx.db.action.create({
      data: { ref: "2.3", theme: "Practice", title: "Assessments on time", ownerId: OWNER, sponsorId: SPONSOR, due: "2026-11-10", createdAt: ADDED },
    });
    h.fake.script("conversations.open", { error: "account_inactive" });
    const report = await runAt("2026-11-02T10:00:30Z");
    expect(report.failed).toEqual([expect.stringContaining(`reminder:${OWNER}@`)]);
    const told = h.fake.dmsTo(ADMIN).filter((c) => String(c.args.text).includes(`Reminders to <@${OWNER}> cannot be delivered (account_inactive)`));
    expect(told).toHaveLength(1);
    expect(String(told[0]!.args.text)).toContain("`2.3`");
  });
});

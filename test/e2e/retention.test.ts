// Retention: `purge --before` (and its dry run) through the real CLI, and the
// daily purge RETENTION_MONTHS makes the running bot do.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { createWebClient } from "../../src/slack/client.js";
import { ADMIN, type Harness, runCli, startHarness } from "../support/harness.js";

let h: Harness;
afterEach(async () => h.stop());

/** Figures for every month of 2016 and the first half of 2017, recorded through /kpi as a user would. */
async function recordHistory(): Promise<void> {
  for (let m = 1; m <= 18; m++) {
    const year = m <= 12 ? 2016 : 2017;
    const month = String(m <= 12 ? m : m - 12).padStart(2, "0");
    const r = await h.command(ADMIN, `cla-rate ${60 + m} ${year}-${month}`);
    expect(r.text).toContain("Recorded");
  }
}

async function backdateAudit(before: Date): Promise<void> {
  // The audit trail records when each change was made; pretend the 2016 figures were typed in 2016.
  const rows = await h.ctx.db.auditEntry.findMany({ where: { subject: { startsWith: "cla-rate@2016" } } });
  for (const r of rows) await h.ctx.db.auditEntry.update({ where: { id: r.id }, data: { at: new Date(before.getTime() - 86_400_000) } });
}

const cli = (args: string[]) => runCli(h, args);

describe("purge", () => {
  beforeEach(async () => {
    h = await startHarness();
    await recordHistory();
    await backdateAudit(new Date("2017-01-01T00:00:00Z"));
  });

  it("with --dry-run says what it would delete and deletes nothing", async () => {
    const figures = await h.ctx.db.measurement.count();
    const audit = await h.ctx.db.auditEntry.count();
    const r = await cli(["purge", "--before", "2017-01-01", "--dry-run"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("purge (dry run: nothing deleted): would delete 12 figures");
    expect(r.stdout).toContain("12 audit entries");
    expect(await h.ctx.db.measurement.count()).toBe(figures);
    expect(await h.ctx.db.auditEntry.count()).toBe(audit);
  });

  it("deletes figures whose period ended before the date and older records, and leaves one audit entry of its own", async () => {
    const r = await cli(["purge", "--before", "2017-01-01"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("deleted 12 figures, 0 plan updates, 0 reminders, 0 delivery records, 12 audit entries");
    const left = await h.ctx.db.measurement.findMany({ where: { indicatorKey: "cla-rate" }, orderBy: { periodStart: "asc" } });
    expect(left.map((m) => m.period)).toEqual(["2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06"]);
    const own = await h.ctx.db.auditEntry.findMany({ where: { action: "purge" } });
    expect(own).toHaveLength(1);
    expect(JSON.parse(own[0]!.newValue!)).toMatchObject({ figures: 12, auditEntries: 12 });
    expect(own[0]!.actor).toMatch(/^cli:/);
  });

  it("refuses a date it cannot read, and deletes nothing", async () => {
    const before = await h.ctx.db.measurement.count();
    const r = await cli(["purge", "--before", "01/01/2017"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('"01/01/2017" is not a date I can read');
    expect(await h.ctx.db.measurement.count()).toBe(before);
  });
});

describe("RETENTION_MONTHS", () => {
  it("makes the running bot purge once a day what is older", async () => {
    h = await startHarness({ env: { RETENTION_MONTHS: "6" }, now: new Date("2017-07-03T09:00:00Z") });
    await recordHistory();
    const client = createWebClient(h.ctx.config, createLogger("silent"), { retries: 0 });
    const at = new Date("2017-07-03T09:00:30Z");
    await runDue(h.ctx, client, at);
    // Six months before 3 July 2017 is 3 January: December 2016 and earlier have ended before it.
    const left = await h.ctx.db.measurement.findMany({ where: { indicatorKey: "cla-rate" }, orderBy: { periodStart: "asc" } });
    expect(left[0]!.period).toBe("2017-01");
    expect(await h.ctx.db.auditEntry.count({ where: { action: "purge" } })).toBe(1);
    await runDue(h.ctx, client, new Date("2017-07-03T15:00:00Z")); // the same day: not again
    expect(await h.ctx.db.auditEntry.count({ where: { action: "purge" } })).toBe(1);
    await runDue(h.ctx, client, new Date("2017-07-04T00:01:00Z")); // the next day: again
    expect(await h.ctx.db.auditEntry.count({ where: { action: "purge" } })).toBe(2);
  });
});

// The improvement plan end to end: import, reminders by DM with buttons,
// answers through signed block_actions and view_submission payloads, escalation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dmIdFor } from "../../src/sandbox/slack-emulator/index.js";
import { importPlan } from "../../src/services/plan-import.js";
import { tmpDir, writeTmp } from "../support/cli.js";
import { ADMIN, type Harness, READER, runCli, startHarness } from "../support/harness.js";
import { blockActions, viewSubmission } from "../support/payloads.js";

const OWNER = "U0OWNER0001";
const SPONSOR = "U0SPONS0001";
const BOARD = "C0PLANBRD01";

// Each test: its own app, database and fake Slack, on Monday 2 November 2026 at 11:00, with the plan
// channel set; a test imports the plan (withPlan) and runs the reminders it needs itself.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: new Date("2026-11-02T11:00:00Z") });
  h.fake.directory.set("owner@council.gov.uk", OWNER);
  expect((await h.command(ADMIN, `channel <#${BOARD}|improvement-board>`, { command: "/plan" })).text).toContain(`<#${BOARD}>`);
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

function cli(args: string[], now?: string) {
  return runCli(h, [...args, ...(now ? ["--now", now] : [])]);
}

const PLAN = [
  "ref,theme,action,owner,sponsor,due,measure",
  `1.1,Leadership and management,Publish the practice framework,owner@council.gov.uk,${SPONSOR},2026-11-09,`,
  `2.3,Front-line practice,Assessments within 45 working days,${OWNER},${SPONSOR},2026-11-03,assess-45wd`,
  `3.1,Workforce,Recruit permanent team managers,${OWNER},${SPONSOR},2026-10-20,sw-vacancy`,
  `4.2,Partnerships,Joint protocol with police,U0OTHER0001,,2027-06-01,`,
].join("\n");

// The plan was imported before the first reminder slot (Monday 2 November, 10:00).
const IMPORTED_AT = "2026-10-30T09:00:00Z";

/** The plan above, imported as import-plan does (the e-mail address is looked up in the fake's directory). */
async function withPlan(): Promise<void> {
  const at = new Date(IMPORTED_AT);
  const imported = await importPlan({ ...h.ctx, now: () => at }, PLAN, ADMIN, async (email) => h.fake.directory.get(email) ?? null);
  expect(imported.ok).toBe(true);
  expect(await h.ctx.db.action.count()).toBe(4);
}

/** The Monday reminders: run-due at 10:00:30 on 2 November, as the scheduler would. */
async function sendMondayReminders(): Promise<void> {
  const r = await cli(["run-due"], "2026-11-02T10:00:30Z");
  expect(r.code, r.stderr).toBe(0);
}

async function click(user: string, actionId: string, ref: string, issuedAt: number, where: { channel: string; ts: string }) {
  const id = `click-${Math.random().toString(36).slice(2)}`;
  const res = await h.interact(
    blockActions({ user, actionId, value: JSON.stringify({ r: ref, t: issuedAt }), channel: where.channel, ts: where.ts, responseUrl: h.fake.responseUrl(id) }),
  );
  return { res, id };
}

async function reminderFor(ref: string) {
  const item = await h.ctx.db.reminderItem.findFirst({ where: { actionRef: ref }, orderBy: { id: "desc" } });
  if (!item) throw new Error(`no reminder for ${ref}`);
  return { channel: item.channel, ts: item.ts, t: item.sentAt.getTime() };
}

describe("import-plan", () => {
  it("rejects a plan with an unknown person or a bad date, storing nothing", async () => {
    const dir = tmpDir("plan-");
    const bad = writeTmp(dir, "bad.csv", `ref,theme,action,owner,sponsor,due,measure\n9.9,T,Do it,nobody@council.gov.uk,,2026-13-01,nope\n`);
    const r = await cli(["import-plan", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("owner nobody@council.gov.uk is not a member of this Slack workspace");
    expect(r.stderr).toContain('due: "2026-13-01" is not a date');
    expect(r.stderr).toContain('measure "nope" is not an indicator key');
    expect(await h.ctx.db.action.count()).toBe(0);
  });

  it("imports owners by e-mail or id, and re-importing keeps history", async () => {
    const file = writeTmp(tmpDir("plan-"), "plan.csv", PLAN);
    const r = await cli(["import-plan", file], IMPORTED_AT);
    expect(r.stdout).toContain("4 rows imported (4 added, 0 updated)");
    expect((await h.ctx.db.action.findUnique({ where: { ref: "1.1" } }))?.ownerId).toBe(OWNER);
    const again = await cli(["import-plan", writeTmp(tmpDir("plan-"), "plan2.csv", PLAN.replace("2027-06-01", "2027-07-01"))], IMPORTED_AT);
    expect(again.stdout).toContain("4 rows imported (0 added, 1 updated)");
    const show = await h.command(READER, "4.2", { command: "/plan" });
    expect(show.text).toContain("Due date Tuesday 1 June 2027 → Thursday 1 July 2027: re-imported from the plan");
  });
});

describe("reminders and answers", () => {
  it("sends one DM per owner at the Monday slot, with the buttons", async () => {
    await withPlan();
    await sendMondayReminders();
    const dms = h.fake.dmsTo(OWNER);
    expect(dms).toHaveLength(1);
    const blocks = JSON.stringify(dms[0]!.args.blocks);
    for (const ref of ["1.1", "2.3", "3.1"]) expect(blocks).toContain(`\`${ref}\``);
    expect(blocks).not.toContain("`4.2`"); // due in months: not in the window
    expect(blocks).toContain("Measure `assess-45wd`: no figures yet"); // 2.3's linked indicator
    for (const id of ["plan:done", "plan:on_track", "plan:at_risk", "plan:blocked", "plan:new_date"]) expect(blocks).toContain(id);
    await cli(["run-due"], "2026-11-02T10:30:00Z");
    expect(h.fake.dmsTo(OWNER)).toHaveLength(1);
  });

  it("sends each of 150 owners their own actions when 450 are due at once (read in batches: SQLite binds only so many values)", async () => {
    const owner = (i: number) => `U0MANY${String(i).padStart(5, "0")}`;
    const rows = Array.from({ length: 450 }, (_, i) => `9.${i + 1},Workforce,Action ${i + 1},${owner(i % 150)},${SPONSOR},2026-11-06,`);
    const at = new Date(IMPORTED_AT);
    const imported = await importPlan({ ...h.ctx, now: () => at }, ["ref,theme,action,owner,sponsor,due,measure", ...rows].join("\n"), ADMIN, async () => null);
    expect(imported.ok).toBe(true);
    await sendMondayReminders();
    for (const i of [0, 1, 77, 149]) {
      const dms = h.fake.dmsTo(owner(i));
      expect(dms).toHaveLength(1);
      const refs = [...JSON.stringify(dms[0]!.args.blocks).matchAll(/`(9\.\d+)`/g)].map((m) => m[1]);
      expect(new Set(refs)).toEqual(new Set([`9.${i + 1}`, `9.${i + 151}`, `9.${i + 301}`]));
    }
    expect(await h.ctx.db.reminderItem.count()).toBe(450);
  });

  it("records Done with evidence from the modal, updates the message in place, and refuses a second click", async () => {
    await withPlan();
    await sendMondayReminders();
    const where = await reminderFor("2.3");
    const { res } = await click(OWNER, "plan:done", "2.3", where.t, where);
    expect(res.status).toBe(200);
    const open = await h.fake.waitFor(() => h.fake.callsTo("views.open").at(-1), "views.open");
    const view = open.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe("plan_status_modal");
    const sub = await h.interact(
      viewSubmission({
        user: OWNER,
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: { note: { value: { type: "plain_text_input", value: "Audits show 91% within 45 days" } } },
      }),
    );
    expect(sub.status).toBe(200);
    expect(await sub.text()).toBe("");
    const action = await h.ctx.db.action.findUnique({ where: { ref: "2.3" } });
    expect(action).toMatchObject({ status: "done", evidence: "Audits show 91% within 45 days" });
    const update = await h.fake.waitFor(() => h.fake.callsTo("chat.update").at(-1), "chat.update");
    expect(update.args).toMatchObject({ channel: where.channel, ts: where.ts });
    expect(JSON.stringify(update.args.blocks)).toContain("Recorded: Done: Audits show 91% within 45 days");
    expect(JSON.stringify(update.args.blocks)).toContain("act:3.1"); // the others keep their buttons

    const second = await click(OWNER, "plan:on_track", "2.3", where.t, where);
    expect(second.res.status).toBe(200);
    const reply = await h.fake.waitForResponse(second.id);
    expect(JSON.stringify(reply)).toContain("already updated after this message was sent");
    expect((await h.ctx.db.action.findUnique({ where: { ref: "2.3" } }))?.status).toBe("done");
    expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "2.3", kind: "status" } })).toBe(1);
  });

  it("changes the due date through the modal, refusing a past date and an empty reason", async () => {
    await withPlan();
    await sendMondayReminders();
    const where = await reminderFor("1.1");
    await click(OWNER, "plan:new_date", "1.1", where.t, where);
    const open = await h.fake.waitFor(
      () => h.fake.callsTo("views.open").find((c) => (c.args.view as { callback_id: string }).callback_id === "plan_due_modal"),
      "due modal",
    );
    const meta = (open.args.view as { private_metadata: string }).private_metadata;
    const submit = (date: string, reason: string) =>
      h.interact(
        viewSubmission({
          user: OWNER,
          callbackId: "plan_due_modal",
          privateMetadata: meta,
          values: { date: { value: { type: "datepicker", selected_date: date } }, reason: { value: { type: "plain_text_input", value: reason } } },
        }),
      );

    const past = await submit("2026-10-01", "slipped");
    expect(await past.json()).toMatchObject({ response_action: "errors", errors: { date: expect.stringContaining("is not in the future") } });
    const empty = await submit("2026-12-15", "  ");
    expect(await empty.json()).toMatchObject({ response_action: "errors", errors: { reason: expect.stringContaining("Give the reason") } });
    expect((await h.ctx.db.action.findUnique({ where: { ref: "1.1" } }))?.due).toBe("2026-11-09");

    const ok = await submit("2026-12-15", "framework waits for the new director");
    expect(ok.status).toBe(200);
    const show = await h.command(READER, "1.1", { command: "/plan" });
    expect(show.text).toContain("Due date Monday 9 November 2026 → Tuesday 15 December 2026: framework waits for the new director");
    expect(show.text).toContain("re-dated 1 time");
  });

  /** Where a button in the owner's reminder DM sits, and when it was issued (an hour ago). */
  const ownersDm = () => ({ channel: dmIdFor(OWNER), ts: "1700000001.000100", t: h.clock.now.getTime() - 3_600_000 });

  it("tells someone who is not the owner that they may not answer, and changes nothing", async () => {
    await withPlan();
    const updates = await h.ctx.db.actionUpdate.count({ where: { actionRef: "3.1" } });
    const where = ownersDm();
    const { id } = await click(READER, "plan:on_track", "3.1", where.t, where);
    const reply = await h.fake.waitForResponse(id);
    expect(JSON.stringify(reply)).toContain("only the owner");
    expect((await h.ctx.db.action.findUnique({ where: { ref: "3.1" } }))?.status).toBe("not_started");
    expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "3.1" } })).toBe(updates);
  });

  it("answers a stale button for an action since deleted", async () => {
    await h.ctx.db.action.create({
      data: { ref: "9.9", theme: "T", title: "Gone", ownerId: OWNER, due: "2026-12-01", createdAt: new Date("2026-10-01T00:00:00Z") },
    });
    await h.ctx.db.action.update({ where: { ref: "9.9" }, data: { deletedAt: new Date() } });
    const where = ownersDm();
    const { id } = await click(OWNER, "plan:on_track", "9.9", where.t, where);
    expect(JSON.stringify(await h.fake.waitForResponse(id))).toContain("no longer exists");
  });

  it("does not remind about a done action at the next slot", async () => {
    await withPlan();
    await h.command(OWNER, "2.3 done audits show 91% within 45 days", { command: "/plan" });
    expect((await h.ctx.db.action.findUnique({ where: { ref: "2.3" } }))?.status).toBe("done");
    // Monday 9 November: 2.3 would be 6 days overdue, and its owner last touched it a week ago (not quiet any more).
    const r = await cli(["run-due"], "2026-11-09T10:00:30Z");
    expect(r.code, r.stderr).toBe(0);
    const dms = h.fake.dmsTo(OWNER);
    expect(dms).toHaveLength(1);
    const blocks = JSON.stringify(dms[0]!.args.blocks);
    expect(blocks).toContain("`3.1`"); // the owner's open actions are reminded…
    expect(blocks).toContain("`1.1`");
    expect(blocks).not.toContain("`2.3`"); // …but not the done one
  });
});

describe("/plan updates and escalation", () => {
  it("refuses a slash-command update from someone else, and a past date", async () => {
    await withPlan();
    const updates = await h.ctx.db.actionUpdate.count({ where: { actionRef: "3.1" } });
    expect((await h.command(READER, "3.1 on-track", { command: "/plan" })).text).toContain("only the owner");
    expect((await h.command(OWNER, "3.1 due 2020-01-01 late", { command: "/plan" })).text).toContain("is not in the future");
    expect((await h.command(OWNER, "3.1 due soon because", { command: "/plan" })).text).toContain("is not a date I can read");
    expect((await h.command(OWNER, "3.1 blocked", { command: "/plan" })).text).toContain("Say briefly why");
    expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "3.1" } })).toBe(updates);
  });

  it("escalates an action 7 days overdue to its sponsor and the plan channel, once a week", async () => {
    await withPlan();
    const inChannel = () => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === BOARD && String(c.args.text).includes("3.1 ("));
    await sendMondayReminders(); // Monday 2 November: 3.1 is thirteen days overdue
    expect(inChannel()).toHaveLength(1);
    expect(String(inChannel()[0]!.args.text)).toContain("Escalations: 1 action: 3.1 (13 days overdue)");
    expect(h.fake.dmsTo(SPONSOR).filter((d) => String(d.args.text).includes("3.1"))).toHaveLength(1);
    await cli(["run-due"], "2026-11-04T10:00:30Z");
    await cli(["run-due"], "2026-11-08T10:00:30Z");
    expect(inChannel()).toHaveLength(1);
    await cli(["run-due"], "2026-11-09T10:00:30Z"); // a new week
    expect(inChannel()).toHaveLength(2);
  });

  it("escalates once after three unanswered reminders", async () => {
    const LATE = "U0LATEOWN01";
    await h.ctx.db.action.create({
      data: {
        ref: "5.1",
        theme: "Workforce",
        title: "Caseload policy",
        ownerId: LATE,
        sponsorId: SPONSOR,
        due: "2026-11-30",
        createdAt: new Date(IMPORTED_AT),
      },
    });
    const escalations = () => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === BOARD && String(c.args.text).includes("5.1 ("));
    for (const day of ["2026-11-16", "2026-11-23"]) {
      await cli(["run-due"], `${day}T10:00:30Z`);
      expect(escalations(), day).toHaveLength(0);
    }
    await cli(["run-due"], "2026-11-29T10:00:30Z"); // the reminder one day before, the third unanswered
    expect(h.fake.dmsTo(LATE)).toHaveLength(3);
    expect(escalations()).toHaveLength(1);
    expect(String(escalations()[0]!.args.text)).toContain("3 reminders unanswered");
    await cli(["run-due"], "2026-11-29T18:00:00Z");
    expect(escalations()).toHaveLength(1);
  });

  it("lets admins reassign an owner or sponsor, audited, and no one else", async () => {
    await withPlan();
    expect((await h.command(OWNER, `4.2 owner <@${READER}>`, { command: "/plan" })).text).toContain("only admins");
    const r = await h.command(ADMIN, `4.2 owner <@${OWNER}>`, { command: "/plan" });
    expect(r.text).toContain(`<@${OWNER}> is now the owner of \`4.2\` (was <@U0OTHER0001>)`);
    // The history names both as mentions (the note stores the ids, not Slack markup).
    expect((await h.command(READER, "4.2", { command: "/plan" })).text).toContain(`owner: <@U0OTHER0001> → <@${OWNER}>`);
    expect(await h.ctx.db.auditEntry.findFirst({ where: { action: "action-owner", subject: "action:4.2" } })).toMatchObject({
      oldValue: '"U0OTHER0001"',
      newValue: `"${OWNER}"`,
    });
  });

  it("lets an admin override an action's RAG with a reason, audited, and go back to the derived one", async () => {
    await withPlan();
    expect((await h.command(OWNER, "3.1 rag green looks fine", { command: "/plan" })).text).toContain("only admins");
    expect((await h.command(ADMIN, "3.1 rag amber interim managers in post", { command: "/plan" })).text).toContain("now shows Amber");
    const show = await h.command(READER, "3.1", { command: "/plan" });
    expect(show.text).toContain("Amber (set by an admin: interim managers in post)");
    expect(show.text).toContain("overdue by"); // lateness is still a fact
    expect(await h.ctx.db.auditEntry.count({ where: { action: "action-rag", subject: "action:3.1" } })).toBe(1);
    await h.command(ADMIN, "3.1 rag auto", { command: "/plan" });
    expect((await h.command(READER, "3.1", { command: "/plan" })).text).toMatch(/Red \(overdue by \d+ days\)/);
  });

  it("reminds recorders once per period when figures are due and missing", async () => {
    const RECORDER_ID = "U0RECFIG001";
    await h.command(ADMIN, `cla owner <@${RECORDER_ID}>`);
    await h.command(ADMIN, "cla 433 2026-09");
    // October's figure is due FIGURES_DUE_DAYS (10) after the month ends: 11 November.
    await cli(["run-due"], "2026-11-10T12:00:00Z");
    expect(h.fake.dmsTo(RECORDER_ID)).toHaveLength(0);
    await cli(["run-due"], "2026-11-11T12:00:00Z");
    expect(h.fake.dmsTo(RECORDER_ID)).toHaveLength(1);
    expect(String(h.fake.dmsTo(RECORDER_ID)[0]!.args.text)).toContain("Figures for October 2026 are due");
    expect(String(h.fake.dmsTo(RECORDER_ID)[0]!.args.text)).toContain("/kpi cla &lt;value&gt; 2026-10");
    await cli(["run-due"], "2026-11-12T12:00:00Z");
    expect(h.fake.dmsTo(RECORDER_ID)).toHaveLength(1);
  });

  it("shows the owner's actions, due soonest first, in the App Home tab", async () => {
    await withPlan();
    const body = JSON.stringify({
      token: "x",
      team_id: "T0123456789",
      api_app_id: "A0123456789",
      type: "event_callback",
      event_id: "Ev0001",
      event_time: 1,
      event: { type: "app_home_opened", user: OWNER, channel: "D0000000001", tab: "home", event_ts: "1.1" },
    });
    const res = await h.post(body, "application/json");
    expect(res.status).toBe(200);
    const pub = await h.fake.waitFor(() => h.fake.callsTo("views.publish").at(-1), "views.publish");
    expect(pub.args.user_id).toBe(OWNER);
    const text = JSON.stringify(pub.args.view);
    expect(text.indexOf("`3.1`")).toBeLessThan(text.indexOf("`1.1`"));
    expect(text).toContain("OVERDUE");
    expect(text).toContain("plan:done");
    expect(text).toContain("Indicators at a glance");
  });

  it("takes an answer from the Home tab's buttons and republishes it", async () => {
    await withPlan();
    const published = h.fake.callsTo("views.publish").length;
    const opened = h.fake.callsTo("views.open").length;
    const t = Date.now();
    const res = await h.interact(blockActions({ user: OWNER, actionId: "plan:at_risk", value: JSON.stringify({ r: "1.1", t }), home: true, responseUrl: "" }));
    expect(res.status).toBe(200);
    const open = await h.fake.waitFor(() => h.fake.callsTo("views.open")[opened], "the modal");
    const view = open.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.parse(view.private_metadata)).toMatchObject({ ref: "1.1", status: "at_risk", home: true });
    const empty = await h.interact(
      viewSubmission({
        user: OWNER,
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: { note: { value: { type: "plain_text_input", value: "" } } },
      }),
    );
    expect(await empty.json()).toMatchObject({ response_action: "errors", errors: { note: expect.stringContaining("Say briefly why") } });
    const ok = await h.interact(
      viewSubmission({
        user: OWNER,
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: { note: { value: { type: "plain_text_input", value: "director post vacant" } } },
      }),
    );
    expect(ok.status).toBe(200);
    expect((await h.ctx.db.action.findUnique({ where: { ref: "1.1" } }))?.status).toBe("at_risk");
    await h.fake.waitFor(() => h.fake.callsTo("views.publish").length > published, "the Home tab republished");
  });
});

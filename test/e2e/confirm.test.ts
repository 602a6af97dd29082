// Issue 9 end to end through the real app and the fake Slack: nothing replaced or
// stored by mistake (the bot asks first, with signed single-use buttons), and an
// admin can remove a note or an update's text everywhere the bot keeps it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readChange, signChange } from "../../src/services/confirm-token.js";
import { importPlan } from "../../src/services/plan-import.js";
import { ADMIN, type Harness, READER, RECORDER, type Reply, startHarness } from "../support/harness.js";
import { viewSubmission } from "../support/payloads.js";

const OWNER = "U0OWNER0009";
const JAYDEN = "Jayden Smith (DOB 03/04/2012) placed out of area";

// Each test has its own app, database and fake Slack, and makes the data it reads.
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  const plan = ["ref,theme,action,owner,sponsor,due,measure", `5.1,Front-line practice,Audit every open case file,${OWNER},,2017-12-31,`].join("\n");
  expect((await importPlan(h.ctx, plan, "cli:test", async () => null)).ok).toBe(true);
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const figure = (key: string, period: string) => h.ctx.db.measurement.findFirst({ where: { indicatorKey: key, period } });
const auditOf = (subject: string) => h.ctx.db.auditEntry.findMany({ where: { subject }, orderBy: { id: "asc" } });

async function exported(): Promise<string> {
  const r = await h.command(ADMIN, "export");
  expect(r.text).toContain("sent you the CSV");
  const call = h.fake.callsTo("files.completeUploadExternal").at(-1)!;
  return h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!.bytes.toString("utf8");
}

function buttons(r: Reply): string[] {
  return ((r.body.blocks ?? []) as { elements?: { type: string; text?: { text: string } }[] }[]).flatMap((b) =>
    (b.elements ?? []).filter((e) => e.type === "button").map((e) => e.text?.text ?? ""),
  );
}

describe("a correction asks first", () => {
  it("shows the old and new figures and notes side by side, and changes nothing until Replace", async () => {
    await h.command(ADMIN, "cp-plans 276 2017-06 Signs of Safety roll-out");
    const asked = await h.command(ADMIN, "cp-plans 27 6 2017-06");
    expect(String(asked.body.text)).toBe("Replace 276, June 2017, note “Signs of Safety roll-out”, with 27, note “6 2017-06”?");
    expect(asked.text).toContain("*Now*\n276\nNote “Signs of Safety roll-out”");
    expect(asked.text).toContain("*If you replace it*\n27\nNote “6 2017-06”");
    expect(asked.text).toContain("which looks like a figure"); // the note starts like a number
    expect(buttons(asked)).toEqual(["Replace", "Keep"]);
    expect(await figure("cp-plans", "2017-06")).toMatchObject({ value: 276, note: "Signs of Safety roll-out" });

    const done = await h.click(ADMIN, asked, "confirm:yes");
    expect(done.body.replace_original).toBe(true);
    expect(done.text).toContain("Corrected `cp-plans` for June 2017: 276 → *27*");
    expect(await figure("cp-plans", "2017-06")).toMatchObject({ value: 27, note: "6 2017-06" });
    expect((await auditOf("cp-plans@2017-06")).map((a) => a.action)).toEqual(["record", "correct"]);
  });

  it("keeps the figure on Keep", async () => {
    await h.command(ADMIN, "cla 433 2017-06 relatively stable");
    const asked = await h.command(ADMIN, "cla 43 2017-06");
    const kept = await h.click(ADMIN, asked, "confirm:no");
    expect(kept.text).toContain("Kept the figure for `cla` as it was. Nothing was changed.");
    expect(await figure("cla", "2017-06")).toMatchObject({ value: 433, note: "relatively stable" });
    expect((await auditOf("cla@2017-06")).map((a) => a.action)).toEqual(["record"]);
    // Replace on the same question afterwards changes nothing: it was answered.
    const late = await h.click(ADMIN, asked, "confirm:yes");
    expect(late.text).toContain("already answered that question");
    expect(await figure("cla", "2017-06")).toMatchObject({ value: 433 });
  });

  it("changes nothing on a stale click: the figure changed since, or the question is over 30 minutes old", async () => {
    await h.command(ADMIN, "s47 41 2017-06");
    const first = await h.command(ADMIN, "s47 44 2017-06 recount");
    const second = await h.command(ADMIN, "s47 45 2017-06 second recount");
    expect((await h.click(ADMIN, second, "confirm:yes")).text).toContain("41 → *45*");
    const stale = await h.click(ADMIN, first, "confirm:yes");
    expect(stale.text).toContain("changed after I asked (it is now 45)");
    expect(await figure("s47", "2017-06")).toMatchObject({ value: 45, note: "second recount" });

    const old = await h.command(ADMIN, "s47 46 2017-06");
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 31 * 60_000);
    try {
      expect((await h.click(ADMIN, old, "confirm:yes")).text).toContain("more than 30 minutes ago");
    } finally {
      h.clock.now = saved;
    }
    expect(await figure("s47", "2017-06")).toMatchObject({ value: 45 });
  });

  it("changes nothing on someone else's click, and leaves the question to its owner", async () => {
    await h.command(ADMIN, `cp-rate owner <@${RECORDER}>`);
    await h.command(ADMIN, "cp-rate 33 2017-06");
    const asked = await h.command(ADMIN, "cp-rate 34 2017-06");
    const foreign = await h.click(RECORDER, asked, "confirm:yes");
    expect(foreign.text).toContain("asked of someone else");
    expect(foreign.body.replace_original).toBe(false);
    expect(await figure("cp-rate", "2017-06")).toMatchObject({ value: 33 });
    expect((await h.click(ADMIN, asked, "confirm:yes")).text).toContain("33 per 10,000 → *34 per 10,000*");
  });

  it("refuses a forged or altered button", async () => {
    await h.command(ADMIN, "cla 430 2017-05");
    const asked = await h.command(ADMIN, "cla 431 2017-05");
    const block = (asked.body.blocks as { elements?: { value?: string }[] }[]).find((b) => b.elements)!;
    const [body, sig] = block.elements![0]!.value!.split(".");
    const altered = JSON.parse(Buffer.from(body!, "base64url").toString("utf8"));
    altered.c.v = 999;
    block.elements![0]!.value = `${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${sig}`;
    expect((await h.click(ADMIN, asked, "confirm:yes")).text).toContain("not one I recognise");
    expect(await figure("cla", "2017-05")).toMatchObject({ value: 430 });
  });

  it("keeps the old note when the correction gives none, and says so", async () => {
    await h.command(ADMIN, "sw-caseload 18 2017-05 Signs of Safety roll-out");
    const asked = await h.command(ADMIN, "sw-caseload 19 2017-05");
    expect(asked.text).toContain("Note “Signs of Safety roll-out” (kept: no new note was given)");
    const done = await h.click(ADMIN, asked, "confirm:yes");
    expect(done.text).toContain("Note: Signs of Safety roll-out (kept: no new note was given)");
    expect(await figure("sw-caseload", "2017-05")).toMatchObject({ value: 19, note: "Signs of Safety roll-out" });
    const audit = await auditOf("sw-caseload@2017-05");
    expect(JSON.parse(audit.at(-1)!.newValue!)).toMatchObject({ value: 19, note: "Signs of Safety roll-out" });
  });

  it("works after a restart: the change is in the signed button, not in memory", () => {
    const token = signChange(h.ctx, ADMIN, { k: "plan-status", ref: "5.1", status: "on_track", note: null, scr: [] })!;
    const restarted = { ...h.ctx, config: { ...h.ctx.config } };
    expect(readChange(restarted, ADMIN, token).ok).toBe(true);
    expect(readChange(restarted, READER, token).ok).toBe(false);
  });
});

describe("a figure that looks like a slip asks first", () => {
  it("questions a tenth of the recent figures and a note that starts like a period, but not an ordinary figure", async () => {
    for (const [m, v] of [
      ["01", 420],
      ["02", 425],
      ["03", 431],
    ] as const)
      expect((await h.command(ADMIN, `cla ${v} 2017-${m}`)).text).toContain("Recorded");
    const slip = await h.command(ADMIN, "cla 43 2017-04");
    expect(slip.text).toContain("43 is a tenth or less of the recent figures");
    expect(buttons(slip)).toEqual(["Record", "Don't record"]);
    expect(await figure("cla", "2017-04")).toBeNull();
    expect((await h.click(ADMIN, slip, "confirm:no")).text).toContain("Nothing was recorded.");
    expect(await figure("cla", "2017-04")).toBeNull();

    const may = await h.command(ADMIN, "cla 433 2017-04 May figures late");
    expect(may.text).toContain("The note starts with “May”, which looks like a period");
    expect((await h.click(ADMIN, may, "confirm:yes")).text).toContain("Recorded *433*");
    expect(await figure("cla", "2017-04")).toMatchObject({ value: 433, note: "May figures late" });
  });
});

describe("an identifying note", () => {
  it("is not stored: the user is told privately what looked identifying and how to put it", async () => {
    const before = { figures: await h.ctx.db.measurement.count(), audit: await h.ctx.db.auditEntry.count() };
    const r = await h.command(ADMIN, `audits-good 61 2017-06 ${JAYDEN}`);
    expect(r.body.response_type).toBe("ephemeral");
    expect(r.text).toContain("The note may identify someone");
    expect(r.text).toContain('"Jayden Smith" looks like a person\'s name: describe people by role or group');
    expect(r.text).toContain("looks like a date of birth");
    expect(buttons(r)).toEqual(["Store anyway", "Don't record"]);
    expect(await h.ctx.db.measurement.count()).toBe(before.figures);
    expect(await h.ctx.db.auditEntry.count()).toBe(before.audit);
    const held = await h.click(ADMIN, r, "confirm:no");
    expect(held.text).toContain("Nothing was recorded.");
    expect(await h.ctx.db.measurement.count()).toBe(before.figures);
  });

  it("is stored with Store anyway, audited as such without what the screen found", async () => {
    const r = await h.command(ADMIN, "audits-good 62 2017-06 Sarah Jones joined as service manager");
    expect(r.text).toContain("may identify someone");
    const stored = await h.click(ADMIN, r, "confirm:yes");
    expect(stored.text).toContain("Recorded *62%*");
    expect(await figure("audits-good", "2017-06")).toMatchObject({ value: 62, note: "Sarah Jones joined as service manager" });
    const audit = await auditOf("audits-good@2017-06");
    expect(audit.map((a) => a.action)).toEqual(["record", "screen-override"]);
    expect(JSON.parse(audit[1]!.newValue!)).toEqual({ field: "note", kinds: ["name"] });
    expect(audit[1]!.newValue).not.toContain("Sarah");
    const words = await h.command(ADMIN, "audit audits-good");
    expect(words.text).toContain("note for June 2017 stored anyway, though it looked like a person's name");
  });

  it("in a /plan update is held back too, and stored anyway from the button", async () => {
    const r = await h.command(OWNER, `5.1 at-risk ${JAYDEN}`, { command: "/plan" });
    expect(r.text).toContain("Not stored:* the note for action `5.1` may identify someone");
    expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "5.1", kind: "status" } })).toBe(0);
    expect((await h.ctx.db.action.findUnique({ where: { ref: "5.1" } }))?.status).toBe("not_started");
    const stored = await h.click(OWNER, r, "confirm:yes");
    expect(stored.text).toContain("Action `5.1` is now *At risk*");
    expect((await h.ctx.db.action.findUnique({ where: { ref: "5.1" } }))?.status).toBe("at_risk");
    const override = (await auditOf("action:5.1")).find((a) => a.action === "screen-override");
    expect(JSON.parse(override!.newValue!)).toEqual({ field: "note", kinds: ["name", "date-of-birth"] });
  });

  it("in a reason for re-dating, rebasing or a RAG override is held back", async () => {
    for (const [command, text] of [
      ["/plan", "5.1 due 2017-12-31 waiting for Jayden Smith's new placement"],
      ["/plan", "5.1 rag red call mum on 07700 900123"],
      ["/kpi", "cp-plans rebase 2017-04 new front door after Jayden Smith moved"],
    ] as const) {
      const r = await h.command(ADMIN, text, { command });
      expect(r.text).toContain("may identify someone");
      expect(buttons(r)).toEqual(["Store anyway"]);
    }
    expect(await h.ctx.db.rebase.count()).toBe(0);
    expect((await h.ctx.db.action.findUnique({ where: { ref: "5.1" } }))?.ragOverride).toBeNull();
  });

  it("in a plan form is shown over the form, which Store anyway submits and closing goes back to", async () => {
    const t = h.clock.now.getTime();
    const meta = JSON.stringify({ ref: "5.1", status: "blocked", t, home: true });
    const submitted = await h.interact(
      viewSubmission({
        user: OWNER,
        callbackId: "plan_status_modal",
        privateMetadata: meta,
        values: { note: { value: { type: "plain_text_input", value: "waiting on Mrs Khan at 12 Acacia Avenue" } } },
      }),
    );
    const pushed = (await submitted.json()) as { response_action: string; view: { callback_id: string; private_metadata: string; blocks: unknown } };
    expect(pushed.response_action).toBe("push");
    expect(pushed.view.callback_id).toBe("screen_confirm");
    expect(JSON.stringify(pushed.view.blocks)).toContain("may identify someone");
    expect((await h.ctx.db.action.findUnique({ where: { ref: "5.1" } }))?.status).toBe("not_started");
    const anyway = await h.interact(viewSubmission({ user: OWNER, callbackId: "screen_confirm", privateMetadata: pushed.view.private_metadata, values: {} }));
    expect(await anyway.json()).toEqual({ response_action: "clear" });
    expect((await h.ctx.db.action.findUnique({ where: { ref: "5.1" } }))?.status).toBe("blocked");
  });
});

describe("redaction", () => {
  it("removes a figure's note from the record, every audit entry and the export, saying who, when and why", async () => {
    // Stored anyway, then corrected: the note is quoted in both audit entries.
    const r = await h.command(ADMIN, `neet 58 2017-06 ${JAYDEN}`);
    expect((await h.click(ADMIN, r, "confirm:yes")).text).toContain("Recorded");
    const c = await h.command(ADMIN, "neet 59 2017-06");
    expect((await h.click(ADMIN, c, "confirm:yes")).text).toContain("(kept: no new note was given)");
    expect(JSON.stringify(await auditOf("neet@2017-06"))).toContain("Jayden");

    expect((await h.command(RECORDER, "neet redact 2017-06 named a child")).text).toContain("only admins");
    const done = await h.command(ADMIN, "neet redact 2017-06 named a child");
    expect(done.text).toContain("Removed the note of `neet` for June 2017 from the figure and 2 audit entries");

    expect(JSON.stringify(await auditOf("neet@2017-06"))).not.toContain("Jayden");
    expect(await figure("neet", "2017-06")).toMatchObject({ value: 59, note: null, noteRemovedBy: ADMIN, noteRemovedReason: "named a child" });
    const redaction = (await auditOf("neet@2017-06")).at(-1)!;
    expect(redaction.action).toBe("redact");
    expect(JSON.parse(redaction.newValue!)).toEqual({ field: "note", reason: "named a child", entries: 2 });

    const shown = await h.command(READER, "neet");
    expect(shown.text).toContain(`*Note*: _removed by <@${ADMIN}> on 3 Jul 2017: named a child_`);
    expect(shown.text).not.toContain("Jayden");
    const audit = await h.command(ADMIN, "audit neet");
    expect(audit.text).toContain(`58% recorded for June 2017, note: [removed by <@${ADMIN}> on 3 Jul 2017: “named a child”]`);
    expect(audit.text).toContain("note for June 2017 removed from the figure and 2 audit entries: “named a child”");
    expect(audit.text).not.toContain("Jayden");
    const csv = await exported();
    expect(csv).not.toContain("Jayden");
    expect(csv).toContain(`[note removed by ${ADMIN} on 2017-07-03: named a child]`);
  });

  it("removes an action update's text, by its number in /plan <ref>", async () => {
    // Update 1 is the import; 2 and 3 were stored anyway.
    for (const text of [`5.1 at-risk ${JAYDEN}`, "5.1 blocked waiting on Mrs Khan at 12 Acacia Avenue"]) {
      expect((await h.click(OWNER, await h.command(OWNER, text, { command: "/plan" }), "confirm:yes")).text).toContain("Action `5.1` is now");
    }
    const show = await h.command(READER, "5.1", { command: "/plan" });
    expect(show.text).toContain("2. At risk: Jayden Smith");
    expect(show.text).toContain("3. Blocked: waiting on Mrs Khan at 12 Acacia Avenue");
    expect((await h.command(OWNER, "5.1 redact 2 named a child", { command: "/plan" })).text).toContain("only admins");
    expect((await h.command(ADMIN, "5.1 redact 9 named a child", { command: "/plan" })).text).toContain("has no update 9");
    const done = await h.command(ADMIN, "5.1 redact 2 named a child", { command: "/plan" });
    expect(done.text).toContain("Removed the text of update 2 of `5.1` from the update, 1 audit entry");
    const after = await h.command(READER, "5.1", { command: "/plan" });
    expect(after.text).toContain(`2. At risk: _text removed by <@${ADMIN}> on 3 Jul 2017: named a child_`);
    expect(after.text).not.toContain("Jayden");
    const rows = [...(await h.ctx.db.actionUpdate.findMany()), ...(await h.ctx.db.auditEntry.findMany({ where: { subject: "action:5.1" } }))];
    expect(JSON.stringify(rows)).not.toContain("Jayden");
    expect((await h.command(ADMIN, "5.1 redact 2 again", { command: "/plan" })).text).toContain("already removed");
  });
});

// /kpi end to end: signed slash commands to the real app, replies via response_url.
// Each test has its own app, database and fake Slack, and records the figures it reads.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, type Harness, READER, RECORDER, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const count = (model: "measurement" | "auditEntry" | "indicator" | "admin" | "recorder") =>
  (h.ctx.db[model] as unknown as { count: () => Promise<number> }).count();

describe("recording and correcting", () => {
  it("records for the latest ended period when none is given, and says which in words", async () => {
    const r = await h.command(ADMIN, "cla 433 relatively stable");
    expect(r.text).toContain("Recorded *433* for `cla`");
    expect(r.text).toContain("June 2017"); // the clock says 3 July 2017
    expect(r.text).toContain("relatively stable");
  });

  it("corrects a figure, shows old → new, and audits both", async () => {
    await h.command(ADMIN, "sw-vacancies 15 2017-05");
    const asked = await h.command(ADMIN, "sw-vacancies 16.5 2017-05 recount");
    expect(asked.text).toContain("Replace the figure for `sw-vacancies`");
    const r = await h.click(ADMIN, asked, "confirm:yes");
    expect(r.text).toContain("Corrected `sw-vacancies` for May 2017: 15 → *16.5*");
    const audit = await h.ctx.db.auditEntry.findMany({ where: { subject: "sw-vacancies@2017-05" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["record", "correct"]);
    expect(JSON.parse(audit[1]!.oldValue!)).toMatchObject({ value: 15 });
    expect(JSON.parse(audit[1]!.newValue!)).toMatchObject({ value: 16.5, note: "recount" });
    expect(audit[1]!.actor).toBe(ADMIN);
  });

  it("stores a percentage typed as a fraction with its base", async () => {
    const r = await h.command(ADMIN, "icpc-15wd 12/15 2017-05");
    expect(r.text).toContain("80% (12 of 15)");
    const m = await h.ctx.db.measurement.findFirst({ where: { indicatorKey: "icpc-15wd", period: "2017-05" } });
    expect(m).toMatchObject({ value: 80, numerator: 12, base: 15 });
  });

  it("records a quarterly figure and echoes the quarter in words", async () => {
    const r = await h.command(ADMIN, "leavers-eet 63 2017/18 Q1 an increase");
    expect(r.text).toContain("April to June 2017, Q1 2017/18");
  });
});

/** Assessments within 45 working days: target 90%, tolerance 5, and three figures (June 2017 is Red). */
async function recordAssessments(): Promise<void> {
  for (const text of [
    "assess-45wd target 90%",
    "assess-45wd tolerance 5",
    "assess-45wd 91 2016-06",
    "assess-45wd 88 2017-05",
    "assess-45wd 84 2017-06 two teams short-staffed",
  ]) {
    await h.command(ADMIN, text);
  }
}

describe("the query", () => {
  it("adds target, RAG with its reason, the England figure and the same period last year", async () => {
    await recordAssessments();
    const q = await h.command(READER, "assess-45wd");
    expect(q.text).toContain("*84%* in June 2017");
    expect(q.text).toContain("Down 4 points since the previous figure, for May 2017 (88%): *worsening*");
    expect(q.text).toContain("Down 7 points on the same period last year, June 2016 (91%): worsening");
    expect(q.text).toContain("Target 90%");
    expect(q.text).toContain("*Red* because 84% is 6 points below the target of 90%, beyond the tolerance of 5 points");
    // England's 2024/25 figure is not of June 2017's period: context, never a comparison.
    expect(q.text).toContain("England 2024/25: 85.7% _(context only: not the same period as June 2017)_");
    expect(q.text).toContain("two teams short-staffed");
    expect(q.text).toContain("England figure derived from the DfE's published bands"); // the catalogue's guidance
    // Red and worsening: what is being done about it.
    expect(q.text).toContain("*What are we doing about it?* No open plan action names `assess-45wd` as its measure.");
  });

  it("shows the region and statistical neighbours recorded for that period", async () => {
    await recordAssessments();
    const { importBenchmarks } = await import("../../src/services/imports.js");
    const imported = await importBenchmarks(
      h.ctx,
      "key,period,comparator,value\nassess-45wd,2017-06,region,82.5\nassess-45wd,2017-06,neighbours,80.1\nassess-45wd,2017-05,region,70\n",
      ADMIN,
    );
    expect(imported).toMatchObject({ ok: true, value: { rows: 3 } });
    const q = await h.command(READER, "assess-45wd");
    expect(q.text).toContain("Region June 2017: 82.5%");
    expect(q.text).toContain("Statistical neighbours June 2017: 80.1%");
    expect(q.text).not.toContain("70%");
  });

  it("says plainly when an indicator has no figures", async () => {
    const q = await h.command(READER, "adoptions");
    expect(q.text).toContain("No figures recorded yet");
  });

  it("lists every indicator with its latest figure and status", async () => {
    await recordAssessments();
    const r = await h.command(READER, "list");
    expect(r.text).toContain("`assess-45wd`");
    expect(r.text).toMatch(/`assess-45wd` Single assessments completed within 45 working days: \*84%\* \(Jun 2017\) :red_circle: Red/);
    expect(r.text).toContain("`adoptions` Children adopted in the month: _no figures yet_");
    expect((r.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
  });

  it("shows history as a table, newest first", async () => {
    await recordAssessments();
    const r = await h.command(READER, "assess-45wd history");
    const table = r.text.slice(r.text.indexOf("```"));
    expect(table.indexOf("Jun 2017")).toBeLessThan(table.indexOf("May 2017"));
    expect(table.indexOf("May 2017")).toBeLessThan(table.indexOf("Jun 2016"));
    expect(table).toContain("Red");
  });
});

describe("roles", () => {
  it("tells a reader politely that they may not record, and stores nothing", async () => {
    const before = await count("measurement");
    const r = await h.command(READER, "cp-plans 999 2017-06");
    expect(r.text).toContain("only admins and the recorders of `cp-plans`");
    expect(await count("measurement")).toBe(before);
  });

  it("lets an admin name a recorder, who may then record that indicator only", async () => {
    const set = await h.command(ADMIN, `cp-reviews-timely owner <@${RECORDER}|rita>`);
    expect(set.text).toContain(`can now be recorded by <@${RECORDER}>`);
    expect((await h.command(RECORDER, "cp-reviews-timely 98 2017-06")).text).toContain("Recorded *98%*");
    expect((await h.command(RECORDER, "cla 400 2017-05")).text).toContain("only admins and the recorders of `cla`");
    const owners = await h.command(READER, "cp-reviews-timely owner");
    expect(owners.text).toContain(`<@${RECORDER}>`);
  });

  it("keeps targets, tolerance, deletion, owners, admins and the audit trail to admins", async () => {
    const before = await count("auditEntry");
    for (const text of [
      "assess-45wd target 50%",
      "assess-45wd tolerance 1",
      "cla delete 2017-06",
      `cla owner <@${READER}>`,
      `admins add <@${READER}>`,
      "admins",
      "audit",
    ]) {
      const r = await h.command(RECORDER, text);
      expect(r.text, text).toContain("only admins can");
    }
    expect(await count("auditEntry")).toBe(before);
  });

  it("lets admins add and remove admins, audited, but not those fixed by ADMIN_USER_IDS", async () => {
    expect((await h.command(ADMIN, `admins add <@${RECORDER}>`)).text).toContain(`Added <@${RECORDER}>`);
    expect((await h.command(RECORDER, "admins")).text).toContain(`<@${ADMIN}> (from ADMIN_USER_IDS)`);
    expect((await h.command(RECORDER, `admins remove <@${ADMIN}>`)).text).toContain("ADMIN_USER_IDS setting");
    expect((await h.command(ADMIN, `admins remove <@${RECORDER}>`)).text).toContain(`Removed <@${RECORDER}>`);
    expect((await h.command(RECORDER, "admins")).text).toContain("only admins can");
    const audit = await h.ctx.db.auditEntry.findMany({ where: { subject: "admins" } });
    expect(audit.map((a) => a.action)).toEqual(["admins-add", "admins-remove"]);
  });
});

describe("deleting and the audit trail", () => {
  it("withdraws a figure, keeping it in the audit trail that admins can read", async () => {
    await h.command(ADMIN, "s47 41 2017-06");
    const d = await h.command(ADMIN, "s47 delete Jun 2017");
    expect(d.text).toContain("Deleted the figure of 41 for `s47`, June 2017");
    expect(await h.ctx.db.measurement.count({ where: { indicatorKey: "s47" } })).toBe(0);
    const a = await h.command(ADMIN, "audit s47");
    expect(a.text).toContain(`<@${ADMIN}> · \`s47\` figure for June 2017 withdrawn (was 41)`);
    expect(a.text).toContain(`<@${ADMIN}> · \`s47\` 41 recorded for June 2017`);
    expect(a.text).not.toMatch(/[{}]/);
  });

  it("says so when there is nothing to delete", async () => {
    expect((await h.command(ADMIN, "s47 delete 2016-01")).text).toContain("has no figure for January 2016");
  });
});

describe("bad input changes nothing and says how to put it right", () => {
  const cases: [string, string, string][] = [
    ["cp-plan 276 2017-06", "I don't know the indicator `cp-plan`. Did you mean `cp-plans`", "/kpi list"],
    ["cp-plans 27.5 2017-06", "not a whole number", "Try:"],
    ["assess-45wd 120% 2017-06", "more than 100%", "Try:"],
    ["cp-plans 276 2017-13", "is not a period I can read", "2017/18 Q1"],
    ["cp-plans 276 2017/18 Q1", "is a quarter, but cp-plans is recorded monthly", "a month, such as 2017-06"],
    ["cp-plans 276 2017-07", "July 2017 has not ended yet", "June 2017"],
    ["leavers-eet 60 2017-06", "is a month, but leavers-eet is recorded quarterly", "2017/18 Q1"],
    ["list everything", "takes nothing after it", "/kpi list"],
    ["cp-plans 276 2017-06 \u202Ehidden", "invisible direction-changing characters", "retype"],
    [`cp-plans 276 2017-06 ${"a".repeat(4000)}`, "a command can be at most 1000", "keep notes short"],
    [`cp-plans 276 2017-06 ${"a".repeat(600)}`, "keep it to 500", "Try:"],
    ["cp-plans target 5", "is neutral", ""],
    ["cp-plans owner bob", "not a Slack user", "@user"],
  ];
  it.each(cases)("%s", async (text, why, hint) => {
    const [measurements, audits, indicators] = await Promise.all([count("measurement"), count("auditEntry"), count("indicator")]);
    const r = await h.command(ADMIN, text);
    expect(r.body.response_type).toBe("ephemeral");
    expect(r.text).toContain(why);
    if (hint) expect(r.text).toContain(hint);
    expect([await count("measurement"), await count("auditEntry"), await count("indicator")]).toEqual([measurements, audits, indicators]);
  });

  it("answers empty text with help", async () => {
    const r = await h.command(READER, "");
    expect(r.text).toContain("`/kpi list`");
    expect(r.text).toContain("never write a child's name");
  });

  it("escapes a note so it cannot ping the channel or fake a link", async () => {
    await h.command(ADMIN, "contacts 1200 2017-06 see &lt;!channel&gt; &lt;http://evil|here&gt;");
    const q = await h.command(READER, "contacts");
    expect(q.text).toContain("&lt;!channel&gt;");
    expect(q.text).not.toContain("<!channel>");
  });
});

// Issue 9's screen on every free text the bot stores, end to end through the real
// app and the fake Slack: milestones and the risk register from Slack (held back,
// then Store anyway, audited as such), imports refused with their rows, redaction
// reasons refused outright, and import-metrics keeping a note it is not given.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Result } from "../../src/domain/result.js";
import { plainWords } from "../../src/domain/words.js";
import { importIndicators } from "../../src/services/imports.js";
import { importPlan } from "../../src/services/plan-import.js";
import { importRecommendations } from "../../src/services/recommendations.js";
import { tmpDir, writeTmp } from "../support/cli.js";
import { ADMIN, type Harness, READER, type Reply, runCli, startHarness } from "../support/harness.js";

const OWNER = "U0OWNER0012";
const JAYDEN = "Jayden Smith (DOB 03/04/2012)";

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

const plan = (user: string, text: string) => h.command(user, text, { command: "/plan" });
const auditOf = (subject: string) => h.ctx.db.auditEntry.findMany({ where: { subject }, orderBy: { id: "asc" } });
const overridesOf = async (subject: string) =>
  (await auditOf(subject)).filter((a) => a.action === "screen-override").map((a) => JSON.parse(a.newValue!) as unknown);

function buttons(r: Reply): string[] {
  return ((r.body.blocks ?? []) as { elements?: { type: string; text?: { text: string } }[] }[]).flatMap((b) =>
    (b.elements ?? []).filter((e) => e.type === "button").map((e) => e.text?.text ?? ""),
  );
}

/** The reasons of a refused import, one per line ("line 3: …"). */
function problems(r: Result<unknown>): string[] {
  if (r.ok) return [];
  return plainWords(r.error.text)
    .split("\n")
    .slice(1)
    .map((l) => l.trim());
}

describe("a milestone's text", () => {
  it("is held back from Slack when it may identify someone, then stored with Store anyway and audited as such", async () => {
    expect((await plan(OWNER, "5.1 milestone add 2017-09-30 first moderated audits reported")).text).toContain("Milestone 1 of `5.1` added");

    const r = await plan(OWNER, `5.1 milestone add 2017-10-31 review placement of ${JAYDEN}`);
    expect(r.body.response_type).toBe("ephemeral");
    expect(r.text).toContain("Not stored:* the milestone for action `5.1` may identify someone");
    expect(r.text).toContain('"Jayden Smith" looks like a person\'s name: describe people by role or group');
    expect(r.text).toContain("looks like a date of birth");
    expect(buttons(r)).toEqual(["Store anyway"]);
    expect(await h.ctx.db.milestone.count()).toBe(1);
    expect(JSON.stringify(await h.ctx.db.actionUpdate.findMany())).not.toContain("Jayden");
    expect(JSON.stringify(await h.ctx.db.auditEntry.findMany())).not.toContain("Jayden");

    expect((await h.click(READER, r, "confirm:yes")).text).toContain("asked of someone else");
    expect(await h.ctx.db.milestone.count()).toBe(1);
    const stored = await h.click(OWNER, r, "confirm:yes");
    expect(stored.text).toContain("Milestone 2 of `5.1` added: review placement of Jayden Smith");
    expect(await h.ctx.db.milestone.findMany({ orderBy: { n: "asc" } })).toMatchObject([{ n: 1 }, { n: 2, text: `review placement of ${JAYDEN}` }]);
    expect(await overridesOf("action:5.1")).toEqual([{ field: "milestone", kinds: ["name", "date-of-birth"] }]);
    expect((await h.click(OWNER, r, "confirm:yes")).text).toContain("already answered");
    expect(await h.ctx.db.milestone.count()).toBe(2);

    const audit = await h.command(ADMIN, "audit");
    expect(audit.text).toContain("`action 5.1` milestone stored anyway, though it looked like a person's name, a date of birth");
  });
});

describe("the risk register", () => {
  it("holds back a new risk that may identify someone, then stores it with Store anyway, audited as such", async () => {
    const r = await plan(ADMIN, `risk add Front-line 4 5 ${JAYDEN} may be placed out of area`);
    expect(r.body.response_type).toBe("ephemeral");
    expect(r.text).toContain("Not stored:* the text for a new risk in");
    expect(r.text).toContain('"Jayden Smith" looks like a person\'s name');
    expect(buttons(r)).toEqual(["Store anyway"]);
    expect(await h.ctx.db.risk.count()).toBe(0);
    expect(await h.ctx.db.auditEntry.count({ where: { subject: { startsWith: "risk:" } } })).toBe(0);

    const stored = await h.click(ADMIN, r, "confirm:yes");
    expect(stored.text).toContain("Risk `R1` added");
    const risk = await h.ctx.db.risk.findFirstOrThrow();
    expect(risk.text).toBe(`${JAYDEN} may be placed out of area`);
    expect((await auditOf(`risk:${risk.id}`)).map((a) => a.action)).toEqual(["risk-add", "screen-override"]);
    expect(await overridesOf(`risk:${risk.id}`)).toEqual([{ field: "text", kinds: ["name", "date-of-birth"] }]);
    expect((await h.command(ADMIN, "audit")).text).toContain(`\`risk R${risk.id}\` text stored anyway, though it looked like a person's name`);
  });

  it("holds back a mitigation and a closing reason that may identify someone, and passes ordinary ones", async () => {
    expect((await plan(ADMIN, "risk add Front-line 3 4 Agency social workers leave before permanent staff are recruited")).text).toContain("Risk `R1` added");
    const id = (await h.ctx.db.risk.findFirstOrThrow()).id;
    const label = `R${id}`;

    const mitigation = await plan(ADMIN, `risk ${label} mitigation Mrs Khan to ring the family on 07700 900123`);
    expect(mitigation.text).toContain(`Not stored:* the mitigation for risk \`${label}\` may identify someone`);
    expect(mitigation.text).toContain('"07700 900123" looks like a telephone number');
    expect((await h.ctx.db.risk.findFirstOrThrow()).mitigation).toBeNull();
    expect((await plan(ADMIN, `risk ${label} mitigation market supplement proposed; recruitment campaign in January`)).text).toContain(
      "mitigation is now: market supplement proposed",
    );
    expect((await h.click(ADMIN, mitigation, "confirm:yes")).text).toContain("mitigation is now: Mrs Khan");
    expect((await h.ctx.db.risk.findFirstOrThrow()).mitigation).toBe("Mrs Khan to ring the family on 07700 900123");

    const close = await plan(ADMIN, `risk ${label} close ${JAYDEN} moved out of the area`);
    expect(close.text).toContain(`Not stored:* the reason for closing risk \`${label}\` may identify someone`);
    expect((await h.ctx.db.risk.findFirstOrThrow()).closedAt).toBeNull();
    expect((await h.click(ADMIN, close, "confirm:yes")).text).toContain(`Risk \`${label}\` is closed`);
    expect(await h.ctx.db.risk.findFirstOrThrow()).toMatchObject({ closedReason: `${JAYDEN} moved out of the area` });

    expect(await overridesOf(`risk:${id}`)).toEqual([
      { field: "mitigation", kinds: ["name", "phone"] },
      { field: "reason", kinds: ["name", "date-of-birth"] },
    ]);
  });

  it("refuses an import-risks file with a row that may identify someone, naming the row and reason, and stores nothing", async () => {
    const file = writeTmp(
      tmpDir("risks-"),
      "risks.csv",
      [
        "theme,likelihood,impact,risk,owner,review,mitigation",
        "Front-line practice,4,5,Agency social workers leave before permanent staff are recruited,,,Market supplement proposed",
        `Front-line practice,3,4,${JAYDEN} may be placed out of area,,,`,
        "Front-line practice,2,3,The new case management system slips,,,Call the supplier's account manager on 0161 496 0000",
      ].join("\n"),
    );
    const r = await runCli(h, ["import-risks", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Nothing was imported: 2 problems");
    expect(r.stderr).toMatch(/line 3: risk may identify someone: "Jayden Smith" looks like a person's name.*looks like a date of birth/);
    expect(r.stderr).toMatch(/line 4: mitigation may identify someone: "0161 496 0000" looks like a telephone number/);
    expect(r.stderr).not.toMatch(/line 2:/);
    expect(await h.ctx.db.risk.count()).toBe(0);
    expect(await h.ctx.db.auditEntry.count({ where: { subject: { startsWith: "risk:" } } })).toBe(0);
  });
});

describe("other imported free text", () => {
  it("refuses recommendations whose text or source may identify someone", async () => {
    const csv = [
      "ref,text,source",
      "Ofsted-2025-R1,The timeliness and quality of decisions at the front door.,Ofsted ILACS inspection September 2025",
      "Ofsted-2025-R2,Ensure that the plan for Jayden Smith says what must change.,Ofsted ILACS inspection September 2025",
      "Ofsted-2025-R3,The regularity of management oversight.,letter from jane.doe@example.gov.uk",
    ].join("\n");
    const r = await importRecommendations(h.ctx, csv, "cli:test");
    expect(problems(r)).toEqual([
      expect.stringMatching(/^line 3: text may identify someone: "Jayden Smith" looks like a person's name/),
      expect.stringMatching(/^line 4: source may identify someone: "jane\.doe@example\.gov\.uk" looks like an e-mail address/),
    ]);
    expect(await h.ctx.db.recommendation.count()).toBe(0);
  });

  it("refuses a plan whose measure of success may identify someone", async () => {
    const csv = [
      "ref,theme,action,owner,due,measure",
      `6.1,Front-line practice,Review the plans of children in care,${OWNER},2017-12-31,case 123456 closed`,
    ].join("\n");
    const r = await importPlan(h.ctx, csv, "cli:test", async () => null);
    expect(problems(r)).toEqual([expect.stringMatching(/^line 2: measure may identify someone: "case 123456" looks like a case or reference number/)]);
    expect(await h.ctx.db.action.count({ where: { ref: "6.1" } })).toBe(0);
  });

  it("refuses a local indicator whose name or guidance may identify someone", async () => {
    const csv = [
      "key,name,unit,polarity,frequency,guidance",
      "local-visits,Visits within 10 working days,percent,high_good,monthly,ask the performance team",
      "local-one,Visits to Jayden Smith,count,neutral,monthly,",
      "local-two,Missing episodes,count,low_good,monthly,figures from PC Jones on 07700 900123",
    ].join("\n");
    const r = await importIndicators(h.ctx, csv, "cli:test");
    expect(problems(r)).toEqual([
      expect.stringMatching(/^line 3: name may identify someone: "Jayden Smith" looks like a person's name/),
      expect.stringMatching(/^line 4: guidance may identify someone: .*"07700 900123" looks like a telephone number/),
    ]);
    expect(await h.ctx.db.indicator.count({ where: { key: { startsWith: "local-" } } })).toBe(0);
  });
});

describe("a redaction reason that may identify someone", () => {
  it("is refused for a figure's note, with no Store anyway, and nothing is removed or audited", async () => {
    const asked = await h.command(ADMIN, `neet 58 2017-06 ${JAYDEN} placed out of area`);
    expect((await h.click(ADMIN, asked, "confirm:yes")).text).toContain("Recorded");
    const before = await h.ctx.db.auditEntry.count();

    const r = await h.command(ADMIN, "neet redact 2017-06 it named Jayden Smith");
    expect(r.body.response_type).toBe("ephemeral");
    expect(r.text).toContain("The reason itself may identify someone");
    expect(r.text).toContain('"Jayden Smith" looks like a person\'s name');
    expect(r.text).toContain("Nothing was removed.");
    expect(buttons(r)).toEqual([]);
    expect(await h.ctx.db.auditEntry.count()).toBe(before);
    expect(await h.ctx.db.measurement.findFirst({ where: { indicatorKey: "neet", period: "2017-06" } })).toMatchObject({
      note: `${JAYDEN} placed out of area`,
      noteRemovedReason: null,
    });

    expect((await h.command(ADMIN, "neet redact 2017-06 named a child")).text).toContain("Removed the note of `neet`");
  });

  it("is refused when it repeats a name the screen does not know from the note it removes", async () => {
    // "Callum" alone is a known miss of the screen (see the notes corpus), so the note was stored at once.
    expect((await h.command(ADMIN, "cla 433 2017-06 Callum was placed in a secure unit")).text).toContain("Recorded");
    const r = await h.command(ADMIN, "cla redact 2017-06 it named callum");
    expect(r.text).toContain('The reason repeats "Callum" from the text it removes');
    expect(r.text).toContain("Nothing was removed.");
    expect(buttons(r)).toEqual([]);
    expect(JSON.stringify(await auditOf("cla@2017-06"))).not.toContain("named callum");
    expect((await h.command(ADMIN, "cla redact 2017-06 named a child")).text).toContain("Removed the note of `cla`");
    expect(JSON.stringify(await auditOf("cla@2017-06"))).not.toContain("Callum");
  });

  it("is refused for an action update's text, with no Store anyway, and nothing is removed or audited", async () => {
    const held = await plan(OWNER, `5.1 at-risk waiting on ${JAYDEN}`);
    expect((await h.click(OWNER, held, "confirm:yes")).text).toContain("Action `5.1` is now");
    const before = await h.ctx.db.auditEntry.count();

    const r = await plan(ADMIN, "5.1 redact 2 it gave the date of birth 03/04/2012");
    expect(r.text).toContain("The reason itself may identify someone");
    expect(r.text).toContain("looks like a date of birth");
    expect(buttons(r)).toEqual([]);
    expect(await h.ctx.db.auditEntry.count()).toBe(before);
    expect((await h.ctx.db.actionUpdate.findFirst({ where: { actionRef: "5.1", kind: "status" } }))?.note).toContain("Jayden");

    expect((await plan(ADMIN, "5.1 redact 2 named a child")).text).toContain("Removed the text of update 2 of `5.1`");
  });
});

describe("import-metrics without a note", () => {
  it("keeps each corrected figure's note (or the mark of its removal), and says how many were kept", async () => {
    expect((await h.command(ADMIN, "cp-plans 276 2017-06 Signs of Safety roll-out")).text).toContain("Recorded");
    expect((await h.command(ADMIN, "s47 41 2017-06 named a child by mistake")).text).toContain("Recorded");
    expect((await h.command(ADMIN, "s47 redact 2017-06 wrong note")).text).toContain("Removed the note");
    expect((await h.command(ADMIN, "cla 433 2017-06 relatively stable")).text).toContain("Recorded");

    const file = writeTmp(
      tmpDir("metrics-"),
      "metrics.csv",
      ["key,period,value,note", "cp-plans,2017-06,277,", "s47,2017-06,42,", "cla,2017-06,434,two sibling groups came into care", "neet,2017-06,5.1,"].join(
        "\n",
      ),
    );
    const r = await runCli(h, ["import-metrics", file]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("import-metrics: 4 rows imported (1 added, 3 updated).");
    expect(r.stdout).toContain("2 figures corrected without a note kept their note: a note is changed only when the file gives a new one.");

    const figure = (key: string) => h.ctx.db.measurement.findFirstOrThrow({ where: { indicatorKey: key, period: "2017-06" } });
    expect(await figure("cp-plans")).toMatchObject({ value: 277, note: "Signs of Safety roll-out" });
    expect(await figure("s47")).toMatchObject({ value: 42, note: null, noteRemovedReason: "wrong note" });
    expect(await figure("cla")).toMatchObject({ value: 434, note: "two sibling groups came into care" });
    expect(await figure("neet")).toMatchObject({ value: 5.1, note: null });
    const correction = (await auditOf("cp-plans@2017-06")).at(-1)!;
    expect(JSON.parse(correction.newValue!)).toMatchObject({ value: 277, note: "Signs of Safety roll-out" });
    expect((await h.command(READER, "cp-plans")).text).toContain("Signs of Safety roll-out");
  });
});

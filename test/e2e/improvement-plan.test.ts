// A real improvement plan (issue 12): three themes with aims, eight
// objectives and thirty actions answering an inspection's recommendations,
// imported from CSV (test/support/plan/) with months, "ongoing", statuses,
// RAG, evidence, milestones, measures and owners outside Slack; then the views
// that read it (/plan list, /plan recs, /plan risks, /plan <ref>), reminders,
// escalations and the digest's plan section.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tmpDir, writeTmp } from "../support/cli.js";
import { ADMIN, blocksText, type Harness, READER, runCli, startHarness } from "../support/harness.js";
import { importRealPlan, REAL_PLAN_FILES, REAL_PLAN_PEOPLE } from "../support/real-plan.js";

const PLAN_FILE = REAL_PLAN_FILES.plan;
const RECS_FILE = REAL_PLAN_FILES.recommendations;
const RISKS_FILE = REAL_PLAN_FILES.risks;

const QA = "U0HEADQA001"; // head of quality assurance
const HOS = "U0HEADCS001"; // head of children's social care
const AD = "U0ADSAFE001"; // assistant director, safeguarding (a sponsor)
const DCS = "U0DCS000001"; // director of children's services (a sponsor)
const WORKFORCE = "U0WORKFRC01";
const CLA = "U0CLAHEAD01";
const MASH = "U0MASHMGR01"; // by e-mail
const LEAVING_CARE = "U0LEAVECR01"; // by e-mail and by id
const BOARD = "C0PLANBRD02";
const DIGESTS = "C0BOARDDG01";

// The plan was imported on Friday 30 October 2026, before Monday's reminder slot.
const IMPORTED_AT = "2026-10-30T09:00:00Z";

// Each test: its own app, database and fake Slack on Monday 2 November 2026 at 11:00, with the plan
// channel set and the plan's people by e-mail in Slack's directory; a test imports the plan (withPlan),
// and runs the reminders and makes the changes it reads itself.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: new Date("2026-11-02T11:00:00Z") });
  for (const [email, id] of Object.entries(REAL_PLAN_PEOPLE)) h.fake.directory.set(email, id);
  expect((await h.command(ADMIN, `channel <#${BOARD}|improvement-board>`, { command: "/plan" })).text).toContain(`<#${BOARD}>`);
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const plan = (user: string, text: string) => h.command(user, text, { command: "/plan" });

function cli(args: string[], now?: string) {
  return runCli(h, [...args, ...(now ? ["--now", now] : [])], {}, 90_000);
}

/** The recommendations, the plan (30 actions) and, unless `risks: false`, the risk register (R1 to R3), imported at IMPORTED_AT. */
function withPlan(options: { risks?: boolean } = {}): Promise<void> {
  return importRealPlan(h.ctx, { at: new Date(IMPORTED_AT), ...options });
}

/** What the risks' owners did on 2 November: R1 reviewed, next due on 10 November; R3 re-rated 16, high. */
async function withRisksReviewed(): Promise<void> {
  expect((await plan(WORKFORCE, "risk R1 review 2026-11-10")).text).toContain("the next review is Tuesday 10 November 2026");
  expect((await plan(AD, "risk R3 rate 4 4 supplier has missed two milestones")).text).toContain("now rated *16 high (likelihood 4 × impact 4)*");
}

/** run-due at that instant, as the scheduler would. */
async function runDue(now: string): Promise<void> {
  const r = await cli(["run-due"], now);
  expect(r.code, r.stderr).toBe(0);
}

const textOf = (c: { args: Record<string, unknown> }) => blocksText(c.args);
/** The position of each string in the text, which must all be there. */
function positions(text: string, parts: string[]): number[] {
  return parts.map((p) => {
    const i = text.indexOf(p);
    expect(i, `"${p}" in the text`).toBeGreaterThanOrEqual(0);
    return i;
  });
}
const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

describe("a real plan", () => {
  describe("importing a real plan", () => {
    it("imports the recommendations, then the plan: 3 themes, 8 objectives, 30 actions", async () => {
      const recs = await cli(["import-recommendations", RECS_FILE], IMPORTED_AT);
      expect(recs.code, recs.stderr).toBe(0);
      expect(recs.stdout).toContain("import-recommendations: 8 rows imported (8 added, 0 updated)");
      const r = await cli(["import-plan", PLAN_FILE], IMPORTED_AT);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("import-plan: 30 rows imported (30 added, 0 updated)");

      const db = h.ctx.db;
      expect(await db.planTheme.findMany({ orderBy: { position: "asc" } })).toEqual([
        { name: "Leadership, management and governance", ref: "1", aim: "Leaders know the quality of practice and use it to drive improvement", position: 0 },
        { name: "Front-line practice", ref: "2", aim: "Children get the right help at the right time", position: 1 },
        {
          name: "Children in care and care leavers",
          ref: "3",
          aim: "Children in care live in stable homes and care leavers are well prepared for adult life",
          position: 2,
        },
      ]);
      expect((await db.planObjective.findMany({ orderBy: { ref: "asc" } })).map((o) => o.ref)).toEqual([
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
      ]);
      expect(await db.action.count()).toBe(30);

      const a = async (ref: string) => db.action.findUniqueOrThrow({ where: { ref } });
      // Months are their last day, quarters too; "ongoing" has no due date.
      expect((await a("1.1.1")).due).toBe("2026-10-31");
      expect((await a("2.2.4")).due).toBe("2027-03-31");
      expect((await a("2.1.3")).due).toBe("2027-02-28");
      expect((await a("1.2.2")).due).toBeNull();
      // Current status, RAG and evidence of a plan already under way.
      expect(await a("1.1.1")).toMatchObject({ status: "done", evidence: "Board met in September and October; the scorecard is in use", ragOverride: null });
      expect(await a("1.2.1")).toMatchObject({ status: "on_track" }); // "In progress"
      expect(await a("2.2.3")).toMatchObject({ status: "not_started", ragOverride: "amber", ragReason: "as in the imported plan" });
      expect(await a("2.3.1")).toMatchObject({ status: "blocked", evidence: "Market supplement not yet agreed by finance" });
      // People: Slack ids, e-mail addresses looked up in Slack, and names of people outside Slack.
      expect(await a("2.1.1")).toMatchObject({ ownerId: MASH, ownerName: null });
      expect(await a("1.3.1")).toMatchObject({ ownerId: null, ownerName: "DCI Sarah Khan (Police)", sponsorId: AD });
      expect(await a("1.3.3")).toMatchObject({ sponsorId: null, sponsorName: "Cllr Jane Rowe (Lead Member)" });
      // Measures: an indicator with a target and a date, words, or both.
      expect(await a("2.2.1")).toMatchObject({ measureKey: "assess-45wd", measureTarget: 90, measureBy: "2027-03-31", measureText: null });
      expect(await a("1.1.2")).toMatchObject({
        measureKey: "audits-good",
        measureTarget: 80,
        measureBy: "2027-06-30",
        measureText: "moderation agrees with 90% of auditors' grades",
      });
      expect(await a("1.2.2")).toMatchObject({ measureKey: null, measureText: "Supervision recorded monthly for 95% of children's cases" });
      expect(await a("2.3.4")).toMatchObject({ measureKey: "sw-turnover", measureTarget: 12, measureBy: null });
      // Recommendations and milestones.
      expect((await db.actionRecommendation.findMany({ where: { actionRef: "2.2.4" } })).map((r) => r.recommendationRef).sort()).toEqual([
        "Ofsted-2025-R2",
        "Ofsted-2025-R3",
      ]);
      expect(
        await db.milestone.findMany({ where: { actionRef: "1.2.1" }, orderBy: { n: "asc" }, select: { n: true, due: true, text: true, doneAt: true } }),
      ).toEqual([
        { n: 1, due: "2026-10-31", text: "Policy agreed", doneAt: expect.any(Date) },
        { n: 2, due: "2026-11-20", text: "Training delivered to all team managers", doneAt: null },
      ]);
    });

    it("imports the risk register, refusing a file with a theme or rating the plan does not have", async () => {
      await withPlan({ risks: false });
      const bad = await cli(
        ["import-risks", writeTmp(tmpDir("risks-"), "bad.csv", "theme,likelihood,impact,risk\n9,4,5,Nowhere\n2,6,1,Too likely\n")],
        IMPORTED_AT,
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`line 2: theme "9" is not one of the plan's themes (1, 2, 3)`);
      expect(bad.stderr).toContain(`line 3: The likelihood must be a whole number from 1 to 5, not "6".`);
      const r = await cli(["import-risks", RISKS_FILE], IMPORTED_AT);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("import-risks: 3 rows imported (3 added, 0 updated)");
      expect(
        await h.ctx.db.risk.findMany({ orderBy: { id: "asc" }, select: { id: true, theme: true, ownerId: true, ownerName: true, reviewDate: true } }),
      ).toEqual([
        { id: 1, theme: "Front-line practice", ownerId: WORKFORCE, ownerName: null, reviewDate: "2026-11-20" },
        { id: 2, theme: "Children in care and care leavers", ownerId: null, ownerName: "Foster Carers Association Chair", reviewDate: "2026-12-31" },
        { id: 3, theme: "Leadership, management and governance", ownerId: AD, ownerName: null, reviewDate: "2027-01-31" },
      ]);
      const again = await cli(["import-risks", RISKS_FILE], IMPORTED_AT);
      expect(again.stdout).toContain("3 rows imported (0 added, 0 updated)");
    });

    it("refuses a file with mistakes, naming each row and reason, and stores nothing", async () => {
      await withPlan();
      const lines = readFileSync(PLAN_FILE, "utf8").trim().split("\n");
      const bad = [
        lines[0],
        `4.1.1,New theme,,An objective,A new action,,U0HEADQA001,,,Octember 2026,,,,,`,
        `4.1.2,New theme,,Another text for 4.1,Another,Ofsted-2099-R9,U0HEADQA001,,,2027-01-31,,,Finished,Purple,`,
        `4.2,New theme,,An objective,Two-part ref with an objective,,U0HEADQA001,,,2027-01-31,,,,,`,
        `4.1.3,New theme,,An objective,Bad milestone,,someone@,,,2027-01-31,,soon: nothing,,,`,
      ].join("\n");
      const r = await cli(["import-plan", writeTmp(tmpDir("plan-"), "bad.csv", bad)], IMPORTED_AT);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Nothing was imported: 4 problems");
      expect(r.stderr).toContain('line 2: due: "Octember 2026" is not a date.');
      expect(r.stderr).toMatch(/line 3: .*recommendation Ofsted-2099-R9 is not known \(import-recommendations first\)/);
      expect(r.stderr).toMatch(/line 3: .*status "Finished" must be not started, on track, at risk, blocked or done/);
      expect(r.stderr).toMatch(/line 3: .*rag "Purple" must be red, amber or green/);
      expect(r.stderr).toContain("line 4: ref 4.2 has an objective, so it must be objective.action, such as 2.1.3");
      expect(r.stderr).toMatch(/line 5: .*milestones: "soon: nothing" is not a milestone/);
      expect(r.stderr).toMatch(/line 5: .*owner: "someone@" looks like an e-mail address but is not one/);
      expect(await h.ctx.db.action.count()).toBe(30);
      expect(await h.ctx.db.planTheme.count()).toBe(3);
    });
  });

  describe("the views that read it", () => {
    it("/plan list shows the plan in its own order: themes with aims, objectives, actions, RAG for every action", async () => {
      await withPlan();
      const r = await plan(READER, "list");
      expect(r.text).toContain("Improvement plan (30)");
      expect(
        ascending(
          positions(r.text, [
            "*1 Leadership, management and governance*",
            "_Aim: Leaders know the quality of practice",
            "*1.1* Performance and quality assurance drive improvement",
            "`1.1.1`",
            "`1.1.4`",
            "*1.2* Supervision",
            "`1.3.3`",
            "*2 Front-line practice*",
            "*2.1* Front door decisions",
            "`2.3.4`",
            "*3 Children in care and care leavers*",
            "`3.1.1`",
            "`3.2.4`",
          ]),
        ),
      ).toBe(true);
      // Owners outside Slack by name; ongoing actions; a RAG for every status.
      expect(r.text).toMatch(/`1\.3\.1` Information-sharing agreement .*· DCI Sarah Khan \(Police\)/);
      expect(r.text).toMatch(/`1\.2\.2` .*\*On track\*, ongoing/);
      expect(r.text).toMatch(/`1\.1\.4` .*OVERDUE by 18 days.*Red \(overdue by 18 days\)/);
      expect(r.text).toMatch(/`1\.1\.3` .*\*Not started\*.*Green \(not started, due to start by Sunday 31 January 2027\)/);
      expect(r.text).toMatch(/`1\.2\.3` .*\*Not started\*.*Amber \(late to start: due to start by Thursday 1 October 2026\)/);
      expect(r.text).toMatch(/`2\.2\.3` .*Amber \(set by an admin: as in the imported plan\)/);
      expect(r.text).toMatch(/`2\.3\.1` .*\*Blocked\*.*Red \(blocked\)/);
    });

    it("/plan list 2 and /plan 2.1 show a theme and an objective", async () => {
      await withPlan();
      const theme = await plan(READER, "list 2");
      expect(theme.text).toContain("*2 Front-line practice*");
      expect(theme.text).not.toContain("`1.1.1`");
      expect(theme.text).toContain('Improvement plan: "2" (12)');
      const objective = await plan(READER, "2.1");
      expect(objective.text).toContain("*2.1* Front door decisions are timely and consistent");
      expect(objective.text).toContain("`2.1.4`");
      expect(objective.text).not.toContain("`2.2.1`");
      expect((await plan(READER, "list care leavers")).text).toContain("*3 Children in care and care leavers*");
    });

    it("/plan <ref> shows where the action sits, what it answers, its measure against the measure's target, milestones and history", async () => {
      await withPlan();
      await h.command(ADMIN, "assess-45wd 84 2026-09");
      const r = await plan(READER, "2.2.1");
      expect(r.text).toContain("Theme: 2 Front-line practice");
      expect(r.text).toContain("Objective 2.2: Assessments and plans are good and timely");
      expect(r.text).toContain("Answers recommendation `Ofsted-2025-R2`: The quality of assessments and plans");
      expect(r.text).toContain("Due: Wednesday 31 March 2027");
      expect(r.text).toContain("Measure `assess-45wd`: 84% (Sep 2026) against the target of 90% by 31 Mar 2027 :red_circle: Red");

      const milestones = await plan(READER, "3.1.2");
      expect(milestones.text).toContain(
        "*Milestones*\n1. Ten households approved: Thursday 31 December 2026\n2. Twenty households approved: Wednesday 31 March 2027",
      );
      expect(milestones.text).toContain("Measure of success: Twenty more fostering households approved");

      const outside = await plan(READER, "1.3.1");
      expect(outside.text).toContain("Owner: DCI Sarah Khan (Police) (outside Slack) · Sponsor: <@U0ADSAFE001>");
      const ongoing = await plan(READER, "1.3.3");
      expect(ongoing.text).toContain("Due: ongoing (reviewed monthly)");
      expect(ongoing.text).toContain("Sponsor: Cllr Jane Rowe (Lead Member) (outside Slack)");
    });

    it("/plan recs shows each recommendation with its actions and their RAG, and the ones no action answers", async () => {
      await withPlan();
      const r = await plan(READER, "recs");
      expect(r.text).toContain("Recommendations and the actions that answer them (8)");
      expect(ascending(positions(r.text, ["`Ofsted-2025-R1`", "`Ofsted-2025-R2`", "`Ofsted-2025-R6`", "`Ofsted-2025-R7`", "`DfE-2026-R1`"]))).toBe(true);
      const r4 = r.text.slice(r.text.indexOf("`Ofsted-2025-R4`"), r.text.indexOf("`Ofsted-2025-R5`"));
      expect(r4).toContain(":red_circle: Red · 0 of 4 done"); // 3.1.1 is overdue
      expect(ascending(positions(r4, ["`3.1.1`", "`3.1.2`", "`3.1.3`", "`3.1.4`"]))).toBe(true);
      expect(r4).toMatch(/`3\.1\.1` Publish the sufficiency strategy: \*On track\* :red_circle: Red \(overdue by 13 days\)/);
      const r5 = r.text.slice(r.text.indexOf("`Ofsted-2025-R5`"), r.text.indexOf("`Ofsted-2025-R6`"));
      expect(r5).toContain("1 of 4 done");
      expect(r5).toContain("Dr Amir Patel (ICB)");
      const r7 = r.text.slice(r.text.indexOf("`Ofsted-2025-R7`"), r.text.indexOf("`DfE-2026-R1`"));
      expect(r7).toContain("no action answers this yet");
      expect(r.text).toContain("1 recommendation has no action yet.");
    });

    it("keeps a risk register: admins add risks to a theme, owners review them, highest rated first", async () => {
      await withPlan();
      expect((await plan(READER, "risk add 1 3 3 Partners withdraw")).text).toContain("only admins can add risks");
      const r4 = await plan(ADMIN, "risk add 1 3 3 Partners withdraw from the joint audit programme");
      expect(r4.text).toContain("Risk `R4` added to 1 Leadership, management and governance");
      expect(r4.text).toContain("rated 9 medium (likelihood 3 × impact 3)");
      expect((await plan(ADMIN, "risk add 9 1 1 Nowhere")).text).toContain('"9" is not one of the plan\'s themes: 1, 2, 3');
      expect((await plan(ADMIN, "risk add 2 6 1 Too likely")).text).toContain("The likelihood must be a whole number from 1 to 5");

      expect((await plan(READER, "risk R1 mitigation none")).text).toContain("only the risk's owner");
      expect((await plan(READER, `risk R1 owner <@${READER}>`)).text).toContain("only admins can change who owns a risk");
      expect((await plan(ADMIN, `risk R4 owner <@${HOS}>`)).text).toContain(`<@${HOS}> now owns risk \`R4\``);
      expect((await plan(WORKFORCE, "risk R1 review 2026-11-10")).text).toContain("the next review is Tuesday 10 November 2026");
      expect((await plan(AD, "risk R3 rate 4 4 supplier has missed two milestones")).text).toContain(
        "now rated *16 high (likelihood 4 × impact 4)* (was 6 low (likelihood 2 × impact 3)): supplier has missed two milestones",
      );

      const reg = await plan(READER, "risks");
      expect(reg.text).toContain("Risk register (4 open, 2 high)");
      expect(ascending(positions(reg.text, ["`R1` *20 High*", "`R3` *16 High*", "`R2` *12 Medium*", "`R4` *9 Medium*"]))).toBe(true);
      expect(reg.text).toContain(`2 Front-line practice · owner <@${WORKFORCE}> · review Tuesday 10 November 2026`);
      expect(reg.text).toContain("_Mitigation: Market supplement proposed; recruitment campaign in January_");
      expect(reg.text).toContain("3 Children in care and care leavers · owner Foster Carers Association Chair · review Thursday 31 December 2026");
      expect(await h.ctx.db.auditEntry.count({ where: { subject: "risk:1" } })).toBe(2); // imported, reviewed
      const one = await plan(READER, "risk R3");
      expect(one.text).toContain("_Mitigation: Supplier milestones monitored monthly by the programme board_");
      expect((await plan(HOS, "risk R4 close partners confirmed for 2027")).text).toContain("Risk `R4` is closed");
      expect((await plan(READER, "risks")).text).toContain("Risk register (3 open, 2 high)");
    });

    it("adds milestones and marks them done, for the action's owner, sponsor or an admin only", async () => {
      await withPlan();
      expect((await plan(READER, "2.2.1 milestone add 2026-12-15 Audit of 45-day performance")).text).toContain("only the owner");
      expect((await plan(HOS, "2.2.1 milestone add 2026-10-15 Too late")).text).toContain("has passed");
      const add = await plan(HOS, "2.2.1 milestone add December 2026 Audit of 45-day performance");
      expect(add.text).toContain("Milestone 1 of `2.2.1` added: Audit of 45-day performance, due Thursday 31 December 2026");
      expect((await plan(HOS, "2.2.1 milestone done 2")).text).toContain("has milestones 1, not 2");
      const done = await plan(AD, "1.2.1 milestone done 2");
      expect(done.text).toContain("Milestone 2 of `1.2.1` is done: Training delivered to all team managers");
      const show = await plan(READER, "1.2.1");
      expect(show.text).toMatch(/2\. Training delivered to all team managers: Friday 20 November 2026 :white_check_mark: done/);
      expect(show.text).toContain("milestone 2 done: Training delivered to all team managers");
    });
  });

  describe("reminders, escalations and the digest", () => {
    it("reminds at Monday's slot: owners, and sponsors in place of owners outside Slack, with milestones due", async () => {
      await withPlan();
      await runDue("2026-11-02T10:00:30Z");
      // The assistant director sponsors 1.3.1, whose owner (the police) is outside Slack.
      const ad = h.fake.dmsTo(AD);
      expect(ad).toHaveLength(1);
      expect(textOf(ad[0]!)).toContain("`1.3.1`");
      expect(textOf(ad[0]!)).toContain("DCI Sarah Khan (Police) owns this but is outside Slack, so you are asked as its sponsor.");
      // 1.1.2 is reminded for its milestone on Friday, though its due date is weeks away.
      const qa = textOf(h.fake.dmsTo(QA)[0]!);
      expect(qa).toContain("`1.1.2`");
      expect(qa).toContain("Milestone 1: Audit tool revised, 6 Nov 2026");
      expect(qa).toContain("`1.1.4`"); // overdue
      expect(qa).not.toContain("`1.2.2`"); // ongoing: asked monthly, not yet a month old
      expect(qa).not.toContain("`1.1.1`"); // done
      // Nobody outside Slack is messaged, and no reminder comes for a plan's far-off actions.
      expect(h.fake.dmsTo(CLA).map(textOf).join()).not.toContain("`3.1.4`");
    });

    it("escalates to sponsors, and to the plan channel in ONE message listing every action, in the plan's order", async () => {
      await withPlan();
      await runDue("2026-11-02T10:00:30Z");
      // 1.1.4 is 18 days overdue and 3.1.1 is 13: both past ESCALATE_OVERDUE_DAYS.
      const board = h.fake.postsIn(BOARD);
      expect(board).toHaveLength(1);
      expect(String(board[0]!.args.text)).toBe("Escalations: 2 actions: 1.1.4 (18 days overdue), 3.1.1 (13 days overdue)");
      const text = textOf(board[0]!);
      expect(ascending(positions(text, ["`1.1.4`", "`3.1.1`"]))).toBe(true);
      expect(h.fake.dmsTo(DCS).filter((d) => String(d.args.text).startsWith("Escalation: action"))).toHaveLength(2);
      await runDue("2026-11-04T10:00:30Z");
      expect(h.fake.postsIn(BOARD)).toHaveLength(1); // once per action per week
    });

    it("reminds a risk's owner when its review is due", async () => {
      await withPlan();
      await withRisksReviewed();
      await runDue("2026-11-02T10:00:30Z");
      expect(h.fake.postsIn(BOARD)).toHaveLength(1); // the first week's escalations
      const before = h.fake.dmsTo(WORKFORCE).length;
      await runDue("2026-11-09T10:00:30Z");
      const review = h.fake
        .dmsTo(WORKFORCE)
        .slice(before)
        .filter((d) => String(d.args.text).startsWith("Risks to review"));
      expect(review).toHaveLength(1);
      expect(textOf(review[0]!)).toContain("`R1` *20 High*");
      expect(textOf(review[0]!)).toContain("/plan risk R1 review <next date>");
      // The new week's escalations: one message again.
      expect(h.fake.postsIn(BOARD)).toHaveLength(2);
    });

    it("waits for the next slot to remind about actions imported after the day's slot", async () => {
      await withPlan();
      const lines = readFileSync(PLAN_FILE, "utf8").trim();
      const more = `${lines}\n3.2.5,Children in care and care leavers,,Care leavers are well supported into adulthood,Care leavers' forum meets monthly,Ofsted-2025-R5,${LEAVING_CARE},${DCS},,2026-11-11,,,,,`;
      const r = await cli(["import-plan", writeTmp(tmpDir("plan-"), "more.csv", more)], "2026-11-09T14:00:00Z");
      expect(r.stdout).toContain("31 rows imported (1 added, 0 updated)");
      const before = h.fake.dmsTo(LEAVING_CARE).length;
      await runDue("2026-11-09T14:01:00Z");
      expect(h.fake.dmsTo(LEAVING_CARE).slice(before).map(textOf).join()).not.toContain("`3.2.5`");
      await runDue("2026-11-10T10:00:30Z");
      expect(h.fake.dmsTo(LEAVING_CARE).slice(before).map(textOf).join()).toContain("`3.2.5`");
    });

    it("asks for an ongoing action's update once a month", async () => {
      await withPlan();
      await runDue("2026-11-02T10:00:30Z");
      expect(h.fake.dmsTo(QA).map(textOf).join()).not.toContain("`1.2.2`"); // not yet a month old
      const before = h.fake.dmsTo(QA).length;
      await runDue("2026-11-30T10:00:30Z");
      const qa = h.fake.dmsTo(QA).slice(before).map(textOf).join();
      expect(qa).toContain("`1.2.2`");
      expect(qa).toContain("Ongoing: a monthly update is asked for.");
    });

    it("keeps what owners said in Slack when the plan is imported again", async () => {
      await withPlan();
      await plan(QA, "2.2.3 on-track child's voice section added to the template");
      const r = await cli(["import-plan", PLAN_FILE], "2026-11-30T12:00:00Z");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("30 rows imported (0 added, 0 updated)");
      expect(r.stdout).toContain("1 action already updated in Slack kept its status, RAG and evidence rather than the file's.");
      expect(await h.ctx.db.action.findUniqueOrThrow({ where: { ref: "2.2.3" } })).toMatchObject({ status: "on_track" });
    });

    it("puts the plan in the digest: RAG by theme in the plan's order, overdue actions, newly done ones, and the risks", async () => {
      await withPlan();
      await withRisksReviewed();
      h.clock.now = new Date("2026-11-30T12:00:00Z");
      expect((await h.command(ADMIN, "digest add weekly mon 13:00", { channel: DIGESTS })).text).toContain("Digest #");
      await runDue("2026-11-30T13:00:30Z");
      const digest = textOf(h.fake.postsIn(DIGESTS)[0]!);
      expect(digest).toMatch(/\*Improvement plan\*: :red_circle: Red \d+ · :large_orange_circle: Amber \d+ · :large_green_circle: Green \d+/);
      expect(
        ascending(
          positions(digest, [
            "1 Leadership, management and governance: :red_circle: Red",
            "2 Front-line practice: :red_circle: Red",
            "3 Children in care and care leavers:",
          ]),
        ),
      ).toBe(true);
      expect(digest).toMatch(/\*Overdue\* \(\d+\): `1\.1\.4` due 2026-10-15 \(<@U0HEADQA001>\), .*`3\.1\.1` due 2026-10-20/);
      expect(digest).toContain("*Risks*: 3 open, 2 high, 1 overdue for review"); // R1's review was due on 10 November
    });
  });
});

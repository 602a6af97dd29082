// The plan's structure, dates, measures, milestones, risks and what import-plan
// reads from a row: pure functions, fixed dates.
import { describe, expect, it } from "vitest";
import type { Unit } from "../../src/domain/indicator.js";
import { parseMeasure, readMeasure } from "../../src/domain/measure.js";
import { parseMilestone, parseMilestoneList } from "../../src/domain/milestone.js";
import { type Action, actionRag } from "../../src/domain/plan.js";
import { parsePlanCommand } from "../../src/domain/plan-command.js";
import { parseDue, parsePlanDate } from "../../src/domain/plan-dates.js";
import { classifyPerson, parseImportRag, parseImportStatus, structureOf } from "../../src/domain/plan-import.js";
import { actionsInPlanOrder, compareRefs, findTheme, planTree, selectFromTree } from "../../src/domain/plan-structure.js";
import { recommendationProgress } from "../../src/domain/recommendation.js";
import { actionsToRemind, risksToReview } from "../../src/domain/reminder-policy.js";
import { compareRisks, type Risk, riskLevel } from "../../src/domain/risk.js";
import { plainWords } from "../../src/domain/words.js";
import { planAction as action, REMINDER_SETTINGS as settings } from "../support/fixtures.js";

describe("references", () => {
  it("sort in the plan's natural order", () => {
    const refs = ["10", "2.10", "2.1.3", "2", "2.9", "2.1", "1.1.10", "1.1.2", "Ofsted-R10", "Ofsted-R4"];
    expect([...refs].sort(compareRefs)).toEqual(["1.1.2", "1.1.10", "2", "2.1", "2.1.3", "2.9", "2.10", "10", "Ofsted-R4", "Ofsted-R10"]);
  });

  it("build the tree in the plan's order, whatever order the actions come in", () => {
    const themes = [
      { name: "Practice", ref: "2", aim: "Right help", position: 1 },
      { name: "Leadership", ref: "1", aim: null, position: 0 },
    ];
    const objectives = [
      { ref: "2.10", theme: "Practice", text: "Tenth", position: 2 },
      { ref: "2.2", theme: "Practice", text: "Second", position: 1 },
      { ref: "1.1", theme: "Leadership", text: "Grip", position: 0 },
    ];
    const actions = [
      action("2.10.1", { objectiveRef: "2.10" }),
      action("2.2.10", { objectiveRef: "2.2" }),
      action("2.2.9", { objectiveRef: "2.2" }),
      action("1.1.1", { theme: "Leadership", objectiveRef: "1.1" }),
      action("7.1", { theme: "Legacy theme" }), // a theme with no row follows the rest
    ];
    const tree = planTree(themes, objectives, actions);
    expect(tree.map((t) => t.theme.name)).toEqual(["Leadership", "Practice", "Legacy theme"]);
    expect(actionsInPlanOrder(tree).map((a) => a.ref)).toEqual(["1.1.1", "2.2.9", "2.2.10", "2.10.1", "7.1"]);
    expect(selectFromTree(tree, "2.2").flatMap((t) => t.objectives.map((o) => o.objective.ref))).toEqual(["2.2"]);
    expect(selectFromTree(tree, "1").map((t) => t.theme.name)).toEqual(["Leadership"]);
    expect(selectFromTree(tree, "legacy").map((t) => t.theme.name)).toEqual(["Legacy theme"]);
    expect(findTheme(themes, "lead")?.name).toBe("Leadership");
    expect(findTheme(themes, "2")?.name).toBe("Practice");
    expect(findTheme([...themes, { name: "Practice two", ref: null, aim: null, position: 3 }], "practice")?.name).toBe("Practice"); // exact name first
    expect(findTheme([...themes, { name: "Leadership two", ref: null, aim: null, position: 3 }], "lead")).toBeNull(); // ambiguous
  });
});

describe("dates in a plan", () => {
  it.each([
    ["2026-12-31", "2026-12-31"],
    ["31/12/2026", "2026-12-31"],
    ["1 October 2026", "2026-10-01"],
    ["October 2026", "2026-10-31"],
    ["Feb 2028", "2028-02-29"],
    ["2026-10", "2026-10-31"],
    ["Q3 2026/27", "2026-12-31"],
  ])("reads %s as %s", (text, iso) => {
    expect(parsePlanDate(text)).toEqual({ ok: true, value: iso });
  });
  it("reads ongoing as no due date, and refuses what is not a date", () => {
    expect(parseDue("Ongoing")).toEqual({ ok: true, value: null });
    expect(parseDue("on-going")).toEqual({ ok: true, value: null });
    expect(parseDue("TBC").ok).toBe(false);
    expect(parsePlanDate("2026-13-01").ok).toBe(false);
    expect(parsePlanDate("31/02/2026").ok).toBe(false);
  });
});

describe("measures of success", () => {
  const units: Record<string, Unit> = { "cla-stability-3": "percent", "sw-caseload": "number" };
  const unitOf = (k: string) => units[k] ?? null;
  it.each([
    ["cla-stability-3 70% by 2027-03", { key: "cla-stability-3", target: 70, by: "2027-03-31", text: null }],
    ["cla-stability-3", { key: "cla-stability-3", target: null, by: null, text: null }],
    ["sw-caseload 18 by March 2027: no worker over 22", { key: "sw-caseload", target: 18, by: "2027-03-31", text: "no worker over 22" }],
    ["cla-stability-3; fewer moves for teenagers", { key: "cla-stability-3", target: null, by: null, text: "fewer moves for teenagers" }],
    ["80% of audited cases judged good or better", { key: null, target: null, by: null, text: "80% of audited cases judged good or better" }],
  ])("reads %s", (text, spec) => {
    expect(parseMeasure(text, unitOf)).toEqual({ ok: true, value: spec });
  });
  it("refuses a key that does not exist, a target the unit cannot take, and a date it cannot read", () => {
    const why = (t: string) => {
      const r = parseMeasure(t, unitOf);
      return r.ok ? "ok" : plainWords(r.error.text);
    };
    expect(why("nope")).toBe('"nope" is not an indicator key');
    expect(why("cla-stabilty-3 70% by 2027-03")).toBe('"cla-stabilty-3" is not an indicator key');
    expect(why("cla-stability-3 170%")).toContain("the target for cla-stability-3");
    expect(why("cla-stability-3 70% by soon")).toContain("is not a date or a month");
  });
  it("reads the latest figure against the measure's own target", () => {
    const ind = { unit: "percent" as const, polarity: "high_good" as const, target: 60, tolerance: 5 };
    expect(readMeasure({ target: 70 }, ind, { value: 66, base: null, numerator: null })).toMatchObject({ latest: "66%", target: 70, rag: { status: "amber" } });
    expect(readMeasure({ target: null }, ind, { value: 66, base: null, numerator: null })).toMatchObject({ target: 60, rag: { status: "green" } });
    expect(readMeasure({ target: 70 }, ind, null)).toEqual({ latest: null, target: 70, rag: null });
  });
});

describe("milestones", () => {
  it("read a date, a month or a quarter, then what is done by then", () => {
    expect(parseMilestone("2026-12-31 Draft framework agreed")).toEqual({
      ok: true,
      value: { due: "2026-12-31", text: "Draft framework agreed", done: false },
    });
    expect(parseMilestone("October 2026: Policy agreed (done)")).toEqual({ ok: true, value: { due: "2026-10-31", text: "Policy agreed", done: true } });
    expect(parseMilestoneList("2026-11-06 Tool revised; 31/12/2026 Audits reported").ok).toBe(true);
    expect(parseMilestone("2026-12-31").ok).toBe(false);
    expect(parseMilestone("soon: something").ok).toBe(false);
  });
});

describe("RAG", () => {
  const today = "2026-11-02";
  it("gives not-started actions a RAG: green until due to start, amber once late to start", () => {
    expect(actionRag(action("a", { status: "not_started" }), today)).toEqual({ status: "green", reason: "not started" });
    expect(actionRag(action("a", { status: "not_started", start: "2026-11-30" }), today)).toEqual({
      status: "green",
      reason: "not started, due to start by Monday 30 November 2026",
    });
    expect(actionRag(action("a", { status: "not_started", start: "2026-10-01" }), today)).toEqual({
      status: "amber",
      reason: "late to start: due to start by Thursday 1 October 2026",
    });
    expect(actionRag(action("a", { status: "not_started", start: "2026-10-01", due: "2026-10-31" }), today).status).toBe("red"); // overdue wins
  });
  it("makes a missed milestone amber, and never reddens an ongoing action for lateness", () => {
    const milestones = [{ n: 1, due: "2026-10-30", text: "Tool revised", doneAt: null, createdAt: new Date(0) }];
    expect(actionRag(action("a", { milestones }), today)).toEqual({ status: "amber", reason: "milestone 1 overdue by 3 days" });
    expect(actionRag(action("a", { milestones: [{ ...milestones[0]!, doneAt: new Date() }] }), today).status).toBe("green");
    expect(actionRag(action("a", { due: null }), "2030-01-01")).toEqual({ status: "green", reason: "on track" });
  });
});

describe("reminders", () => {
  const zone = "Europe/London";
  const monday = new Date("2026-11-02T10:00:00Z");
  const picked = (actions: Action[], slot = monday) =>
    [...actionsToRemind(actions, settings, slot, zone)].flatMap(([to, list]) => list.map((p) => `${to}:${p.action.ref}:${p.reason}`));

  it("waits for the next slot for an action added after this one (the day a plan is imported)", () => {
    expect(picked([action("a", { due: "2026-11-05", createdAt: new Date("2026-11-02T14:00:00Z") })])).toEqual([]);
    expect(picked([action("a", { due: "2026-11-05", createdAt: new Date("2026-11-02T14:00:00Z") })], new Date("2026-11-04T10:00:00Z"))).toEqual([
      "U0OWNER0001:a:due-soon",
    ]);
  });
  it("reminds the sponsor instead of an owner outside Slack, and nobody when neither is in Slack", () => {
    expect(picked([action("a", { due: "2026-11-05", ownerId: null, ownerName: "DCI Khan" })])).toEqual(["U0SPONS0001:a:weekly"]);
    expect(picked([action("a", { due: "2026-11-05", ownerId: null, ownerName: "DCI Khan", sponsorId: null, sponsorName: "Cllr Rowe" })])).toEqual([]);
  });
  it("asks for an ongoing action's update once a month, on the weekly day", () => {
    const ongoing = action("o", { due: null, createdAt: new Date("2026-10-01T09:00:00Z") });
    expect(picked([ongoing])).toEqual(["U0OWNER0001:o:monthly"]);
    expect(picked([{ ...ongoing, lastUpdateAt: new Date("2026-10-20T09:00:00Z") }])).toEqual([]);
    expect(picked([ongoing], new Date("2026-11-03T10:00:00Z"))).toEqual([]); // not the weekly day
  });
  it("reminds about a milestone like a due date", () => {
    const milestones = [{ n: 2, due: "2026-11-09", text: "Training done", doneAt: null, createdAt: new Date(0) }];
    const wednesday = new Date("2026-11-04T10:00:00Z");
    expect(picked([action("m", { milestones })], new Date("2026-11-08T10:00:00Z"))).toEqual(["U0OWNER0001:m:milestone"]); // one day before
    expect(picked([action("m", { milestones })], wednesday)).toEqual([]);
    const list = actionsToRemind([action("m", { milestones })], settings, monday, zone).get("U0OWNER0001")!;
    expect(list[0]!.milestones).toEqual([2]);
  });
  it("reminds risk owners of reviews that are due, and not owners outside Slack", () => {
    const risk = (id: number, over: Partial<Risk>): Risk => ({
      id,
      theme: "Practice",
      text: "r",
      likelihood: 3,
      impact: 3,
      ownerId: "U0RISKOWN01",
      ownerName: null,
      reviewDate: "2026-11-03",
      mitigation: null,
      lastReviewedAt: null,
      createdAt: new Date(0),
      ...over,
    });
    const due = risksToReview([risk(1, {}), risk(2, { reviewDate: "2027-01-01" }), risk(3, { ownerId: null, ownerName: "Police" })], settings, monday, zone);
    expect([...due].map(([o, rs]) => `${o}:${rs.map((r) => r.id)}`)).toEqual(["U0RISKOWN01:1"]);
    expect(riskLevel({ likelihood: 5, impact: 3 }).word).toBe("High");
    expect(riskLevel({ likelihood: 2, impact: 4 }).word).toBe("Medium");
    expect(riskLevel({ likelihood: 2, impact: 3 }).word).toBe("Low");
    expect([risk(1, { likelihood: 2 }), risk(2, { likelihood: 4, impact: 2 }), risk(3, { likelihood: 5 })].sort(compareRisks).map((r) => r.id)).toEqual([
      3, 2, 1,
    ]);
  });
});

describe("recommendations", () => {
  it("show their actions in the plan's order with the worst RAG, and flag those no action answers", () => {
    const recs = [
      { ref: "R2", text: "Plans", source: null, position: 1 },
      { ref: "R1", text: "Front door", source: null, position: 0 },
    ];
    const p = recommendationProgress(
      recs,
      [action("1.1", { recommendations: ["R1"] }), action("1.2", { recommendations: ["R1"], status: "at_risk" })],
      "2026-11-02",
    );
    expect(p.map((x) => [x.recommendation.ref, x.actions.map((a) => a.ref), x.worst])).toEqual([
      ["R1", ["1.1", "1.2"], "amber"],
      ["R2", [], null],
    ]);
  });
});

describe("import-plan's fields", () => {
  it("reads statuses, RAG and people as plans write them", () => {
    expect(["Complete", "In progress", "not started", "At risk", "Delayed"].map(parseImportStatus)).toEqual([
      "done",
      "on_track",
      "not_started",
      "at_risk",
      "at_risk",
    ]);
    expect(parseImportStatus("Finished")).toBeNull();
    expect(["R", "amber", "Green", "blue"].map(parseImportRag)).toEqual(["red", "amber", "green", null]);
    const isEmail = (t: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t);
    expect(classifyPerson("U0123456789", isEmail)).toEqual({ kind: "id", id: "U0123456789" });
    expect(classifyPerson("Jo.Bloggs@Council.gov.uk", isEmail)).toEqual({ kind: "email", email: "jo.bloggs@council.gov.uk" });
    expect(classifyPerson("DCI Sarah Khan (Police)", isEmail)).toEqual({ kind: "name", name: "DCI Sarah Khan (Police)" });
    expect(classifyPerson("jo@", isEmail).kind).toBe("bad");
    expect(classifyPerson("UNICEF", isEmail)).toEqual({ kind: "name", name: "UNICEF" }); // capitals, but no digit: a name
  });

  it("derives themes and objectives from the references, naming rows that disagree", () => {
    const row = (line: number, ref: string, theme: string, objective: string | null, aim: string | null = null) => ({ line, ref, theme, objective, aim });
    const good = structureOf([
      row(2, "1.1.1", "Leadership", "Grip", "Know practice"),
      row(3, "1.1.2", "Leadership", "Grip"),
      row(4, "2.1.1", "Practice", "Front door"),
    ]);
    expect(good.problems).toEqual([]);
    expect(good.structure.themes).toEqual([
      { name: "Leadership", ref: "1", aim: "Know practice", position: 0 },
      { name: "Practice", ref: "2", aim: null, position: 1 },
    ]);
    expect(good.structure.objectives.map((o) => `${o.ref} ${o.theme}: ${o.text}`)).toEqual(["1.1 Leadership: Grip", "2.1 Practice: Front door"]);

    const bad = structureOf([
      row(2, "1.1.1", "Leadership", "Grip", "Know practice"),
      row(3, "1.1.2", "Leadership", "Grasp", "Another aim"),
      row(4, "1.2.1", "Practice", "Front door"),
      row(5, "2.1", "Practice", "Front door"),
    ]);
    expect(bad.problems).toEqual([
      { line: 3, problem: 'theme "Leadership" has a different aim on line 2' },
      { line: 3, problem: 'objective 1.1 is "Grip" on line 2' },
      { line: 4, problem: 'ref 1.2.1 puts it in theme 1, which is "Leadership" on line 2' },
      { line: 5, problem: "ref 2.1 has an objective, so it must be objective.action, such as 2.1.3" },
    ]);
  });

  it("gives today's files (no objectives) a theme reference only where the references agree", () => {
    const row = (line: number, ref: string, theme: string) => ({ line, ref, theme, objective: null, aim: null });
    const s = structureOf([
      row(2, "1.1", "Leadership"),
      row(3, "1.2", "Leadership"),
      row(4, "2.3", "Practice"),
      row(5, "3.1", "Practice"),
      row(6, "A", "Other"),
    ]);
    expect(s.problems).toEqual([]);
    expect(s.structure.themes.map((t) => `${t.name}=${t.ref}`)).toEqual(["Leadership=1", "Practice=null", "Other=null"]);
  });
});

describe("/plan's new words", () => {
  it.each([
    ["recs", { kind: "recs" }],
    ["risks", { kind: "risks" }],
    ["risk add 2 4 5 Agency staff leave", { kind: "risk-add", theme: "2", likelihood: 4, impact: 5, text: "Agency staff leave" }],
    ["risk R3 owner <@U0123456789>", { kind: "risk-owner", id: 3, person: { userId: "U0123456789" } }],
    ["risk 3 owner Jo Bloggs (Police)", { kind: "risk-owner", id: 3, person: { name: "Jo Bloggs (Police)" } }],
    ["risk R3 review 2027-01-31", { kind: "risk-review", id: 3, date: "2027-01-31" }],
    ["risk R3 rate 2 3 better now", { kind: "risk-rate", id: 3, likelihood: 2, impact: 3, note: "better now" }],
    ["risk R3 close went live", { kind: "risk-close", id: 3, reason: "went live" }],
    ["2.1.3 milestone add December 2026 training delivered", { kind: "milestone-add", ref: "2.1.3", due: "2026-12-31", text: "training delivered" }],
    ["2.1.3 milestone done 2", { kind: "milestone-done", ref: "2.1.3", n: 2 }],
    ["2.1.3 owner Jo Bloggs", { kind: "reassign", ref: "2.1.3", role: "owner", userId: null, name: "Jo Bloggs" }],
  ])("reads %j", (text, expected) => {
    expect(parsePlanCommand(text)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ["risk add 2 0 5 x", "likelihood must be a whole number from 1 to 5"],
    ["risk add 2 4", "impact must be a whole number"],
    ["risk add 2 4 5", "Say what the risk is"],
    ["risk X9", "is not a risk"],
    ["risk R3 frobnicate", 'I don\'t know "frobnicate" for a risk'],
    ["2.1.3 milestone add tomorrow something", "is not a milestone"],
    ["2.1.3 milestone done two", "Give the milestone's number"],
    ["2.1.3 owner @jo", "not a Slack user"],
  ])("refuses %s", (text, why) => {
    const r = parsePlanCommand(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(plainWords(r.error.text)).toContain(why);
  });
});

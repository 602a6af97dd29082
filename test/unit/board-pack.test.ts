// The board pack's document model: what each section holds for red, neutral,
// suppressed and missing figures, the plan by theme, and the words laid out.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { buildBoardPack, indicatorPeriod, type PackFigure, type PackIndicatorInput, type PackInput, parsePackFormat } from "../../src/domain/board-pack.js";
import { packDocument, packFilename } from "../../src/domain/board-pack-layout.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { parseKpiCommand } from "../../src/domain/kpi-command.js";
import type { Block } from "../../src/domain/pack-document.js";
import { type Period, shiftPeriod } from "../../src/domain/period.js";
import type { Action } from "../../src/domain/plan.js";
import { spcReading } from "../../src/domain/spc-reading.js";
import { indicator as ind, planAction } from "../support/fixtures.js";

const june: Period = { frequency: "monthly", year: 2017, month: 6 };
const produced = new Date("2017-07-03T09:00:00Z");

/** Monthly figures ending at `last`, oldest first, the last with a note. */
function figures(values: number[], last: Period = june, note: string | null = null): PackFigure[] {
  return values.map((value, i) => ({
    period: shiftPeriod(last, i - values.length + 1),
    value,
    base: null,
    numerator: null,
    note: i === values.length - 1 ? note : null,
    recordedAt: new Date(Date.UTC(2017, 6, 1, 8, i)),
  }));
}

function input(indicator: Indicator, series: PackFigure[], over: Partial<PackIndicatorInput> = {}): PackIndicatorInput {
  return {
    indicator,
    period: june,
    series,
    lastYear: null,
    comparators: [],
    spc: series.length
      ? spcReading({
          values: series.map((f) => f.value),
          periods: series.map((f) => f.period),
          polarity: indicator.polarity,
          unit: indicator.unit,
          frequency: indicator.frequency,
          target: indicator.target,
          rebaseAt: [],
        })
      : null,
    ...over,
  };
}

/** An action of the board's year, in the theme "Workforce", without a sponsor. */
function action(ref: string, over: Partial<Action> = {}): Action {
  return planAction(ref, {
    theme: "Workforce",
    sponsorId: null,
    due: "2017-09-30",
    ragOverride: null,
    createdAt: new Date("2017-01-01T00:00:00Z"),
    ...over,
  });
}

function packInput(indicators: PackIndicatorInput[], over: Partial<PackInput> = {}): PackInput {
  return {
    period: june,
    councilName: "Stockton-on-Tees",
    boardName: "Children's Services Improvement Board",
    marking: "OFFICIAL",
    suppress: false,
    timezone: "Europe/London",
    produced,
    indicators,
    untracked: 0,
    actions: [],
    redates: new Map(),
    names: new Map(),
    ...over,
  };
}

/** Every word a reader sees in the document, block by block. */
function documentText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "title":
          return [...b.overline, b.text].join("\n");
        case "table":
          return [b.caption, b.columns.map((c) => c.header).join(" | "), ...b.rows.map((r) => r.map((c) => c.text).join(" | "))].join("\n");
        case "list":
          return b.items.join("\n");
        case "figure":
          return `${b.alt}\n${b.caption}`;
        default:
          return b.text;
      }
    })
    .join("\n");
}

describe("the board pack's content", () => {
  const red = ind("assess-45wd", { name: "Single assessments completed within 45 working days", englandValue: 85.7, englandPeriod: "2024/25" });
  const neutral = ind("cp-plans", { name: "Children subject to a child protection plan", unit: "count", polarity: "neutral", target: null, tolerance: null });
  const green = ind("cp-reviews-timely", { name: "Child protection plans reviewed within timescales", target: 95 });

  it("puts a red, worsening indicator among the exceptions with its value, target, gap, comparators, note and plan actions", () => {
    const pack = buildBoardPack(
      packInput(
        [
          input(red, figures([72, 71, 70], june, "two teams short of staff"), {
            lastYear: figures([80], { frequency: "monthly", year: 2016, month: 6 })[0]!,
            comparators: [
              { label: "England", value: 85.7, period: "2024/25" },
              { label: "Region", value: 82.5, period: null },
            ],
          }),
          input(green, figures([97, 98])),
        ],
        {
          actions: [action("2.10", { measureKey: "assess-45wd", title: "Recruit two team managers" }), action("2.3", { measureKey: "assess-45wd" })],
          names: new Map([["U0OWNER0001", "Jane Smith"]]),
        },
      ),
    );
    expect(pack.exceptions.map((e) => e.key)).toEqual(["assess-45wd"]);
    const e = pack.exceptions[0]!;
    expect(e.reasons).toEqual(["red", "worsening"]);
    expect(e.value).toBe("70%");
    expect(e.status).toBe("Red");
    expect(e.note).toBe("two teams short of staff");
    expect(Object.fromEntries(e.facts)).toMatchObject({
      "Figure for June 2017": "70%",
      Target: "90%",
      Status: "Red: 70% is 20 points below the target of 90%, beyond the tolerance of 5 points",
      "Previous figure (May 2017)": "71%; worsening, down 1 point",
      "Same period last year": "80%",
      England: "85.7% (2024/25)",
      Region: "82.5%",
    });
    expect(e.actions.map((a) => [a.ref, a.owner, a.status])).toEqual([
      ["2.3", "Jane Smith", "On track"],
      ["2.10", "Jane Smith", "On track"],
    ]);
    expect(e.chart).toEqual({ shown: true });
    expect(pack.summary).toMatchObject({ indicators: 2, withFigures: 2, red: 1, green: 1, amber: 0, noTarget: 0, exceptions: 1 });

    const text = documentText(
      packDocument(pack, new Map([["assess-45wd", { alt: "XmR chart alt", caption: "XmR chart" }]]), produced).sections.flatMap((s) => s.blocks),
    );
    expect(text).toContain("two teams short of staff");
    expect(text).toContain("2.10 Recruit two team managers: Jane Smith, due 30 Sep 2017; On track; Green (on track).");
    expect(text).toContain("Figure 1: XmR chart");
    expect(text).toContain("XmR chart alt");
  });

  it("reports a neutral indicator as increasing or decreasing, with no target, status or exception", () => {
    const pack = buildBoardPack(packInput([input(neutral, figures([307, 276]))]));
    const line = pack.scorecard[0]!;
    expect(line).toMatchObject({ value: "276", status: "Neutral", target: "None (neutral)", rag: null, reasons: [] });
    expect(line.direction).toEqual({ judgement: "Decreasing", amount: "down 31 (10.1%)" });
    expect(line.spcShort).toBe("Too few points (2 of 12)");
    expect(pack.exceptions).toEqual([]);
    expect(pack.summary).toMatchObject({ noTarget: 1, red: 0 });
    expect(pack.notes.definitions[0]!.text).toContain("neutral: reported as increasing or decreasing, with no target");
  });

  it("shows small counts as fewer than 6 when suppressing, and nothing that gives them away", () => {
    const adoptions = ind("adoptions", { name: "Children adopted in the month", unit: "count", target: 10, tolerance: null });
    const s47 = ind("s47", { name: "Section 47 enquiries started", unit: "count", polarity: "neutral", target: null, tolerance: null });
    const pack = buildBoardPack(packInput([input(adoptions, figures([9, 4, 3], june, "fewer matches")), input(s47, figures([12, 9, 3]))], { suppress: true }));
    const [a, s] = pack.scorecard;
    expect(a).toMatchObject({ value: "fewer than 6", status: "Red", suppressed: true });
    expect(a!.rag!.reason).toBe("fewer than 6, against the target of 10");
    expect(a!.direction).toEqual({ judgement: "Worsening", amount: null });
    expect(a!.previous!.value).toBe("fewer than 6");
    expect(s).toMatchObject({ value: "fewer than 6", direction: { judgement: "Decreasing", amount: null } });
    const e = pack.exceptions[0]!;
    expect(e.key).toBe("adoptions");
    expect(e.chart).toEqual({ shown: false, why: expect.stringContaining("fewer than 6") });
    const blocks = packDocument(pack, new Map(), produced).sections.flatMap((sec) => sec.blocks);
    expect(documentText(blocks)).toContain('Counts from 1 to 5 are shown as "fewer than 6"');
    // No count of 3, 4 or 5 in any table (SPC counts figures: "3 of 12").
    const cells = blocks.flatMap((b) =>
      b.kind === "table" ? b.rows.flatMap((r) => r.filter((c) => !/^Too few|^Not enough points/.test(c.text)).map((c) => c.text)) : [],
    );
    expect(cells.filter((c) => /\b[345]\b/.test(c))).toEqual([]);
    // Without suppression the same figures are shown as recorded.
    const open = buildBoardPack(packInput([input(adoptions, figures([9, 4, 3]))]));
    expect(open.scorecard[0]).toMatchObject({ value: "3", suppressed: false });
    expect(open.scorecard[0]!.direction).toEqual({ judgement: "Worsening", amount: "down 1 (25%)" });
  });

  it("says when an indicator has no figure for the period, and when the period has no figures at all", () => {
    const may: Period = { frequency: "monthly", year: 2017, month: 5 };
    const pack = buildBoardPack(packInput([input(red, figures([80, 81], may)), input(neutral, figures([307, 276]))]));
    expect(pack.scorecard[0]).toMatchObject({ value: null, status: "No figure", previous: { value: "81%", period: "May 2017" }, reasons: [] });
    expect(pack.summary.missing).toEqual(["Single assessments completed within 45 working days"]);
    expect(pack.exceptions).toEqual([]);

    const none = buildBoardPack(packInput([input(red, figures([80, 81], may))]));
    expect(none.summary).toMatchObject({ indicators: 1, withFigures: 0 });
    const text = documentText(packDocument(none, new Map(), produced).sections.flatMap((s) => s.blocks));
    expect(text).toContain("No figures have been recorded for June 2017.");
    expect(text).toContain("There are no exceptions, because no figures have been recorded for June 2017.");

    const empty = buildBoardPack(packInput([], { untracked: 29 }));
    expect(empty.cover.recordedUpTo).toBeNull();
    const emptyText = documentText(packDocument(empty, new Map(), produced).sections.flatMap((s) => s.blocks));
    expect(emptyText).toContain("No indicators have figures recorded up to June 2017");
    expect(emptyText).toContain("The improvement plan has no actions yet.");
    expect(emptyText).toContain("29 indicators in the catalogue have no figures recorded up to this period and are left out.");
  });

  it("lists special-cause concern whatever the RAG, and counts improvement", () => {
    const rereferrals = ind("re-referrals", { name: "Re-referrals", polarity: "low_good", target: 25 });
    const values = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 21, 19, 21.5, 21.6, 21.4, 21.7, 21.8, 21.5, 21.6, 21.9];
    const pack = buildBoardPack(packInput([input(rereferrals, figures(values))]));
    expect(pack.exceptions[0]).toMatchObject({ key: "re-referrals", status: "Green", spcShort: "Special cause: concern" });
    expect(pack.exceptions[0]!.reasons).toContain("special-cause concern");
    expect(pack.summary.concern).toEqual(["Re-referrals"]);
  });

  it("shows the improvement plan by theme, in reference order, with re-dating and evidence", () => {
    const pack = buildBoardPack(
      packInput([], {
        actions: [
          action("2.10", { theme: "Front-line practice", status: "done", evidence: "audits 65% good" }),
          action("1.2", { theme: "Leadership", due: "2017-06-01" }),
          action("2.3", { theme: "Front-line practice", status: "blocked" }),
        ],
        redates: new Map([["2.3", { count: 2, lastReason: "waiting for the new case system", lastAt: new Date("2017-05-02T10:00:00Z") }]]),
      }),
    );
    expect(pack.plan.map((t) => [t.theme, t.lines.map((l) => l.ref)])).toEqual([
      ["Leadership", ["1.2"]],
      ["Front-line practice", ["2.3", "2.10"]],
    ]);
    const [blocked, done] = pack.plan[1]!.lines;
    expect(blocked).toMatchObject({
      status: "Blocked",
      rag: { status: "red", reason: "blocked" },
      redated: "Twice; last on 2 May 2017: waiting for the new case system",
    });
    expect(done).toMatchObject({ evidence: "audits 65% good", redated: "No" });
    expect(pack.plan[0]!.lines[0]).toMatchObject({ rag: { status: "red", reason: "overdue by 32 days" }, owner: "U0OWNER0001" });
    expect(pack.summary.plan).toMatchObject({ total: 3, overdue: 1, redated: 1, redatedOften: 1 });
  });

  it("gives the same content for the same data, and names the cover's facts", () => {
    const make = () => buildBoardPack(packInput([input(red, figures([72, 71, 70], june, "n")), input(neutral, figures([307, 276]))]));
    expect(make()).toEqual(make());
    const a = packDocument(make(), new Map(), produced);
    expect(packDocument(make(), new Map(), produced)).toEqual(a);
    expect(a.title).toBe("Children's Services Improvement Board: performance report, June 2017");
    expect(a.lang).toBe("en-GB");
    expect(a.marking).toBe("OFFICIAL");
    const cover = documentText(a.sections[0]!.blocks);
    expect(cover).toContain("Stockton-on-Tees\nChildren's Services Improvement Board\nPerformance report: June 2017");
    expect(cover).toContain("Produced: 3 July 2017");
    expect(cover).toContain("Figures as recorded up to 1 July 2017 at 09:02.");
    expect(cover).toContain("Protective marking: OFFICIAL");
    expect(a.sections.map((s) => s.orientation)).toEqual(["portrait", "portrait", "portrait", "landscape", "landscape", "portrait"]);
    expect(packFilename(make(), "pdf")).toBe("board-pack-jun-2017.pdf");
  });
});

describe("which period each indicator reports in a pack", () => {
  const q1: Period = { frequency: "quarterly", fyStart: 2017, quarter: 1 };
  it("shows monthly indicators at a quarter's last month, and quarterly ones only in a month that ends a quarter", () => {
    expect(indicatorPeriod(q1, "monthly")).toEqual(june);
    expect(indicatorPeriod(q1, "quarterly")).toEqual(q1);
    expect(indicatorPeriod(june, "quarterly")).toEqual(q1);
    expect(indicatorPeriod({ frequency: "monthly", year: 2018, month: 3 }, "quarterly")).toEqual({ frequency: "quarterly", fyStart: 2017, quarter: 4 });
    expect(indicatorPeriod({ frequency: "monthly", year: 2017, month: 5 }, "quarterly")).toBeNull();
    // June 2017 ends on a Friday: the last whole ISO week in it is week 25 (19 to 25 June).
    expect(indicatorPeriod(june, "weekly")).toEqual({ frequency: "weekly", isoYear: 2017, week: 25 });
    expect(indicatorPeriod({ frequency: "weekly", isoYear: 2017, week: 25 }, "monthly")).toBeNull();
  });
});

describe("/kpi pack and the formats", () => {
  it("reads a period and a format, in any of the forms /kpi accepts", () => {
    expect(parseKpiCommand("pack")).toEqual({ ok: true, value: { kind: "pack", period: null, format: "pdf" } });
    expect(parseKpiCommand("pack 2017/18 Q1")).toEqual({
      ok: true,
      value: { kind: "pack", period: { frequency: "quarterly", fyStart: 2017, quarter: 1 }, format: "pdf" },
    });
    expect(parseKpiCommand("pack Jun 2017 docx")).toEqual({ ok: true, value: { kind: "pack", period: june, format: "docx" } });
    expect(parseKpiCommand("pack word")).toMatchObject({ ok: true, value: { format: "docx" } });
  });

  it("refuses what it cannot read, saying why", () => {
    const bad = parseKpiCommand("pack 2017/18 Q5");
    expect(bad.ok).toBe(false);
    const format = parseKpiCommand("pack 2017-06 xlsx");
    expect(format).toMatchObject({ ok: false, error: { text: ['"xlsx" is not a format I can write: pdf or docx.'] } });
    expect(parseKpiCommand("pack soon")).toMatchObject({ ok: false, error: { text: ['"soon" is not a period or a format I can read.'] } });
    expect(parsePackFormat("PDF")).toEqual({ ok: true, value: "pdf" });
    expect(parsePackFormat("odt").ok).toBe(false);
  });
});

describe("BOARD_NAME and PACK_MARKING", () => {
  const env = { SLACK_BOT_TOKEN: "xoxb-1-test", SLACK_SIGNING_SECRET: "abcdef0123456789abcdef" };
  it("default to no board name and OFFICIAL", () => {
    expect(loadConfig(env)).toMatchObject({ boardName: null, packMarking: "OFFICIAL" });
    expect(loadConfig({ ...env, BOARD_NAME: " Improvement Board ", PACK_MARKING: "OFFICIAL-SENSITIVE" })).toMatchObject({
      boardName: "Improvement Board",
      packMarking: "OFFICIAL-SENSITIVE",
    });
  });

  it("refuse a marking that would not fit a page header, naming the setting", () => {
    expect(() => loadConfig({ ...env, PACK_MARKING: "X".repeat(61) })).toThrow(/PACK_MARKING must be at most 60 characters/);
    expect(() => loadConfig({ ...env, PACK_MARKING: "OFFICIAL\nSENSITIVE" })).toThrow(/PACK_MARKING must be one line of text/);
  });
});

// What a board reads, piece by piece: the board's order, how old a figure is,
// which comparators compare, bands of concern, and the actions linked to an indicator.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { openActionsFor } from "../../src/domain/action-links.js";
import { bandVerdict, describeBand, parseBand } from "../../src/domain/band.js";
import {
  benchmarkPeriodKey,
  type ComparatorFigure,
  catalogueEngland,
  comparatorPeriodOf,
  isComparable,
  parseComparatorPeriod,
  readComparators,
} from "../../src/domain/comparators.js";
import { exceptionReasons } from "../../src/domain/exceptions.js";
import { digestAsOf, dueAsOf, isOutOfDate, latestMonth } from "../../src/domain/figure-age.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { parseKpiCommand } from "../../src/domain/kpi-command.js";
import type { Period } from "../../src/domain/period.js";
import type { Action } from "../../src/domain/plan.js";
import { indicatorRag, rag } from "../../src/domain/rag.js";
import { groupName, inBoardGroups, inBoardOrder, OTHER_GROUP, STANDARD_GROUPS } from "../../src/domain/scorecard-order.js";
import { change, indicatorChange } from "../../src/domain/trend.js";
import { plainWords } from "../../src/domain/words.js";
import { indicator } from "../support/fixtures.js";

const month = (year: number, m: number): Period => ({ frequency: "monthly", year, month: m });
const quarter = (fyStart: number, q: number): Period => ({ frequency: "quarterly", fyStart, quarter: q });

/** An indicator named by its key, lower is better, with no target. */
const ind = (key: string, over: Partial<Indicator> = {}): Indicator =>
  indicator(key, { name: key, polarity: "low_good", target: null, tolerance: null, ...over });

describe("the board's order", () => {
  const catalogue = [
    ind("sw-vacancy", { group: "Workforce", order: 230 }),
    ind("cp-plans", { group: "child protection", order: 70 }),
    ind("icpc-15wd", { group: "Child protection", order: 60 }),
    ind("contacts", { group: "Early help and the front door", order: 10 }),
    ind("my-local", { group: null, order: 1 }),
    ind("zz-unplaced", { group: "Child protection" }),
    ind("re-referrals", { group: "Early help and the front door", order: 30 }),
    ind("audits-good", { group: "Quality of practice", order: 290 }),
  ];

  it("puts groups where their first indicator's order puts them, and indicators in their order", () => {
    expect(inBoardGroups(catalogue, (i) => i).map((g) => [g.name, g.items.map((i) => i.key)])).toEqual([
      ["Early help and the front door", ["contacts", "re-referrals"]],
      ["Child protection", ["icpc-15wd", "cp-plans", "zz-unplaced"]],
      ["Workforce", ["sw-vacancy"]],
      ["Quality of practice", ["audits-good"]],
      [OTHER_GROUP, ["my-local"]],
    ]);
  });

  it("lets a council move a whole group by its orders", () => {
    const moved = catalogue.map((i) => (i.group === "Workforce" ? { ...i, order: 5 } : i));
    expect(inBoardGroups(moved, (i) => i)[0]!.name).toBe("Workforce");
  });

  it("orders groups with no orders in the standard order, after those placed, and indicators by name", () => {
    const unordered = [
      ind("b", { group: "Workforce" }),
      ind("a", { group: "Assessment" }),
      ind("c", { group: "Our own" }),
      ind("d", { group: "Care leavers", order: 3 }),
    ];
    expect(inBoardGroups(unordered, (i) => i).map((g) => g.name)).toEqual(["Care leavers", "Assessment", "Workforce", "Our own"]);
    expect(inBoardOrder([ind("b2", { name: "Beta" }), ind("a1", { name: "Alpha" })], (i) => i).map((i) => i.key)).toEqual(["a1", "b2"]);
  });

  it("spells the standard groups one way, however they were typed", () => {
    expect(groupName({ group: "  CHILD   protection " })).toBe("Child protection");
    expect(groupName({ group: "" })).toBe(OTHER_GROUP);
    expect(groupName({ group: "Youth justice" })).toBe("Youth justice");
    expect(STANDARD_GROUPS).toHaveLength(7);
  });
});

describe("how old a figure is", () => {
  it("is out of date once a later period of its own frequency has ended", () => {
    const asOf = digestAsOf(month(2017, 6)); // a digest with figures to June 2017
    expect(isOutOfDate(month(2017, 6), asOf)).toBe(false);
    expect(isOutOfDate(month(2017, 5), asOf)).toBe(true);
    expect(isOutOfDate(month(2014, 11), asOf)).toBe(true);
    expect(isOutOfDate(quarter(2017, 1), asOf)).toBe(false); // April to June 2017
    expect(isOutOfDate(quarter(2016, 4), asOf)).toBe(true); // January to March 2017: Q1 had ended
    expect(isOutOfDate(quarter(2017, 1), digestAsOf(month(2017, 8)))).toBe(false); // Q2 ends in September
    expect(isOutOfDate(quarter(2017, 1), digestAsOf(month(2017, 9)))).toBe(true);
  });

  it("runs a digest to the month its newest figure ends in", () => {
    expect(latestMonth([month(2016, 4), quarter(2017, 1), month(2017, 5)])).toEqual(month(2017, 6));
    expect(latestMonth([])).toBeNull();
  });

  it("reads /kpi figures against the periods whose figures are due (FIGURES_DUE_DAYS)", () => {
    const at = (iso: string) => dueAsOf(new Date(iso), "Europe/London", 10);
    expect(isOutOfDate(month(2017, 6), at("2017-08-05T09:00:00Z"))).toBe(false); // July's figure is not due until 10 August
    expect(isOutOfDate(month(2017, 6), at("2017-08-11T09:00:00Z"))).toBe(true);
    expect(at("2017-08-11T09:00:00Z").toISODate()).toBe("2017-08-01");
  });
});

describe("comparators", () => {
  const june = month(2017, 6);
  it("read the catalogue's periods: financial and calendar years, and /kpi's periods", () => {
    expect(parseComparatorPeriod("2016/17")).toMatchObject({ label: "2016/17", start: DateTime.utc(2016, 4, 1), end: DateTime.utc(2017, 4, 1) });
    expect(parseComparatorPeriod("2023")).toMatchObject({ label: "2023", start: DateTime.utc(2023, 1, 1) });
    expect(parseComparatorPeriod("2017-06")?.label).toBe("June 2017");
    expect(parseComparatorPeriod("2017/18 Q1")?.label).toBe("Q1 2017/18");
    expect(parseComparatorPeriod("2016/18")).toBeNull();
    expect(parseComparatorPeriod("")).toBeNull();
  });

  it("are imported for a year as the DfE publishes them, or for a period of the indicator's own frequency", () => {
    expect(benchmarkPeriodKey("2016/17", "monthly")).toEqual({ ok: true, value: "2016/17" });
    expect(benchmarkPeriodKey("2016/2017", "quarterly")).toEqual({ ok: true, value: "2016/17" });
    expect(benchmarkPeriodKey("2023", "monthly")).toEqual({ ok: true, value: "2023" });
    expect(benchmarkPeriodKey("Jun 2017", "monthly")).toEqual({ ok: true, value: "2017-06" });
    expect(benchmarkPeriodKey("Q1 2017/18", "quarterly")).toEqual({ ok: true, value: "2017/18-Q1" });
    expect(benchmarkPeriodKey("2017-06", "quarterly").ok).toBe(false);
    expect(benchmarkPeriodKey("2016/18", "monthly").ok).toBe(false);
    expect(benchmarkPeriodKey("soon", "monthly").ok).toBe(false);
    for (const key of ["2016/17", "2023", "2017-06", "2017/18-Q1"]) expect(parseComparatorPeriod(key)).not.toBeNull();
  });

  it("compare only the same period, or the nearest earlier one within a year", () => {
    const fy = (t: string) => parseComparatorPeriod(t)!;
    expect(isComparable(june, fy("2017/18"))).toBe(true); // covers June 2017
    expect(isComparable(june, fy("2016/17"))).toBe(true); // ended three months before
    expect(isComparable(june, fy("2015/16"))).toBe(false); // fifteen months before
    expect(isComparable(june, fy("2024/25"))).toBe(false); // later
    expect(isComparable(month(2018, 3), fy("2016/17"))).toBe(true); // exactly a year before
    expect(isComparable(month(2018, 4), fy("2016/17"))).toBe(false);
    expect(isComparable(june, comparatorPeriodOf(month(2017, 7)))).toBe(false);
  });

  it("choose, for each comparator, the same period first, then the nearest earlier, else the nearest as context", () => {
    const c: ComparatorFigure[] = [
      ...catalogueEngland(85.7, "2024/25"),
      { kind: "england", value: 84, period: comparatorPeriodOf(month(2017, 4)) },
      { kind: "england", value: 83, period: comparatorPeriodOf(month(2017, 5)) },
      { kind: "region", value: 70, period: comparatorPeriodOf(month(2015, 1)) },
      { kind: "region", value: 71, period: comparatorPeriodOf(month(2014, 1)) },
      { kind: "neighbours", value: 60, period: null, periodText: "recent" },
    ];
    expect(readComparators(june, c)).toEqual([
      { kind: "england", label: "England", value: 83, periodLabel: "May 2017", comparable: true },
      { kind: "region", label: "Region", value: 70, periodLabel: "January 2015", comparable: false },
      { kind: "neighbours", label: "Statistical neighbours", value: 60, periodLabel: "recent", comparable: false },
    ]);
    expect(readComparators(june, [...c, { kind: "england", value: 82, period: comparatorPeriodOf(june) }])[0]).toMatchObject({
      value: 82,
      periodLabel: "June 2017",
    });
  });
});

describe("bands of concern", () => {
  const cpSecond = ind("cp-second", { target: 20, tolerance: 2, bandLow: 10, bandHigh: 23 });

  it("read as /kpi takes them, against the indicator's unit", () => {
    expect(parseBand("10%-23%", "percent")).toEqual({ ok: true, value: { low: 10, high: 23 } });
    expect(parseBand("10 to 23", "percent")).toEqual({ ok: true, value: { low: 10, high: 23 } });
    expect(parseBand("10% - 23%", "percent")).toEqual({ ok: true, value: { low: 10, high: 23 } });
    expect(parseBand("none", "percent")).toEqual({ ok: true, value: null });
    const bad = (t: string) => {
      const r = parseBand(t, "percent");
      return r.ok ? "ok" : plainWords(r.error.text);
    };
    expect(bad("23-10")).toContain("must be below the high bound");
    expect(bad("10%")).toContain("give its low and high bounds");
    expect(bad("10-120")).toContain("more than 100%");
    expect(bad("1/2-3/4")).toContain("not a fraction");
  });

  it("make a figure outside them amber within the tolerance and red beyond, with the reason, whatever the target", () => {
    expect(indicatorRag(cpSecond, 2)).toEqual({
      status: "red",
      reason:
        "2% is 8 points below its lower bound of 10%, outside the band of concern (10% to 23%), beyond the tolerance of 2 points, though 2% is below the target of 20%",
    });
    expect(indicatorRag(cpSecond, 9)?.status).toBe("amber");
    expect(indicatorRag(cpSecond, 15)).toEqual({ status: "green", reason: "15% is below the target of 20%" });
    expect(indicatorRag(cpSecond, 21.5)?.status).toBe("amber"); // within the target's tolerance, inside the band
    const high = indicatorRag(cpSecond, 26)!;
    expect(high.status).toBe("red");
    expect(high.reason).toContain("6 points above the target of 20%");
    expect(high.reason).toContain("3 points above its upper bound of 23%");
  });

  it("judge a move further outside them as worsening, and one back towards them as improving, whatever the polarity", () => {
    expect(indicatorChange(cpSecond, 9, 2).judgement).toBe("worsening"); // lower is better, but below the band
    expect(indicatorChange(cpSecond, 2, 5).judgement).toBe("improving");
    expect(indicatorChange(cpSecond, 15, 12).judgement).toBe("improving"); // inside the band: the polarity decides
    expect(indicatorChange(cpSecond, 24, 26).judgement).toBe("worsening");
    expect(indicatorChange(cpSecond, 26, 24).judgement).toBe("improving");
    expect(indicatorChange({ ...cpSecond, bandLow: null, bandHigh: null }, 9, 2).judgement).toBe("improving");
    expect(indicatorChange({ ...cpSecond, polarity: "neutral" }, 9, 2).judgement).toBe("decreasing");
  });

  it("give a status with a band and no target, and none to a neutral indicator", () => {
    expect(rag({ value: 12, target: null, tolerance: null, polarity: "low_good", unit: "percent", bandLow: 10, bandHigh: 23 })).toEqual({
      status: "green",
      reason: "12% is within the band of concern (10% to 23%)",
    });
    expect(rag({ value: 30, target: null, tolerance: null, polarity: "neutral", unit: "percent", bandLow: 10, bandHigh: 23 })).toBeNull();
    expect(bandVerdict(5, { low: null, high: null }, null, "percent")).toBeNull();
    expect(describeBand({ low: 10, high: null }, "percent")).toBe("at least 10%");
  });
});

describe("what are we doing about it", () => {
  const base: Action = {
    ref: "1.1",
    theme: "Practice",
    title: "t",
    ownerId: "U0OWNER0001",
    sponsorId: null,
    due: "2017-09-30",
    measureKey: "cp-second",
    status: "on_track",
    evidence: null,
    lastUpdateAt: null,
    doneAt: null,
    createdAt: new Date(0),
  };
  it("lists the open actions that name the indicator, red first, then the soonest due", () => {
    const actions: Action[] = [
      { ...base, ref: "1.1" },
      { ...base, ref: "1.2", due: "2017-08-31" },
      { ...base, ref: "1.3", due: "2017-06-30" }, // overdue on 10 July
      { ...base, ref: "1.4", status: "done" },
      { ...base, ref: "1.5", measureKey: "cla" },
      { ...base, ref: "1.6", status: "at_risk" },
    ];
    const linked = openActionsFor("cp-second", actions, "2017-07-10");
    expect(linked.map((a) => [a.ref, a.rag?.status, a.overdue])).toEqual([
      ["1.3", "red", true],
      ["1.6", "amber", false],
      ["1.2", "green", false],
      ["1.1", "green", false],
    ]);
    expect(linked[0]).toMatchObject({ ownerId: "U0OWNER0001", due: "2017-06-30", rag: { reason: "overdue by 10 days" } });
    expect(openActionsFor("adoptions", actions, "2017-07-10")).toEqual([]);
  });

  it("is asked of red, worsening and special-cause-concern indicators", () => {
    const worse = change(80, 70, "high_good", "percent");
    expect(exceptionReasons({ status: "red", reason: "" }, worse, "concern")).toEqual(["red", "worsening", "special-cause concern"]);
    expect(exceptionReasons({ status: "green", reason: "" }, change(70, 80, "high_good", "percent"), "common")).toEqual([]);
    expect(exceptionReasons(null, change(70, 80, "neutral", "count"), null)).toEqual([]);
  });
});

describe("/kpi grammar", () => {
  it("reads about and band", () => {
    expect(parseKpiCommand("cp-second about")).toEqual({ ok: true, value: { kind: "about", key: "cp-second" } });
    expect(parseKpiCommand("cp-second band 10%-23%")).toEqual({ ok: true, value: { kind: "band", key: "cp-second", text: "10%-23%" } });
    expect(parseKpiCommand("cp-second band 10% to 23%")).toEqual({ ok: true, value: { kind: "band", key: "cp-second", text: "10% to 23%" } });
    const none = parseKpiCommand("cp-second band");
    expect(none.ok).toBe(false);
    expect(parseKpiCommand("cp-second about more").ok).toBe(false);
  });
});

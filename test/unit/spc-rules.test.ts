// Each special-cause rule on hand-made series, beyond the reference vectors.
import { describe, expect, it } from "vitest";
import { type SpcChartInput, spcAltText, spcChartConfig, spcMarksPlugin } from "../../src/charts/spc-chart.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { type Period, periodFromKey, shiftPeriod } from "../../src/domain/period.js";
import { spc } from "../../src/domain/spc.js";
import { analystTable, gapsIn, periodSlots, type ReadingInput, readingWords, spcReading, variationIcon } from "../../src/domain/spc-reading.js";

const flat = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49];
const months = (n: number, from = "2016-01"): Period[] => Array.from({ length: n }, (_, i) => shiftPeriod(periodFromKey(from), i));
const types = (values: number[], improvement: "increase" | "decrease" | "neutral" = "increase") => spc(values, { improvement }).points.map((p) => p.type);

describe("limits", () => {
  it("are the mean ± 2.66 × the mean moving range", () => {
    const r = spc([10, 12, 11, 13, 12], { improvement: "increase" });
    const amr = (2 + 1 + 2 + 1) / 4;
    expect(r.groups[0]!.mean).toBeCloseTo(11.6, 9);
    expect(r.groups[0]!.upl).toBeCloseTo(11.6 + 2.66 * amr, 9);
    expect(r.groups[0]!.lpl).toBeCloseTo(11.6 - 2.66 * amr, 9);
  });
  it("screen out moving ranges above 3.267 × the mean moving range", () => {
    // Moving ranges: ten of 1 and one of 50. Their mean is 5.45, and 50 > 3.267 × 5.45, so 50 is screened
    // out and the limits use a mean moving range of 1 (without screening they would be 2.66 × 5.45 away).
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 60];
    expect(spc(values, { improvement: "increase" }).groups[0]!.upl).toBeCloseTo(values.reduce((a, b) => a + b) / 12 + 2.66 * 1, 9);
  });
  it("are calculated from 2 points, and marked short below 12 as NHSRplotthedots warns", () => {
    expect(spc(flat.slice(0, 2), { improvement: "increase" }).groups[0]!.upl).toBeCloseTo(50.5 + 2.66, 9);
    expect(spc(flat.slice(0, 11), { improvement: "increase" }).groups[0]!.short).toBe(true);
    expect(spc(flat, { improvement: "increase" }).groups[0]!.short).toBe(false);
  });
  it("can be fixed on the first n points", () => {
    const r = spc([...flat, 70, 71, 72], { improvement: "increase", fixAfterN: 12 });
    expect(r.groups[0]!.mean).toBeCloseTo(50, 9);
  });
  it("restart at a rebase", () => {
    const r = spc([...flat, ...flat.map((v) => v + 20)], { improvement: "increase", rebaseAt: [12] });
    expect(r.groups.map((g) => Math.round(g.mean))).toEqual([50, 70]);
    expect(r.points.every((p) => p.type === "common_cause")).toBe(true);
  });
});

describe("special-cause rules", () => {
  it("flags a point beyond a limit, following polarity", () => {
    expect(types([...flat, 70]).at(-1)).toBe("special_cause_improvement");
    expect(types([...flat, 70], "decrease").at(-1)).toBe("special_cause_concern");
    expect(types([...flat, 30]).at(-1)).toBe("special_cause_concern");
    expect(types([...flat, 70], "neutral").at(-1)).toBe("special_cause_neutral_high");
  });
  it("flags a run of 7 on one side of the mean, and only from the 7th", () => {
    const six = [...flat, 52, 52, 52, 52, 52, 52];
    const seven = [...six, 52];
    expect(spc(six, { improvement: "increase" }).points.filter((p) => p.rule === "run")).toHaveLength(0);
    const r = spc(seven, { improvement: "increase" });
    expect(r.points.slice(-7).every((p) => p.type === "special_cause_improvement")).toBe(true);
  });
  it("flags a trend of 7 points rising or falling, broken by a tie", () => {
    // Wide limits, and each trend crosses the mean: no other rule can flag these points.
    const noisy = [40, 60, 40, 60, 40, 60, 40, 60, 40, 60, 40, 60];
    const rules = (values: number[]) => spc(values, { improvement: "increase" }).points.map((p) => p.rule);
    expect(rules([...noisy, 44, 46, 48, 50.5, 52, 54, 56]).slice(-7)).toEqual(Array(7).fill("trend"));
    expect(rules([...noisy, 54, 52, 50, 49.5, 48, 46, 44]).slice(-7)).toEqual(Array(7).fill("trend"));
    expect(rules([...noisy, 44, 46, 48, 50.5, 52, 54])).not.toContain("trend"); // six is not yet a trend
    expect(rules([...noisy, 44, 46, 48, 48, 52, 54, 56])).not.toContain("trend"); // a tie breaks it
  });
  it("classifies a trend's points by the trend's direction, whichever side of the mean they sit (0.2.2)", () => {
    // Lower is better: a rising trend is a concern from its first point, though 50 to 54 are below the mean (56.1).
    const rising = spc([60, 62, 58, 61, 59, 60, 44, 46, 48, 50, 52, 54, 56, 60, 58, 62, 59, 61], { improvement: "decrease" });
    expect(rising.points.slice(9, 14).map((p) => [p.rule, p.value < p.mean, p.type])).toEqual([
      ["trend", true, "special_cause_concern"],
      ["trend", true, "special_cause_concern"],
      ["trend", true, "special_cause_concern"],
      ["trend", true, "special_cause_concern"],
      ["trend", false, "special_cause_concern"],
    ]);
  });
  it("gives a point shared by a rise and a fall the direction of the step to the next point", () => {
    const peak = types([30, 10, 30, 10, 30, 10, 16, 17, 18, 19, 20, 21, 22, 21, 20, 19, 18, 17, 16, 30, 10]);
    expect(peak.slice(5, 12).every((t) => t === "special_cause_improvement")).toBe(true);
    expect(peak.slice(12, 19).every((t) => t === "special_cause_concern")).toBe(true); // 22, the peak, begins the fall
  });
  it("reads a flat step between two trends as falling, as ptd_spc() does", () => {
    const twoRises = types([0, 20, 0, 20, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13, 14, 15, 16, 0, 20]);
    expect(twoRises[10]).toBe("special_cause_concern");
    expect(
      twoRises
        .slice(4, 10)
        .concat(twoRises.slice(11, 18))
        .every((t) => t === "special_cause_improvement"),
    ).toBe(true);
  });
  it("flags 2 of 3 close to a limit only when all 3 are on the same side", () => {
    const base = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49];
    expect(types([...base, 54.5, 54.8, 51]).slice(-3)).toEqual(["special_cause_improvement", "special_cause_improvement", "common_cause"]);
    expect(types([...base, 54.5, 54.8, 50]).slice(-3)).toEqual(["common_cause", "common_cause", "common_cause"]);
  });
});

describe("the reading", () => {
  const base = { polarity: "high_good" as const, unit: "percent" as const, frequency: "monthly" as const, rebaseAt: [], target: null };
  const read = (values: number[], more: Partial<ReadingInput> = {}) => spcReading({ ...base, values, periods: months(values.length), ...more });
  const twenty = [...flat, 50, 51, 49, 50, 52, 48, 50, 51];

  it("gives no verdict below 12 points, and says how many there are and how many are needed", () => {
    const two = read([307, 276]);
    expect(two).toMatchObject({ kind: "none", assurance: null, points: 2, needed: 12, trial: false, icons: { variation: null, assurance: null } });
    expect(two.variation).toBe("not enough points for SPC yet (2 of the 12 needed)");
    expect(two.result!.groups[0]!.n).toBe(2); // the analyst's table still has its limits
    expect(read([307]).result).toBeNull();
    expect(read([]).variation).toBe("not enough points for SPC yet (0 of the 12 needed)");
    const eleven = read([...flat.slice(0, 10), 90], { target: 40 });
    expect(eleven.kind).toBe("none"); // 90 is beyond the limit, but 11 points give no verdict
    expect(eleven.assurance).toBeNull();
    expect(readingWords(eleven)).toBe("Not enough points for SPC yet (11 of the 12 needed).");
  });
  it("reads 12 to 19 points on trial limits, and says so; from 20 the limits are firm", () => {
    expect(read(flat)).toMatchObject({
      kind: "common",
      trial: true,
      variation: "common cause variation: no significant change (trial limits on 12 points; firm from 20)",
    });
    expect(read(twenty.slice(0, 19)).trial).toBe(true);
    expect(read(twenty)).toMatchObject({ kind: "common", trial: false, variation: "common cause variation: no significant change" });
  });
  it("counts the points since the latest rebase", () => {
    const r = read([...twenty, 70, 71, 69, 70, 72], { rebaseAt: [20] });
    expect(r.kind).toBe("none");
    expect(r.variation).toBe("not enough points for SPC yet (5 of the 12 needed, counting from the rebase in September 2017)");
  });
  it("says the target will be met consistently, sometimes, or not without change", () => {
    expect(read(twenty, { target: 40 }).assurance).toBe("the target of 40% will be met consistently");
    expect(read(twenty, { target: 50 }).assurance).toBe("hit and miss: the target will sometimes be met and sometimes not");
    expect(read(twenty, { target: 95 }).assurance).toBe("the target of 95% will not be met without a change to the process");
    expect(read(twenty, { target: 95 }).icons).toEqual({ variation: "common_cause", assurance: "fail" });
  });
  it("reads special cause variation in words", () => {
    const r = read([...twenty, 48.5, 48.6, 48.7, 48.8, 48.9, 48.5, 48.4], { polarity: "low_good" });
    expect(r.kind).toBe("improvement");
    // The last point of the twenty (51) is above the mean, so the run is 7 long.
    expect(r.variation).toBe("special cause variation, improving: 7 months in a row below the average");
    expect(r.icons.variation).toBe("improvement_low");
  });
  it("names the Making Data Count icon by direction", () => {
    expect(variationIcon("special_cause_improvement", "increase")).toBe("improvement_high");
    expect(variationIcon("special_cause_concern", "increase")).toBe("concern_low");
    expect(variationIcon("special_cause_concern", "decrease")).toBe("concern_high");
    expect(variationIcon("special_cause_neutral_low", "neutral")).toBe("neutral_low");
  });
});

describe("missing periods", () => {
  const periods = ["2017-01", "2017-02", "2017-03", "2017-06", "2017-07"].map(periodFromKey);
  it("are found between figures, and every period has a slot on the chart's axis", () => {
    expect(gapsIn(periods)).toEqual([{ from: periodFromKey("2017-04"), to: periodFromKey("2017-05"), missing: 2, before: 3 }]);
    expect(periodSlots(periods).map((s) => s.index)).toEqual([0, 1, 2, null, null, 3, 4]);
    const quarters = ["2016/17-Q1", "2016/17-Q4"].map(periodFromKey);
    expect(gapsIn(quarters)[0]!.missing).toBe(2);
    const weeks = ["2016-W52", "2017-W02"].map(periodFromKey); // 2016 has 52 ISO weeks
    expect(gapsIn(weeks)[0]).toMatchObject({ missing: 1, from: periodFromKey("2017-W01") });
  });
  it("leave the calculation as NHSRplotthedots makes it (figures in order), and the reading says so", () => {
    const values = [...flat, 50, 51, 49, 50, 52, 48, 50, 51];
    const withGap = [...months(10), ...months(10, "2017-01")];
    const r = spcReading({ values, periods: withGap, polarity: "high_good", unit: "percent", frequency: "monthly", target: null, rebaseAt: [] });
    expect(r.result).toEqual(spc(values, { improvement: "increase", target: null, rebaseAt: [] }));
    expect(r.gapWords).toBe("No figures for November to December 2016: SPC treats the figures either side of a gap as consecutive, as NHSRplotthedots does.");
    expect(readingWords(r)).toBe(
      "Common cause variation: no significant change. No figures for November to December 2016: SPC treats the figures either side of a gap as consecutive, as NHSRplotthedots does.",
    );
    const few = spcReading({
      values: [307, 276],
      periods: ["2017-03", "2017-06"].map(periodFromKey),
      polarity: "neutral",
      unit: "count",
      frequency: "monthly",
      target: null,
      rebaseAt: [],
    });
    expect(readingWords(few)).toBe("Not enough points for SPC yet (2 of the 12 needed). No figures for April to May 2017.");
  });
  it("make a run across a gap a run of figures, not of months", () => {
    const values = [...flat, 50, 51, 49, 50, 52, 48, 50, 51, 52.5, 52.6, 52.5, 52.6, 52.5, 52.6, 52.5];
    const periods = [...months(24), ...months(3, "2018-03")];
    const r = spcReading({ values, periods, polarity: "high_good", unit: "percent", frequency: "monthly", target: null, rebaseAt: [] });
    expect(r.variation).toContain("8 figures in a row above the average"); // 51, then seven, with January and February 2018 missing
  });
});

describe("the SPC chart", () => {
  const indicator: Indicator = {
    key: "k",
    name: "Audits good",
    unit: "percent",
    polarity: "high_good",
    frequency: "monthly",
    englandValue: null,
    englandPeriod: null,
    guidance: null,
    target: 50,
    tolerance: null,
  };
  const chartInput = (values: number[], periods: Period[], rebases: SpcChartInput["rebases"] = []): SpcChartInput => ({
    indicator,
    periods,
    rebases,
    where: "Stockton-on-Tees",
    reading: spcReading({ polarity: "high_good", unit: "percent", frequency: "monthly", values, periods, target: 50, rebaseAt: rebases.map((r) => r.index) }),
  });
  const values = [...flat, 50, 51, 49, 50, 52, 48, 50, 51, 70];
  const marksOf = (c: ReturnType<typeof spcChartConfig>) =>
    (c.options!.plugins as unknown as { spcMarks: { letters: string[]; icons: { icon: string; label: string }[]; rebases: { slot: number }[] } }).spcMarks;
  const dataset = (c: ReturnType<typeof spcChartConfig>, label: string) => c.data.datasets.find((d) => String(d.label).startsWith(label));

  it("marks special-cause points by shape and letter, and puts both readings in the subtitle, icons and alt text", () => {
    const input = chartInput(values, months(values.length));
    const c = spcChartConfig(input);
    const improving = dataset(c, "Special cause: improving")!;
    expect(improving.pointStyle).toBe("triangle");
    expect((improving.data as (number | null)[]).at(-1)).toBe(70);
    expect((c.options!.plugins!.subtitle!.text as string[]).join(" ")).toContain("Assurance: hit and miss");
    expect((c.options!.plugins!.title!.text as string[]).join(" ").replace(/\u00a0/g, " ")).toBe("SPC: Audits good, Stockton-on-Tees, Jan 2016 to Sep 2017");
    expect(marksOf(c).letters.at(-1)).toBe("I");
    expect(marksOf(c).icons).toEqual([
      { icon: "improvement_high", label: "Improving\n(high)" },
      { icon: "inconsistent", label: "Target:\nhit and miss" },
    ]);
    expect(c.plugins).toContain(spcMarksPlugin);
    const alt = spcAltText(input);
    expect(alt).toContain("Latest 70%");
    expect(alt).toContain("Special cause variation, improving: the latest figure is beyond the upper process limit");
    expect(alt.length).toBeLessThanOrEqual(1000);
  });
  it("leaves missing months as gaps in the line, never joined", () => {
    const periods = [...months(10), ...months(values.length - 10, "2017-01")];
    const c = spcChartConfig(chartInput(values, periods));
    expect(c.data.labels).toHaveLength(values.length + 2);
    expect(c.data.labels!.slice(9, 13)).toEqual(["Oct 2016", "Nov 2016", "Dec 2016", "Jan 2017"]);
    const figures = dataset(c, "Figures")!;
    expect(figures.data.slice(9, 13)).toEqual([values[9], null, null, values[10]]);
    expect((figures as { spanGaps?: boolean }).spanGaps).toBe(false);
    expect(dataset(c, "Mean")!.data[10]).not.toBeNull(); // the process's lines carry on across the gap
    expect((c.options!.plugins!.subtitle!.text as string[]).join(" ")).toContain("No figures for November to December 2016");
  });
  it("shows the figures without limits, marks or icons when there are too few for a verdict", () => {
    const input = chartInput([307, 276], ["2017-03", "2017-06"].map(periodFromKey));
    const c = spcChartConfig(input);
    expect(c.data.datasets.map((d) => d.label)).toEqual(["Figures", "Target 50%"]);
    expect(c.data.datasets[0]!.data).toEqual([307, null, null, 276]);
    expect(marksOf(c).icons).toEqual([]);
    expect((c.options!.plugins!.subtitle!.text as string[]).join(" ")).toBe(
      "Not enough points for SPC yet (2 of the 12 needed). The figures are shown without limits. No figures for April to May 2017.",
    );
    expect(spcAltText(input)).toContain("Figures: 307%, 276%.");
  });
  it("draws limits only for a process with 12 points or more, around a rebase", () => {
    const v = [...values.slice(0, 20), 60, 61, 62];
    const c = spcChartConfig(chartInput(v, months(v.length), [{ index: 20, reason: "new front door" }]));
    const mean = dataset(c, "Mean")!.data;
    expect(mean.slice(0, 20).every((m) => m !== null)).toBe(true);
    expect(mean.slice(20)).toEqual([null, null, null]);
    expect(marksOf(c).rebases).toEqual([{ slot: 20, reason: "new front door" }]);
    expect((c.options!.plugins!.subtitle!.text as string[]).join(" ")).toContain(
      "counting from the rebase in September 2017). Limits are shown only before the rebase.",
    );
  });
});

describe("the analyst's table", () => {
  it("shows the working for any series of 2 or more points, with NHSRplotthedots' warning and the gaps", () => {
    const periods = ["2017-03", "2017-06"].map(periodFromKey);
    const t = analystTable({ values: [307, 276], periods, polarity: "neutral", unit: "count", frequency: "monthly", target: null, rebaseAt: [] });
    expect(t.rows).toEqual([
      { period: periods[0], value: 307, mean: 291.5, lpl: 291.5 - 2.66 * 31, upl: 291.5 + 2.66 * 31, pointType: "common_cause" },
      { period: periods[1], value: 276, mean: 291.5, lpl: 291.5 - 2.66 * 31, upl: 291.5 + 2.66 * 31, pointType: "common_cause" },
    ]);
    expect(t).toMatchObject({ variationType: "common_cause", assuranceType: null });
    expect(t.warnings).toEqual([
      "2 points from March 2017: fewer than 12, so these are trial limits (NHSRplotthedots warns the same), and the board is given no verdict.",
      "No figures for April to May 2017: SPC treats the figures either side of a gap as consecutive, as NHSRplotthedots does.",
    ]);
    const one = analystTable({
      values: [307],
      periods: periods.slice(0, 1),
      polarity: "neutral",
      unit: "count",
      frequency: "monthly",
      target: null,
      rebaseAt: [],
    });
    expect(one).toEqual({ rows: [], variationType: null, assuranceType: null, warnings: ["SPC needs at least 2 points; there is 1."] });
  });
});

import type { ChartConfiguration } from "chart.js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { lineChartAltText, panelsAltText } from "../../src/charts/alt-text.js";
import { valueAxis } from "../../src/charts/axis.js";
import { keyHeight, keyLayout } from "../../src/charts/key.js";
import { LINE_STYLE, lineChartConfig, PANEL_SIZE, TREND_CHART_SIZE, tickShown } from "../../src/charts/line-chart.js";
import { contrast, PALETTE } from "../../src/charts/palette.js";
import { renderChart, renderPanels } from "../../src/charts/render.js";
import { chartSeries } from "../../src/charts/series.js";
import { catalogueEngland, comparatorPeriodOf } from "../../src/domain/comparators.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { shiftPeriod } from "../../src/domain/period.js";

const assess: Indicator = {
  key: "assess-45wd",
  name: "Single assessments completed within 45 working days",
  unit: "percent",
  polarity: "high_good",
  frequency: "monthly",
  englandValue: 85.7,
  englandPeriod: "2015/16",
  guidance: null,
  target: 90,
  tolerance: 5,
};
const cp: Indicator = {
  ...assess,
  key: "s47",
  name: "Section 47 enquiries started",
  unit: "count",
  polarity: "neutral",
  englandValue: null,
  englandPeriod: null,
  target: null,
  tolerance: null,
};
const jan2016 = { frequency: "monthly", year: 2016, month: 1 } as const;
const figures = (values: (number | null)[]) => values.flatMap((v, i) => (v === null ? [] : [{ period: shiftPeriod(jan2016, i), value: v }]));

const titleOf = (c: ChartConfiguration<"line">) => (c.options!.plugins!.title!.text as string[]).join(" ");
const subtitleOf = (c: ChartConfiguration<"line">) => (c.options!.plugins!.subtitle!.text as string[]).join(" ");

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

function distinctColours(img: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4 * 97) seen.add(img.data.readUInt32BE(i));
  return seen.size;
}

describe("palette", () => {
  it("gives every data colour at least 3:1 contrast on the white background", () => {
    for (const c of [PALETTE.value, PALETTE.target, PALETTE.england, PALETTE.mean, PALETTE.improving, PALETTE.concern, PALETTE.neutral]) {
      expect(contrast(c, PALETTE.background), c).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("series", () => {
  it("keeps the last 24 periods and leaves a missing month as a gap", () => {
    const s = chartSeries(assess, figures([...Array(30).keys()].map((i) => (i === 27 ? null : 80 + (i % 7)))), false);
    expect(s.points).toHaveLength(24);
    expect(s.points[0]!.label).toBe("Jul 2016");
    expect(s.points.at(-1)!.label).toBe("Jun 2018");
    expect(s.points[21]!.value).toBeNull();
  });
});

describe("y axes", () => {
  it("run percentages from 0 to 100%, whatever the figures", () => {
    expect(valueAxis("percent", [84, 86, 91])).toEqual({ min: 0, max: 100, note: null });
    expect(valueAxis("percent", [32, 65])).toEqual({ min: 0, max: 100, note: null });
    expect(valueAxis("percent", [])).toEqual({ min: 0, max: 100, note: null });
  });
  it("zoom only on a narrow range, and say so", () => {
    expect(valueAxis("percent", [0.05, 0.1])).toEqual({ min: 0, max: 0.2, note: "axis 0 to 0.2%, not 100%" });
    expect(valueAxis("percent", [5.97, 4])).toEqual({ min: 0, max: 10, note: "axis 0 to 10%, not 100%" });
    expect(valueAxis("percent", [96, 98, 99, 95])).toEqual({ min: 90, max: 100, note: "axis from 90%, not 0" });
    expect(valueAxis("percent", [98, 95], 1)).toEqual({ min: 0, max: 100, note: null }); // one figure and its target: nothing to zoom into
  });
  it("start every other unit at 0", () => {
    expect(valueAxis("count", [307, 276])).toEqual({ min: 0, max: undefined, note: null });
    expect(valueAxis("rate_per_10k", [42.8])).toMatchObject({ min: 0 });
  });
});

describe("comparators on a chart", () => {
  it("are drawn only on the periods they belong to", () => {
    const s = chartSeries(assess, figures([88, 91, 86, 84, 92, 90]), false, { comparators: catalogueEngland(85.7, "2015/16") });
    // Jan to Mar 2016 are in 2015/16; April 2016 starts 2016/17.
    expect(s.comparators).toEqual([{ kind: "england", label: "England", periodLabels: ["2015/16"], values: [85.7, 85.7, 85.7, null, null, null] }]);
    const later = chartSeries(assess, figures([88, 91, 86]), false, { comparators: catalogueEngland(85.7, "2024/25") });
    expect(later.comparators).toEqual([]);
    const c = lineChartConfig(s, { where: null });
    expect(c.data.datasets.map((d) => d.label)).toContain("England 2015/16: 85.7%");
  });
  it("take the most specific comparator for a period, and mark a lone one as a point", () => {
    const s = chartSeries(assess, figures([88, 91, 86]), false, {
      comparators: [
        ...catalogueEngland(85.7, "2015/16"),
        { kind: "england", value: 80, period: comparatorPeriodOf(shiftPeriod(jan2016, 1)) },
        { kind: "region", value: 83, period: comparatorPeriodOf(shiftPeriod(jan2016, 2)) },
      ],
    });
    expect(s.comparators.map((c) => [c.kind, c.values])).toEqual([
      ["england", [85.7, 80, 85.7]],
      ["region", [null, null, 83]],
    ]);
    const region = lineChartConfig(s, { where: null }).data.datasets.find((d) => String(d.label).startsWith("Region"))!;
    expect(region.pointRadius).toEqual([0, 0, 4]);
  });
});

describe("chart configuration", () => {
  const s = chartSeries(assess, figures([88, 91, 86, 84]), false, { comparators: catalogueEngland(85.7, "2015/16") });
  const config = lineChartConfig(s, { where: "Stockton-on-Tees" });
  it("labels periods in words and says what, where and when in one title", () => {
    expect(config.data.labels).toEqual(["Jan 2016", "Feb 2016", "Mar 2016", "Apr 2016"]);
    expect(titleOf(config)).toBe("Single assessments completed within 45 working days, Stockton-on-Tees, Jan 2016 to Apr 2016");
    expect(subtitleOf(config)).toBe("Latest: 84% (April 2016) · down 2 points since Mar 2016, worsening · Status: Red");
  });
  it("draws the target and the comparators as labelled lines, each with its own dash", () => {
    const labels = config.data.datasets.map((d) => d.label);
    expect(labels).toEqual(["Figures", "Target 90%", "England 2015/16: 85.7%"]);
    expect(config.data.datasets[1]!.borderColor).toBe(PALETTE.target);
    expect(config.data.datasets[1]!.data).toEqual([90, 90, 90, 90]);
    expect(config.data.datasets[2]!.borderDash).toEqual(LINE_STYLE.england.dash);
    const key = (config.options!.plugins as { lineKey: { entries: { label: string; dash: number[] }[] } }).lineKey.entries;
    expect(key.map((k) => k.label)).toEqual([assess.name, "Target 90%", "England 2015/16: 85.7%"]);
    expect(new Set(key.map((k) => JSON.stringify(k.dash))).size).toBe(3);
  });
  it("keeps gaps as gaps and the latest point clear of the edge, with its label in room left for it", () => {
    const gappy = lineChartConfig(chartSeries(assess, figures([88, null, null, 84]), false), { where: null });
    expect(gappy.data.datasets[0]!.data).toEqual([88, null, null, 84]);
    expect(gappy.data.datasets[0]!.spanGaps).toBe(false);
    expect(subtitleOf(gappy)).toContain("2 periods with no figure, left as gaps");
    expect((gappy.options!.scales!.x as { offset: boolean }).offset).toBe(true);
    expect((gappy.options!.layout!.padding as { right: number }).right).toBeGreaterThan(40);
  });
  it("always labels the first and the latest period", () => {
    const shown = (n: number, most: number) => [...Array(n).keys()].filter((i) => tickShown(i, n, most));
    expect(shown(4, 3)).toEqual([0, 3]);
    expect(shown(18, 5)).toEqual([0, 5, 10, 17]);
    expect(shown(24, 3)).toEqual([0, 12, 23]);
    expect(shown(1, 3)).toEqual([0]);
  });
  it("writes alt text that states the numbers, within 1,000 characters", () => {
    const alt = lineChartAltText(s);
    expect(alt).toContain("latest 84% in April 2016");
    expect(alt).toContain("down 2 points, worsening since March 2016 (86%)");
    expect(alt).toContain("target 90%, status Red");
    expect(alt).toContain("England 2015/16 85.7%");
    const many = Array.from({ length: 40 }, () => s);
    expect(panelsAltText("Scorecard", many).length).toBeLessThanOrEqual(1000);
  });
  it("never puts a suppressed count in the chart or its alt text", () => {
    const small = chartSeries(cp, figures([9, 4, 3]), true);
    const c = lineChartConfig(small, { where: null });
    expect(c.data.datasets[0]!.data).toEqual([9, null, null]);
    expect(c.data.datasets.flatMap((d) => d.data)).not.toContain(4);
    expect(c.data.datasets.flatMap((d) => d.data)).not.toContain(3);
    // Every text in the chart (title, subtitle, labels, the latest-value label): no 3 or 4.
    const texts: string[] = [];
    JSON.stringify(c, (_key, v: unknown) => {
      if (typeof v === "string") texts.push(v);
      return v;
    });
    expect(texts).toContain("Latest: fewer than 6 (March 2016)");
    expect(texts.filter((t) => /\b[345]\b/.test(t))).toEqual([]);
    const alt = lineChartAltText(small);
    expect(alt).toContain("latest fewer than 6");
    expect(alt).not.toMatch(/\b[345]\b(?! periods)/);
  });
  it("gives a panel its name as its title and its figure, status and period beneath, out of date marked", () => {
    const panel = lineChartConfig(s, { where: null, compact: true, outOfDate: true });
    expect(titleOf(panel)).toBe(assess.name);
    expect(subtitleOf(panel)).toBe("84% · Red · Apr 2016, out of date");
  });
});

describe("the key", () => {
  it("wraps its entries within the width, and says how tall it is", () => {
    const entries = ["Figures", "Target 90%", "England 2015/16: 85.7%", "Statistical neighbours 2016/17: 80%"].map((label) => ({
      label,
      colour: "#000",
      dash: [],
    }));
    const layout = keyLayout(entries, 500, 15);
    expect(layout[0]).toEqual({ row: 0, x: 0 });
    expect(layout.at(-1)!.row).toBeGreaterThan(0);
    expect(keyHeight(entries, 500, 15)).toBe((layout.at(-1)!.row + 1) * 15 * 1.6);
    expect(keyHeight([], 500, 15)).toBe(0);
  });
});

describe("rendering", () => {
  it("renders a crisp PNG (twice the CSS size) that is not blank", async () => {
    const img = decode(await renderChart(lineChartConfig(chartSeries(assess, figures([88, 91, 86, 84, 92]), false), { where: null }), TREND_CHART_SIZE));
    expect([img.width, img.height]).toEqual([TREND_CHART_SIZE.width * 2, TREND_CHART_SIZE.height * 2]);
    expect(distinctColours(img)).toBeGreaterThan(5);
  });

  it.each([
    ["no points", []],
    ["one point", [276]],
    ["all equal", [5, 5, 5, 5, 5, 5]],
    ["a gap", [10, null, null, 12, 14]],
  ])("draws %s sensibly", async (_name, values) => {
    const img = decode(await renderChart(lineChartConfig(chartSeries(cp, figures(values as (number | null)[]), false), { where: null }), TREND_CHART_SIZE));
    expect(img.width).toBe(TREND_CHART_SIZE.width * 2);
    expect(distinctColours(img)).toBeGreaterThan(2); // at least text on white
  });

  it("puts a few large panels in one image under one title, two across", async () => {
    const configs = Array.from({ length: 3 }, () => lineChartConfig(chartSeries(assess, figures([88, 91, 86]), false), { where: null, compact: true }));
    const img = decode(await renderPanels({ title: "Board scorecard: figures to June 2017", subtitle: "Assessment", key: [], panels: configs }));
    expect(img.width).toBe(PANEL_SIZE.width * 2 * 2);
    expect(img.height).toBeGreaterThan(PANEL_SIZE.height * 2 * 2);
    expect(img.height).toBeLessThan(PANEL_SIZE.height * 2 * 2 + 200);
  });
});

import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { lineChartAltText, smallMultiplesAltText } from "../../src/charts/alt-text.js";
import { lineChartConfig } from "../../src/charts/line-chart.js";
import { contrast, PALETTE } from "../../src/charts/palette.js";
import { renderChart, renderSmallMultiples } from "../../src/charts/render.js";
import { chartSeries } from "../../src/charts/series.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { shiftPeriod } from "../../src/domain/period.js";

const assess: Indicator = {
  key: "assess-45wd",
  name: "Single assessments completed within 45 working days",
  unit: "percent",
  polarity: "high_good",
  frequency: "monthly",
  englandValue: 85.7,
  englandPeriod: "2024/25",
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

describe("chart configuration", () => {
  const s = chartSeries(assess, figures([88, 91, 86, 84]), false);
  const config = lineChartConfig(s, { where: "Stockton-on-Tees" });
  it("labels periods in words and says what and where in the title", () => {
    expect(config.data.labels).toEqual(["Jan 2016", "Feb 2016", "Mar 2016", "Apr 2016"]);
    expect(config.options?.plugins?.title?.text).toBe("Single assessments completed within 45 working days, Stockton-on-Tees");
    expect(config.options?.plugins?.subtitle?.text).toBe("Latest: 84% (April 2016) · down 2 points, worsening · Status: Red");
  });
  it("draws the target and England as labelled lines, in the palette", () => {
    const labels = config.data.datasets.map((d) => d.label);
    expect(labels).toEqual(["Single assessments completed within 45 working days", "Target 90%", "England (2024/25): 85.7%"]);
    expect(config.data.datasets[1]!.borderColor).toBe(PALETTE.target);
    expect(config.data.datasets[1]!.data).toEqual([90, 90, 90, 90]);
  });
  it("writes alt text that states the numbers, within 1,000 characters", () => {
    const alt = lineChartAltText(s);
    expect(alt).toContain("latest 84% in April 2016");
    expect(alt).toContain("down 2 points, worsening since March 2016 (86%)");
    expect(alt).toContain("target 90%, status Red");
    expect(alt).toContain("England (2024/25) 85.7%");
    const many = Array.from({ length: 40 }, () => s);
    expect(smallMultiplesAltText("Scorecard", many).length).toBeLessThanOrEqual(1000);
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
});

describe("rendering", () => {
  it("renders a crisp PNG (twice the CSS size) that is not blank", async () => {
    const img = decode(await renderChart(lineChartConfig(chartSeries(assess, figures([88, 91, 86, 84, 92]), false), { where: null })));
    expect([img.width, img.height]).toEqual([1800, 900]);
    expect(distinctColours(img)).toBeGreaterThan(5);
  });

  it.each([
    ["no points", []],
    ["one point", [276]],
    ["all equal", [5, 5, 5, 5, 5, 5]],
    ["a gap", [10, null, null, 12, 14]],
  ])("draws %s sensibly", async (_name, values) => {
    const img = decode(await renderChart(lineChartConfig(chartSeries(cp, figures(values as (number | null)[]), false), { where: null })));
    expect(img.width).toBe(1800);
    expect(distinctColours(img)).toBeGreaterThan(2); // at least text on white
  });

  it("puts small multiples in one image", async () => {
    const configs = Array.from({ length: 7 }, () => lineChartConfig(chartSeries(assess, figures([88, 91, 86]), false), { where: null, compact: true }));
    const img = decode(await renderSmallMultiples(configs, 3));
    expect([img.width, img.height]).toEqual([420 * 2 * 3, 240 * 2 * 3]);
  });
});

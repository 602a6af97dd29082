// Small numbers in anything posted to a channel: counts of 1 to 5, and percentages
// whose numerator, denominator or their difference is 1 to 5.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineChartAltText } from "../../src/charts/alt-text.js";
import { chartSubtitle, lineChartConfig } from "../../src/charts/line-chart.js";
import { chartSeries } from "../../src/charts/series.js";
import { buildDigest } from "../../src/domain/digest.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { isSuppressed, publicValue } from "../../src/domain/suppression.js";
import { digestMessage } from "../../src/slack/blocks/digest.js";

const icpc: Indicator = {
  key: "icpc-15wd",
  name: "ICPCs within 15 working days",
  unit: "percent",
  polarity: "high_good",
  frequency: "monthly",
  englandValue: null,
  englandPeriod: null,
  guidance: null,
  target: 90,
  tolerance: 5,
};
const june = { frequency: "monthly", year: 2017, month: 6 } as const;
const may = { frequency: "monthly", year: 2017, month: 5 } as const;

describe("isSuppressed", () => {
  it.each([
    [3, "count", null, null, true],
    [5, "count", null, null, true],
    [0, "count", null, null, false],
    [6, "count", null, null, false],
    [75, "percent", 4, 3, true], // 3 of 4: all three small
    [80, "percent", 15, 12, true], // 3 of 15 were not: the difference is small
    [0, "percent", 4, 0, true], // a base of 4
    [20, "percent", 10, 2, true],
    [50, "percent", 20, 10, false],
    [0, "percent", 40, 0, false], // none of 40: nothing small to hide
    [100, "percent", 30, 30, false],
    [75, "percent", null, null, false], // no base, nothing to judge
    [75, "percent", 4, null, true], // numerator worked out from the base
    [4.2, "rate_per_10k", null, null, false],
  ] as const)("%s %s with base %s and numerator %s: %s", (value, unit, base, numerator, expected) => {
    expect(isSuppressed(value, unit, true, base, numerator)).toBe(expected);
    expect(isSuppressed(value, unit, false, base, numerator)).toBe(false);
  });

  it("shows a hidden percentage as suppressed: small numbers, and keeps private figures", () => {
    expect(publicValue(75, "percent", true, 4, 3)).toBe("suppressed: small numbers");
    expect(publicValue(3, "count", true)).toBe("fewer than 6");
    expect(publicValue(75, "percent", false, 4, 3)).toBe("75% (3 of 4)");
  });

  it("never lets a small numerator, base or difference through", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(200), (base, k) => {
        const n = k % (base + 1);
        const shown = !isSuppressed((n / base) * 100, "percent", true, base, n);
        const small = (x: number) => x >= 1 && x <= 5;
        expect(shown).toBe(!small(n) && !small(base) && !small(base - n));
      }),
    );
  });
});

describe("a digest with 75% (3 of 4)", () => {
  const inputs = [
    {
      indicator: icpc,
      latest: { period: june, value: 75, base: 4, numerator: 3, note: null },
      previous: { period: may, value: 93.3, base: 15, numerator: 14, note: null },
    },
  ];

  it("shows neither the percentage nor its numbers, nor a change or reason that would give them away", () => {
    const d = buildDigest(inputs, june, true);
    const row = d.rows[0]!;
    expect(row.value).toBe("suppressed: small numbers");
    expect(row.changeText).toBe("worsening since May 2017"); // the direction and its period, never the amount
    expect(row.ragReason).toBe("suppressed: small numbers, against the target of 90%");
    const msg = JSON.stringify(digestMessage(d, { late: null, timezone: "Europe/London" }));
    expect(msg).toContain("suppressed: small numbers");
    expect(msg).not.toMatch(/75%|3 of 4|93\.3|14 of 15|18\.3/);
  });

  it("shows them when the council has not asked for suppression", () => {
    expect(buildDigest(inputs, june, false).rows[0]!.value).toBe("75% (3 of 4)");
  });

  it("leaves the point out of the chart, its subtitle and its alt text", () => {
    const s = chartSeries(
      icpc,
      [
        { period: may, value: 93.3, base: 15, numerator: 14 },
        { period: june, value: 75, base: 4, numerator: 3 },
      ],
      true,
    );
    expect(lineChartConfig(s, { where: null }).data.datasets[0]!.data).toEqual([null, null]);
    expect(chartSubtitle(s)).toContain("Latest: suppressed: small numbers");
    const alt = lineChartAltText(s);
    expect(alt).toContain("latest suppressed: small numbers in June 2017");
    expect(alt).toContain("Percentages of small numbers of children are not shown.");
    expect(alt).not.toMatch(/75|93\.3/);
  });
});

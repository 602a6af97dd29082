// Each special-cause rule on hand-made series, beyond the reference vectors.
import { describe, expect, it } from "vitest";
import { spc } from "../../src/domain/spc.js";
import { spcReading } from "../../src/domain/spc-reading.js";
import { spcAltText, spcChartConfig } from "../../src/charts/spc-chart.js";
import { shiftPeriod } from "../../src/domain/period.js";

const flat = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49];
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
  it("are trial limits below 12 points", () => {
    expect(spc(flat.slice(0, 11), { improvement: "increase" }).groups[0]!.trial).toBe(true);
    expect(spc(flat, { improvement: "increase" }).groups[0]!.trial).toBe(false);
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
  it("flags 2 of 3 close to a limit only when all 3 are on the same side", () => {
    const base = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49];
    expect(types([...base, 54.5, 54.8, 51]).slice(-3)).toEqual(["special_cause_improvement", "special_cause_improvement", "common_cause"]);
    expect(types([...base, 54.5, 54.8, 50]).slice(-3)).toEqual(["common_cause", "common_cause", "common_cause"]);
  });
});

describe("assurance and words", () => {
  const input = { polarity: "high_good" as const, unit: "percent" as const, frequency: "monthly" as const, rebaseAt: [] };
  it("says the target will be met consistently, sometimes, or not without change", () => {
    expect(spcReading({ ...input, values: flat, target: 40 }).assurance).toBe("the target of 40% will be met consistently");
    expect(spcReading({ ...input, values: flat, target: 50 }).assurance).toBe("hit and miss: the target will sometimes be met and sometimes not");
    expect(spcReading({ ...input, values: flat, target: 95 }).assurance).toBe("the target of 95% will not be met without a change to the process");
  });
  it("reads common and special cause variation in words", () => {
    expect(spcReading({ ...input, values: flat, target: null }).variation).toBe("common cause variation: no significant change");
    const low = { ...input, polarity: "low_good" as const };
    const r = spcReading({ ...low, values: [...flat, 48.5, 48.6, 48.7, 48.8, 48.9, 48.5, 48.4], target: null });
    expect(r.kind).toBe("improvement");
    // The last point of the flat series (49) is below the mean too, so the run is 8 long.
    expect(r.variation).toBe("special cause variation, improving: 8 months in a row below the average");
    expect(spcReading({ ...input, values: [1], target: null }).kind).toBe("none");
    expect(spcReading({ ...input, values: flat.slice(0, 5), target: null }).variation).toContain("trial limits");
  });
});

describe("the SPC chart", () => {
  const values = [...flat, 70];
  const reading = spcReading({ polarity: "high_good", unit: "percent", frequency: "monthly", values, target: 50, rebaseAt: [] });
  const input = {
    indicator: { key: "k", name: "Audits good", unit: "percent" as const, polarity: "high_good" as const, frequency: "monthly" as const, englandValue: null, englandPeriod: null, guidance: null, target: 50, tolerance: null },
    periods: values.map((_, i) => shiftPeriod({ frequency: "monthly", year: 2016, month: 1 }, i)), reading, rebases: [], where: null,
  };
  it("marks special-cause points by shape and letter, and puts both readings in the subtitle and alt text", () => {
    const c = spcChartConfig(input);
    const improving = c.data.datasets.find((d) => String(d.label).startsWith("Special cause: improving"))!;
    expect(improving.pointStyle).toBe("triangle");
    expect((improving.data as (number | null)[]).at(-1)).toBe(70);
    expect(String(c.options?.plugins?.subtitle?.text)).toContain("Assurance: hit and miss");
    const marks = (c.options?.plugins as unknown as { spcMarks: { letters: string[] } }).spcMarks;
    expect(marks.letters.at(-1)).toBe("I");
    const alt = spcAltText(input);
    expect(alt).toContain("Latest 70%");
    expect(alt).toContain("Special cause variation, improving: the latest figure is beyond the upper process limit");
    expect(alt.length).toBeLessThanOrEqual(1000);
  });
});

// Every case NHSRplotthedots 0.2.2 answers in shared/reference/spc/ptd-vectors.json
// (copied unchanged to test/support/reference), point by point.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ImprovementDirection, spc } from "../../src/domain/spc.js";

interface Case {
  name: string;
  improvement_direction: ImprovementDirection;
  target: number | null;
  rebase: string | null;
  fix_after_n_points: number | null;
  dates: string[];
  values: number[];
  points: { mean: number; lpl: number; upl: number; point_type: string }[];
  summary: Record<string, unknown>;
}

const vectors = JSON.parse(readFileSync(new URL("../support/reference/ptd-vectors.json", import.meta.url), "utf8")) as { source: string; cases: Case[] };
const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
// The file gives numbers rounded to 10 decimal places: equal at that precision is exact agreement.
const rounded = (x: number) => Number(x.toFixed(10));

describe("SPC agrees with NHSRplotthedots 0.2.2", () => {
  it("is the 0.2.2 file, with fifteen cases", () => {
    expect(vectors.source).toContain("NHSRplotthedots 0.2.2");
    expect(vectors.cases).toHaveLength(15);
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const rebaseAt = c.rebase ? [c.dates.findIndex((d) => d >= c.rebase!)] : [];
    const r = spc(c.values, { improvement: c.improvement_direction, target: c.target, rebaseAt, fixAfterN: c.fix_after_n_points });
    expect(r.points).toHaveLength(c.points.length);
    c.points.forEach((p, i) => {
      const got = r.points[i]!;
      expect(rounded(got.mean), `mean at ${i}`).toBe(p.mean);
      expect(rounded(got.lpl), `lpl at ${i}`).toBe(p.lpl);
      expect(rounded(got.upl), `upl at ${i}`).toBe(p.upl);
      expect(got.rule !== null, `special-cause flag at ${i}`).toBe(p.point_type !== "common_cause");
      expect(got.type, `point ${i} (${c.values[i]})`).toBe(p.point_type);
    });
    const s = c.summary;
    const groups = r.groups;
    expect(groups.map((g) => g.variation)).toEqual(asList(s.variation_type));
    expect(groups.map((g) => g.n)).toEqual(asList(s.n));
    groups.forEach((g, k) => {
      expect(rounded(g.mean)).toBe(asList(s.mean_col as number)[k]);
      expect(rounded(g.lpl)).toBe(asList(s.lpl as number)[k]);
      expect(rounded(g.upl)).toBe(asList(s.upl as number)[k]);
      expect(g.counts.common_cause).toBe(asList(s.common_cause as number)[k]);
      expect(g.counts.special_cause_improvement).toBe(asList(s.special_cause_improvement as number)[k]);
      expect(g.counts.special_cause_concern).toBe(asList(s.special_cause_concern as number)[k]);
    });
    if ("assurance_type" in s) expect(groups.map((g) => g.assurance)).toEqual(asList(s.assurance_type));
  });

  it("classifies a trend by its direction, not by its side of the mean (0.2.x, its issue #171)", () => {
    const trendUp = vectors.cases.find((c) => c.name === "trend_up")!;
    const r = spc(trendUp.values, { improvement: "increase" });
    // Points 12 to 15 (from 1) rise below the mean: improvement in 0.2.2, concern in the 2023 snapshot.
    for (const i of [11, 12, 13, 14]) {
      expect(r.points[i]!.value).toBeLessThan(r.points[i]!.mean);
      expect(r.points[i]!.type).toBe("special_cause_improvement");
    }
  });
});

// Every case NHSRplotthedots answers in shared/reference/spc/ptd-vectors.json (copied to test/support/reference).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { spc, type ImprovementDirection } from "../../src/domain/spc.js";

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

const vectors = JSON.parse(readFileSync(new URL("../support/reference/ptd-vectors.json", import.meta.url), "utf8")) as { cases: Case[] };
const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

describe("SPC agrees with NHSRplotthedots", () => {
  it("has fifteen cases", () => expect(vectors.cases).toHaveLength(15));

  it.each(vectors.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const rebaseAt = c.rebase ? [c.dates.findIndex((d) => d >= c.rebase!)] : [];
    const r = spc(c.values, { improvement: c.improvement_direction, target: c.target, rebaseAt, fixAfterN: c.fix_after_n_points });
    expect(r.points).toHaveLength(c.points.length);
    c.points.forEach((p, i) => {
      const got = r.points[i]!;
      expect(got.mean, `mean at ${i}`).toBeCloseTo(p.mean, 6);
      expect(got.lpl, `lpl at ${i}`).toBeCloseTo(p.lpl, 6);
      expect(got.upl, `upl at ${i}`).toBeCloseTo(p.upl, 6);
      expect(got.type, `point ${i} (${c.values[i]})`).toBe(p.point_type);
    });
    const s = c.summary;
    const groups = r.groups;
    expect(groups.map((g) => g.variation)).toEqual(asList(s.variation_type));
    expect(groups.map((g) => g.n)).toEqual(asList(s.n));
    groups.forEach((g, k) => {
      expect(g.mean).toBeCloseTo(asList(s.mean_col as number)[k]!, 6);
      expect(g.lpl).toBeCloseTo(asList(s.lpl as number)[k]!, 6);
      expect(g.upl).toBeCloseTo(asList(s.upl as number)[k]!, 6);
      expect(g.counts.common_cause).toBe(asList(s.common_cause as number)[k]);
      expect(g.counts.special_cause_improvement).toBe(asList(s.special_cause_improvement as number)[k]);
      expect(g.counts.special_cause_concern).toBe(asList(s.special_cause_concern as number)[k]);
    });
    if ("assurance_type" in s) expect(groups.map((g) => g.assurance)).toEqual(asList(s.assurance_type));
  });
});

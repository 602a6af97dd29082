// A figure that looks like a slip of the keyboard is questioned; a real change is not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slipCheck } from "../../src/domain/slip.js";

describe("slipCheck with few figures: ten times, or a tenth of, the recent figures", () => {
  const recent = [307, 298, 290, 281, 276];
  it.each([
    [27, "a-tenth"],
    [2760, "ten-times"],
    [0, "a-tenth"],
  ])("questions %d after figures around 290", (value, kind) => {
    expect(slipCheck(value, recent)?.kind).toBe(kind);
  });

  it.each([276, 277, 150, 600, 31])("does not question %d", (value) => {
    expect(slipCheck(value, recent)).toBeNull();
  });

  it("has nothing to compare a first figure with, or figures of zero", () => {
    expect(slipCheck(5, [])).toBeNull();
    expect(slipCheck(5, [0, 0, 0])).toBeNull();
  });
});

describe("slipCheck with enough figures for process limits", () => {
  // 24 months around 276, moving about 5 a month: limits near 276 ± 13.
  const steady = Array.from({ length: 24 }, (_, i) => 276 + ((i * 7) % 11) - 5);

  it("questions a figure beyond twice the limits' distance from the mean", () => {
    const slip = slipCheck(27, steady);
    expect(slip?.kind).toBe("far-beyond-limits");
    if (slip?.kind === "far-beyond-limits") expect(slip.low).toBeGreaterThan(200);
  });

  it("does not question a change SPC would flag, just beyond the limits", () => {
    const group = slipCheck(1000, steady);
    expect(group?.kind).toBe("far-beyond-limits");
    if (group?.kind !== "far-beyond-limits") return;
    const limit = group.mean + (group.high - group.mean) / 2; // the upper process limit
    expect(slipCheck(Math.ceil(limit) + 1, steady)).toBeNull();
  });

  it("does not question a steady trend carried on, however far from the mean", () => {
    const trend = Array.from({ length: 18 }, (_, i) => 61 + i);
    expect(slipCheck(79, trend)).toBeNull();
    expect(slipCheck(7.9, trend)?.kind).toBe("far-beyond-limits");
  });

  it("never questions a figure within the process limits", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 200 }), { minLength: 12, maxLength: 36 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, t) => {
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const lo = Math.min(...xs);
        const hi = Math.max(...xs);
        // Every point of a series lies within twice the limits' distance of its own mean: none is questioned.
        const value = lo + t * (hi - lo);
        const slip = slipCheck(value, xs);
        if (slip?.kind === "far-beyond-limits") expect(Math.abs(value - mean)).toBeGreaterThan(slip.high - slip.mean);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { rag } from "../../src/domain/rag.js";
import { change, judge } from "../../src/domain/trend.js";

describe("rag", () => {
  const base = { tolerance: 3, unit: "percent" as const };
  it("is green at or beyond target, for both polarities", () => {
    expect(rag({ ...base, value: 95, target: 95, polarity: "high_good" })).toEqual({ status: "green", reason: "95% meets the target of 95%" });
    expect(rag({ ...base, value: 12, target: 15, polarity: "low_good" })?.status).toBe("green");
  });
  it("is amber within the tolerance short of target, and says by how much", () => {
    expect(rag({ ...base, value: 93, target: 95, polarity: "high_good" })).toEqual({
      status: "amber",
      reason: "93% is 2 points below the target of 95%, within the tolerance of 3 points",
    });
    expect(rag({ ...base, value: 17, target: 15, polarity: "low_good" })?.status).toBe("amber");
  });
  it("is red beyond the tolerance", () => {
    expect(rag({ ...base, value: 90, target: 95, polarity: "high_good" })).toEqual({
      status: "red",
      reason: "90% is 5 points below the target of 95%, beyond the tolerance of 3 points",
    });
    expect(rag({ ...base, value: 19, target: 15, polarity: "low_good" })?.reason).toBe(
      "19% is 4 points above the target of 15%, beyond the tolerance of 3 points",
    );
  });
  it("is red for any shortfall with no tolerance", () => {
    expect(rag({ value: 94.9, target: 95, tolerance: null, polarity: "high_good", unit: "percent" })?.status).toBe("red");
  });
  it("gives no status to a neutral indicator or one without a target", () => {
    expect(rag({ ...base, value: 276, target: 300, polarity: "neutral" })).toBeNull();
    expect(rag({ ...base, value: 90, target: null, polarity: "high_good" })).toBeNull();
  });
});

describe("trend", () => {
  it("follows polarity", () => {
    expect(judge("up", "high_good")).toBe("improving");
    expect(judge("up", "low_good")).toBe("worsening");
    expect(judge("down", "low_good")).toBe("improving");
    expect(judge("down", "neutral")).toBe("decreasing");
    expect(judge("up", "neutral")).toBe("increasing");
  });
  it("states a count's change with its relative size", () => {
    expect(change(307, 276, "neutral", "count")).toMatchObject({ direction: "down", judgement: "decreasing", amount: "down 31 (10.1%)" });
  });
  it("states a percentage's change in points", () => {
    expect(change(32, 65, "high_good", "percent")).toMatchObject({ amount: "up 33 points", judgement: "improving" });
    expect(change(65, 64, "high_good", "percent").amount).toBe("down 1 point");
  });
  it("says when nothing changed", () => {
    expect(change(10, 10, "low_good", "number")).toMatchObject({ direction: "same", judgement: "no change", amount: "no change" });
  });
});

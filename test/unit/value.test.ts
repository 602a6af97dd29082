import { describe, expect, it } from "vitest";
import { formatDifference, formatValue, parseValue, smallBaseWords } from "../../src/domain/value.js";
import { plainWords } from "../../src/domain/words.js";

describe("parseValue", () => {
  it.each([
    ["276", "count", 276],
    ["1,234", "count", 1234],
    ["98%", "percent", 98],
    ["98", "percent", 98],
    ["5.97", "number", 5.97],
    ["0", "count", 0],
    ["42.8", "rate_per_10k", 42.8],
    ["100%", "percent", 100],
  ] as const)("reads %s as a %s", (text, unit, expected) => {
    const r = parseValue(text, unit);
    expect(r.ok && r.value.value).toBe(expected);
  });

  it("keeps the base of a percentage typed as a fraction", () => {
    const r = parseValue("12/15", "percent");
    expect(r).toEqual({ ok: true, value: { value: 80, numerator: 12, base: 15 } });
  });

  it.each([
    ["27.5", "count", "not a whole number"],
    ["-3", "count", "negative"],
    ["101%", "percent", "more than 100%"],
    ["98%", "count", "is a percentage"],
    ["12/15", "count", "is a fraction"],
    ["16/15", "percent", "cannot be more than"],
    ["3/0", "percent", "base of 0"],
    ["12,34", "count", "not a figure"],
    ["1.2.3", "number", "not a figure"],
    ["abc", "count", "not a figure"],
    ["99999999999", "count", "too large"],
  ] as const)("refuses %s for a %s", (text, unit, why) => {
    const r = parseValue(text, unit);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(plainWords(r.error.text)).toContain(why);
      expect(r.error.example).toBeTruthy();
    }
  });
});

describe("formatValue", () => {
  it("shows a figure with its unit and base", () => {
    expect(formatValue(1234, "count")).toBe("1,234");
    expect(formatValue(80, "percent", 15, 12)).toBe("80% (12 of 15)");
    expect(formatValue(66.6667, "percent")).toBe("66.67%");
    expect(formatValue(42.8, "rate_per_10k")).toBe("42.8 per 10,000");
    expect(formatValue(5.97, "number")).toBe("5.97");
  });

  it("keeps the precision a figure was recorded with, up to two decimal places", () => {
    expect(formatValue(0.05, "percent")).toBe("0.05%");
    expect(formatValue(85.7, "percent")).toBe("85.7%");
    expect(formatValue(85, "percent")).toBe("85%");
    expect(formatValue(42.85, "rate_per_10k")).toBe("42.85 per 10,000");
    expect(formatValue(12.5, "days")).toBe("12.5 days");
    expect(formatDifference(0.05 - 0.1, "percent")).toBe("0.05 points");
    expect(formatDifference(1.004, "percent")).toBe("1 point");
    expect(formatDifference(2.25, "percent")).toBe("2.25 points");
  });

  it("says when a percentage rests on a small base, and how far one child moves it", () => {
    expect(smallBaseWords(15)).toBe("a small base of 15: one child moves it 6.67 points");
    expect(smallBaseWords(29)).toContain("a small base of 29");
    expect(smallBaseWords(30)).toBeNull();
    expect(smallBaseWords(null)).toBeNull();
  });
});

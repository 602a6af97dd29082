// CSV formula injection (OWASP): cells that a spreadsheet would run are made text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseCell, readCsv, writeCsv } from "../../src/domain/csv.js";

describe("neutraliseCell", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","Click")', `'=HYPERLINK("http://evil.example","Click")`],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["  =1+1", "'  =1+1"],
  ])("neutralises %j", (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it.each(["Signs of Safety rollout", "276", "80% (12 of 15)", "June 2017", "2017/18-Q1", "a = b", "", "'quoted"])("leaves %j as it is", (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
  });

  it("keeps a negative number in a figure column, but not in a text column", () => {
    expect(neutraliseCell("-3", true)).toBe("-3");
    expect(neutraliseCell("-0.25", true)).toBe("-0.25");
    expect(neutraliseCell("-3", false)).toBe("'-3");
    expect(neutraliseCell("-3+1", true)).toBe("'-3+1");
    expect(neutraliseCell("=1", true)).toBe("'=1");
  });

  it("never lets a cell start with a formula character, whatever follows", () => {
    fc.assert(
      fc.property(fc.constantFrom("=", "+", "-", "@", "\t", "\r"), fc.string(), fc.boolean(), (first, rest, numeric) => {
        const out = neutraliseCell(first + rest, numeric);
        const plainNumber = numeric && /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(first + rest);
        expect(plainNumber || out === `'${first}${rest}`).toBe(true);
      }),
    );
  });
});

describe("writeCsv", () => {
  it("writes negative figures as numbers and a formula in a note as text", () => {
    const csv = writeCsv(
      ["key", "value", "note"],
      [
        ["cp-plans", "-5", '=HYPERLINK("http://x","Click")'],
        ["cla", -2.5, "-fell by 5"],
        ["=bad", null, "@me"],
      ],
      { numericColumns: ["value"] },
    );
    const rows = readCsv(csv, ["key", "value", "note"]);
    expect(rows.ok && rows.value.map((r) => r.fields)).toEqual([
      { key: "cp-plans", value: "-5", note: `'=HYPERLINK("http://x","Click")` },
      { key: "cla", value: "-2.5", note: "'-fell by 5" },
      { key: "'=bad", value: "", note: "'@me" },
    ]);
  });
});

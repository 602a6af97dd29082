import { describe, expect, it } from "vitest";
import { parseKpiCommand } from "../../src/domain/kpi-command.js";
import { periodKey } from "../../src/domain/period.js";
import { cleanCommandText } from "../../src/domain/text.js";
import { plainWords } from "../../src/domain/words.js";

const parse = (text: string) => {
  const c = cleanCommandText(text);
  if (!c.ok) return c;
  return parseKpiCommand(c.value);
};

describe("parseKpiCommand", () => {
  it("reads a record with value, period and note", () => {
    const r = parse("cp-plans 276 2017-06 Signs of Safety rollout");
    expect(r.ok).toBe(true);
    if (r.ok && r.value.kind === "record") {
      expect(r.value.valueText).toBe("276");
      expect(periodKey(r.value.period!)).toBe("2017-06");
      expect(r.value.note).toBe("Signs of Safety rollout");
    } else throw new Error("not a record");
  });

  it("treats a month without a year as part of the note", () => {
    const r = parse("cp-plans 276 May figures late");
    expect(r.ok && r.value.kind === "record" && r.value.period === null && r.value.note === "May figures late").toBe(true);
  });

  it("reads two-word periods", () => {
    for (const [text, key] of [
      ["cla 433 Jun 2017", "2017-06"],
      ["leavers-eet 63 2017/18 Q1 an increase", "2017/18-Q1"],
      ["leavers-eet 63 Q1 2017/18", "2017/18-Q1"],
    ] as const) {
      const r = parse(text);
      expect(r.ok && r.value.kind === "record" && periodKey(r.value.period!)).toBe(key);
    }
  });

  it("reports a period attempt it cannot read instead of filing it as a note", () => {
    const r = parse("cp-plans 276 2017-13");
    expect(r.ok).toBe(false);
  });

  it("lower-cases keys and keeps Slack's escaped note characters as typed", () => {
    const r = parse("CP-Plans 276 2017-06 police &amp; health");
    expect(r.ok && r.value.kind === "record" && r.value.key === "cp-plans" && r.value.note === "police & health").toBe(true);
  });

  it.each([
    ["list everything", "takes nothing after it"],
    ["help me", "takes nothing after it"],
    ["cp-plans history please", "takes nothing after it"],
    ["cp-plans banana", "expected a figure"],
    ["cp-plans delete", "which period"],
    ["cp-plans delete 2017-06 now", "takes nothing after it"],
    ["cp-plans owner bob", "not a Slack user"],
    ["admins add", "Say whom"],
    ["admins promote <@U0123456789>", "can `add` or `remove`"],
    ["audit a b", "at most one key"],
    ["cp_plans", "not an indicator key"],
    ["digest add weekly funday 09:00", "not a day of the week"],
    ["digest add monthly 31 09:00", "from 1 to 28"],
    ["digest add weekly mon 25:00", "not a time of day"],
  ])("refuses %s", (text, why) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(plainWords(r.error.text)).toContain(why);
  });

  it("reads mentions as user ids", () => {
    const r = parse("admins add <@U0123456789|jo> <@U0987654321>");
    expect(r).toEqual({ ok: true, value: { kind: "admins-change", change: "add", userIds: ["U0123456789", "U0987654321"] } });
  });

  it("is help when empty", () => {
    expect(parse("   ")).toEqual({ ok: true, value: { kind: "help" } });
  });
});

describe("cleanCommandText", () => {
  it("refuses text over 1000 characters", () => {
    const r = cleanCommandText(`cp-plans 276 2017-06 ${"x".repeat(4000)}`);
    expect(r.ok).toBe(false);
  });
  it("refuses direction-changing and control characters", () => {
    expect(cleanCommandText("cp-plans 276 \u202Eevil").ok).toBe(false);
    expect(cleanCommandText("cp-plans 276 \u0007").ok).toBe(false);
  });
  it("normalises full-width digits and strips zero-width spaces", () => {
    expect(cleanCommandText("cp-plans \uFF12\uFF17\uFF16\u200B 2017-06")).toEqual({ ok: true, value: "cp-plans 276 2017-06" });
  });
});

describe("periods the bot cannot read", () => {
  const forms = ["2017-06", "Jun 2017", "2017/18 Q1", "2017-W23"];
  it.each([
    ["cp-plans 276 2017–06", "2017–06"],
    ["cp-plans 276 06/2017 late from the MASH", "06/2017"],
    ["cp-plans 276 2017.06", "2017.06"],
    ["cp-plans 276 06-2017", "06-2017"],
    ["cp-plans 276 Jun-2017", "Jun-2017"],
    ["cp-plans 276 June2017", "June2017"],
    ["cp-plans 276 Juin 2017", "Juin 2017"],
    ["cp-plans 276 Jnue 2017", "Jnue 2017"],
    ["cp-plans 276 June 17", "June 17"],
    ["cp-plans 276 2017 06", "2017 06"],
    ["cp-plans 276 2017", "2017"],
    ["cp-plans 276 06/17", "06/17"],
    ["cp-plans 276 30/06/2017", "30/06/2017"],
    ["cp-plans 276 201706", "201706"],
    ["leavers-eet 63 Q1 2017 improving", "Q1"],
    ["leavers-eet 63 2017-18 Q1", "2017-18 Q1"],
    ["leavers-eet 63 17/18 Q1", "17/18 Q1"],
    ["leavers-eet 63 FY17/18", "FY17/18"],
    ["leavers-eet 63 2017/18", "2017/18"],
    ["leavers-eet 63 qtr 1", "qtr 1"],
    ["missing-wk 4 W23", "W23"],
    ["missing-wk 4 week 23 2017", "week 23"],
    ["missing-wk 4 2017-wk23", "2017-wk23"],
    // After a period it can read, at the start of the note
    ["cp-plans 276 2017-06 Juin 2017 figures", "Juin 2017"],
    ["cp-plans 276 2017-06 06/2017", "06/2017"],
  ])("refuses %s, naming %s and the forms it reads", (text, lookalike) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // Some attempts get parsePeriod's own, more specific words ("… is not a period I can read").
    expect(plainWords(r.error.text)).toMatch(
      new RegExp(`^"${lookalike.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}" (looks like a period|is not a period I can read)`),
    );
    for (const f of forms) expect(plainWords(r.error.example ?? [])).toContain(f);
  });

  it.each([
    "cp-plans 276 two sibling groups of four moved the rate",
    "cp-plans 276 2017-06 Signs of Safety roll-out",
    "cp-plans 276 since 2016 the trend is down",
    "cp-plans 276 2017-06 2017 cohort smaller", // a year alone is a note once the period is given
    "icpc-15wd 80% 2017-06 12/15 on time",
  ])("still reads %s as a record", (text) => {
    expect(parse(text).ok).toBe(true);
  });
});

describe("notes that start like a figure or a period", () => {
  const caution = (text: string) => {
    const r = parse(text);
    if (!r.ok || r.value.kind !== "record") throw new Error(`not a record: ${text}`);
    return r.value.noteCaution;
  };
  it("flags a stray space in a figure", () => {
    expect(caution("cp-plans 27 6 2017-06")).toEqual({ startsLike: "number", text: "6" });
  });
  it("flags a month without its year", () => {
    expect(caution("cp-plans 276 May")).toEqual({ startsLike: "period", text: "May" });
    expect(caution("cp-plans 276 2017-06 Jun 2017 again")).toEqual({ startsLike: "period", text: "Jun 2017" });
  });
  it("flags a figure at the start of the note", () => {
    expect(caution("icpc-15wd 80% 2017-06 12/15 on time")).toEqual({ startsLike: "number", text: "12/15" });
  });
  it("leaves ordinary notes and no note alone", () => {
    expect(caution("cp-plans 276 2017-06 Signs of Safety roll-out")).toBeNull();
    expect(caution("cp-plans 276 2017-06")).toBeNull();
    expect(caution("cp-plans 276 figures late from the MASH")).toBeNull();
  });
});

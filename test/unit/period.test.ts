import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkFrequency,
  describePeriod,
  hasEnded,
  latestEndedPeriod,
  type Period,
  parsePeriod,
  periodContaining,
  periodKey,
  periodLookalike,
  periodStartDate,
  periodStartMillis,
  previousPeriod,
  samePeriodLastYear,
  shiftPeriod,
} from "../../src/domain/period.js";
import { plainWords } from "../../src/domain/words.js";

const parse = (s: string): Period => {
  const r = parsePeriod(s);
  if (!r.ok) throw new Error(plainWords(r.error.text));
  return r.value;
};

describe("parsePeriod", () => {
  it.each([
    ["2017-06", "2017-06"],
    ["2017-6", "2017-06"],
    ["Jun 2017", "2017-06"],
    ["June 2017", "2017-06"],
    ["june 2017", "2017-06"],
    ["Sept 2017", "2017-09"],
    ["2017/18 Q1", "2017/18-Q1"],
    ["Q1 2017/18", "2017/18-Q1"],
    ["q4 2017/18", "2017/18-Q4"],
    ["2017/18-Q2", "2017/18-Q2"],
    ["2017/2018 Q3", "2017/18-Q3"],
    ["1999/00 Q1", "1999/00-Q1"],
    ["2017-W23", "2017-W23"],
    ["2020-W53", "2020-W53"],
  ])("reads %s", (text, key) => {
    expect(periodKey(parse(text))).toBe(key);
  });

  it.each(["May", "2017", "2017-13", "2017-00", "Jun", "Juno 2017", "2017/19 Q1", "Q5 2017/18", "2017-W54", "2019-W53", "13/2017", "", "2017-06-30"])(
    "refuses %s",
    (text) => {
      expect(parsePeriod(text).ok).toBe(false);
    },
  );

  it("explains a financial year that does not run into the next", () => {
    const r = parsePeriod("2017/19 Q1");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(plainWords(r.error.text)).toContain("2017/18");
  });
});

describe("the April-to-March year", () => {
  it("puts Q1 2017/18 in April to June 2017 and Q4 in January to March 2018", () => {
    expect(describePeriod(parse("2017/18 Q1"))).toBe("April to June 2017, Q1 2017/18");
    expect(describePeriod(parse("2017/18 Q4"))).toBe("January to March 2018, Q4 2017/18");
    expect(periodStartDate(parse("2017/18 Q4")).toISODate()).toBe("2018-01-01");
  });

  it("knows which quarter a day falls in", () => {
    const zone = "Europe/London";
    expect(periodKey(periodContaining("quarterly", new Date("2018-03-31T12:00:00Z"), zone))).toBe("2017/18-Q4");
    expect(periodKey(periodContaining("quarterly", new Date("2018-04-01T12:00:00Z"), zone))).toBe("2018/19-Q1");
    expect(periodKey(periodContaining("quarterly", new Date("2017-12-31T12:00:00Z"), zone))).toBe("2017/18-Q3");
  });

  it("steps across the year end", () => {
    expect(periodKey(shiftPeriod(parse("2017/18 Q4"), 1))).toBe("2018/19-Q1");
    expect(periodKey(previousPeriod(parse("2018/19 Q1")))).toBe("2017/18-Q4");
    expect(periodKey(samePeriodLastYear(parse("2018/19 Q2"))!)).toBe("2017/18-Q2");
  });
});

describe("ISO weeks", () => {
  it("describes a week with its dates", () => {
    expect(describePeriod(parse("2017-W23"))).toBe("week 23 of 2017 (5 June to 11 June 2017)");
  });
  it("puts 1 January 2021 in week 53 of 2020", () => {
    expect(periodKey(periodContaining("weekly", new Date("2021-01-01T12:00:00Z"), "Europe/London"))).toBe("2020-W53");
    expect(periodKey(shiftPeriod(parse("2020-W53"), 1))).toBe("2021-W01");
  });
  it("has no same week last year for a week 53 the year before lacked", () => {
    expect(samePeriodLastYear(parse("2020-W53"))).toBeNull();
  });
});

describe("periods that have ended", () => {
  const zone = "Europe/London";
  it("takes June's figure when recording on 3 July", () => {
    expect(periodKey(latestEndedPeriod("monthly", new Date("2017-07-03T09:00:00Z"), zone))).toBe("2017-06");
  });
  it("ends a month at local midnight, which is 23:00 UTC in summer", () => {
    const june = parse("2017-06");
    expect(hasEnded(june, new Date("2017-06-30T22:59:59Z"), zone)).toBe(false);
    expect(hasEnded(june, new Date("2017-06-30T23:00:00Z"), zone)).toBe(true);
  });
  it("refuses a quarter for a monthly indicator, with the reason", () => {
    const r = checkFrequency(parse("2017/18 Q1"), "monthly", "cp-plans");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(plainWords(r.error.text)).toBe("April to June 2017, Q1 2017/18 is a quarter, but cp-plans is recorded monthly.");
  });
});

describe("properties", () => {
  const periods = fc.oneof(
    fc.record({ frequency: fc.constant("monthly" as const), year: fc.integer({ min: 1995, max: 2090 }), month: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ frequency: fc.constant("quarterly" as const), fyStart: fc.integer({ min: 1995, max: 2090 }), quarter: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ frequency: fc.constant("weekly" as const), isoYear: fc.integer({ min: 1995, max: 2090 }), week: fc.integer({ min: 1, max: 52 }) }),
  );
  it("reads back its own key", () => {
    fc.assert(fc.property(periods, (p) => periodKey(parse(periodKey(p))) === periodKey(p)));
  });
  it("steps forward then back to where it started", () => {
    fc.assert(fc.property(periods, fc.integer({ min: -60, max: 60 }), (p, n) => periodKey(shiftPeriod(shiftPeriod(p, n), -n)) === periodKey(p)));
  });
  it("orders consecutive periods by their start", () => {
    fc.assert(fc.property(periods, (p) => periodStartDate(shiftPeriod(p, 1)) > periodStartDate(p)));
  });
});

describe("periodLookalike", () => {
  const at = (text: string, strict = true) => periodLookalike(text.split(" "), strict);
  it.each([
    "2017–06",
    "2017—06",
    "06/2017",
    "2017.06",
    "06-2017",
    "Jun-2017",
    "June2017",
    "Jun'17",
    "Juin 2017",
    "Juni 2017",
    "Mehefin 2017",
    "Août 2017",
    "Setember 2017",
    "2017 June",
    "Q5",
    "Q1 2017",
    "2017 Q1",
    "q1-2017/18",
    "FY2017",
    "W23",
    "wk 23",
    "week 23",
    "2017-wk23",
    "2017-06-30",
    "30.06.2017",
  ])("sees %s as a period it cannot read", (text) => {
    expect(at(text)).not.toBeNull();
    expect(at(text, false)).not.toBeNull();
  });
  it.each(["2017", "06/17", "June 17", "2017 06"])("sees %s as a period only straight after a figure", (text) => {
    expect(at(text)).not.toBeNull();
    expect(at(text, false)).toBeNull();
  });
  it.each([
    "2017-06",
    "Jun 2017",
    "2017/18 Q1",
    "Q1 2017/18",
    "2017-W23",
    "May figures late",
    "Signs of Safety",
    "since 2016",
    "in 2017",
    "276 children",
    "s47 strategy discussions",
    "MASH",
    "two sibling groups",
  ])("leaves %s alone", (text) => {
    expect(at(text)).toBeNull();
  });
  it("never calls a period it reads a look-alike", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(at(`${year}-${String(month).padStart(2, "0")}`)).toBeNull();
        expect(at(`${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]} ${year}`)).toBeNull();
      }),
    );
  });
});

describe("periodStartMillis", () => {
  it("is the start of the period, as periodStartDate says, for months, quarters and weeks", () => {
    const starts = [
      { frequency: "monthly", year: 2016, month: 12 },
      { frequency: "quarterly", fyStart: 2016, quarter: 4 },
      { frequency: "quarterly", fyStart: 2017, quarter: 1 },
      { frequency: "weekly", isoYear: 2020, week: 53 },
    ] as const;
    for (const start of starts)
      for (let n = 0; n < 30; n++) {
        const p = shiftPeriod(start, n);
        expect(periodStartMillis(p)).toBe(periodStartDate(p).toMillis());
      }
  });
});

// The sandbox's settings fallback and its made-up figures.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startMode } from "../../src/config.js";
import { readCsv } from "../../src/domain/csv.js";
import { catalogueRowSchema, type Indicator } from "../../src/domain/indicator.js";
import { latestEndedPeriod, parsePeriod, periodKey } from "../../src/domain/period.js";
import { parseValue } from "../../src/domain/value.js";
import { plainWords } from "../../src/domain/words.js";
import { projectPath } from "../../src/paths.js";
import { realFiguresCsv } from "../../src/sandbox/demo-data.js";
import { MADE_UP_NOTE, madeUpSeries } from "../../src/sandbox/made-up-series.js";

describe("startMode: npm start with no Slack app", () => {
  it("runs the sandbox when no Slack credential is set, outside production", () => {
    expect(startMode({})).toBe("sandbox");
    expect(startMode({ SLACK_BOT_TOKEN: "  ", SLACK_SIGNING_SECRET: "", NODE_ENV: "development" })).toBe("sandbox");
  });

  it("never falls back in production, nor when any credential is set", () => {
    expect(startMode({ NODE_ENV: "production" })).toBe("slack");
    expect(startMode({ SLACK_BOT_TOKEN: "xoxb-1" })).toBe("slack");
    expect(startMode({ SLACK_SIGNING_SECRET: "abc" })).toBe("slack"); // half-configured: say what is missing instead
    expect(startMode({ SLACK_APP_TOKEN: "xapp-1" })).toBe("slack");
  });
});

function catalogue(): Indicator[] {
  const rows = readCsv(readFileSync(projectPath("resources", "indicators.csv"), "utf8"), ["key"]);
  if (!rows.ok) throw new Error(plainWords(rows.error.text));
  return rows.value.map(({ fields }) => {
    const r = catalogueRowSchema.parse(fields);
    return {
      key: r.key,
      name: r.name,
      unit: r.unit,
      polarity: r.polarity,
      frequency: r.frequency,
      englandValue: null,
      englandPeriod: null,
      guidance: null,
      target: null,
      tolerance: null,
    };
  });
}

describe("made-up series", () => {
  const now = new Date("2026-11-24T03:00:00Z");
  const indicators = catalogue();
  const rows = madeUpSeries(indicators, now, "Europe/London", { skipLatest: ["cla"] });

  it("gives every standard indicator 36 periods up to the latest that has ended, each saying it is made up", () => {
    for (const ind of indicators) {
      const mine = rows.filter((r) => r.key === ind.key);
      expect(mine.length, ind.key).toBe(ind.key === "cla" ? 35 : 36);
      const latest = periodKey(latestEndedPeriod(ind.frequency, now, "Europe/London"));
      if (ind.key !== "cla") expect(mine.at(-1)?.period, ind.key).toBe(latest);
      expect(new Set(mine.map((r) => r.period)).size).toBe(mine.length);
    }
    expect(rows.every((r) => r.note.startsWith(MADE_UP_NOTE))).toBe(true);
  });

  it("are valid figures for each unit and period, and the same every time", () => {
    const byKey = new Map(indicators.map((i) => [i.key, i]));
    for (const r of rows) {
      expect(parseValue(r.value, byKey.get(r.key)!.unit).ok, `${r.key} ${r.value}`).toBe(true);
      expect(parsePeriod(r.period).ok).toBe(true);
    }
    expect(madeUpSeries(indicators, now, "Europe/London", { skipLatest: ["cla"] })).toEqual(rows);
  });

  it("tell a story worth a digest: assessments shifted down and now red against a 90% target", () => {
    const assess = rows.filter((r) => r.key === "assess-45wd").map((r) => Number(r.value));
    const before = assess.slice(0, 28);
    const after = assess.slice(28);
    expect(Math.max(...after)).toBeLessThan(Math.min(...before));
    expect(rows.filter((r) => r.key === "assess-45wd").at(-1)?.note).toContain("two assessment teams short of staff");
  });
});

describe("the real figures", () => {
  it("keep their note and say where they were published", () => {
    const csv = realFiguresCsv();
    expect(csv).toContain("cp-plans,2017-06,276,Signs of Safety rollout; real figure: Stockton cabinet report 14 September 2017");
    expect(csv).toContain("cp-plans,2017-03,307,real figure: Stockton cabinet report 14 September 2017");
  });
});

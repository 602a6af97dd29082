import { describe, expect, it } from "vitest";
import { buildDigest, type DigestInput } from "../../src/domain/digest.js";
import type { Indicator } from "../../src/domain/indicator.js";
import { blockKitProblems } from "../../src/sandbox/slack-emulator/index.js";
import { digestMessage } from "../../src/slack/blocks/digest.js";

const june = { frequency: "monthly", year: 2017, month: 6 } as const;
const may = { frequency: "monthly", year: 2017, month: 5 } as const;

function ind(key: string, over: Partial<Indicator> = {}): Indicator {
  return {
    key,
    name: `Indicator ${key}`,
    unit: "percent",
    polarity: "high_good",
    frequency: "monthly",
    englandValue: null,
    englandPeriod: null,
    guidance: null,
    target: 90,
    tolerance: 5,
    ...over,
  };
}
const fig = (period: typeof june | typeof may, value: number, note: string | null = null) => ({ period, value, base: null, numerator: null, note });

describe("buildDigest", () => {
  it("lists red and worsening indicators as exceptions, red first, with their notes", () => {
    const d = buildDigest(
      [
        { indicator: ind("b-green-worse"), latest: fig(june, 95), previous: fig(may, 97) },
        { indicator: ind("a-red"), latest: fig(june, 70, "two teams short"), previous: fig(may, 60) },
        { indicator: ind("c-green-better"), latest: fig(june, 96), previous: fig(may, 92) },
        { indicator: ind("d-none", { polarity: "neutral", target: null, unit: "count" }), latest: fig(june, 276), previous: fig(may, 307) },
        { indicator: ind("e-empty"), latest: null, previous: null },
      ],
      june,
      false,
    );
    expect(d.exceptions.map((r) => r.key)).toEqual(["a-red", "b-green-worse"]);
    expect(d.exceptions[0]!.reasons).toEqual(["red"]);
    expect(d.exceptions[0]!.note).toBe("two teams short");
    expect(d.exceptions[1]!.reasons).toEqual(["worsening"]);
    expect(d.rows.map((r) => r.key)).toEqual(["b-green-worse", "a-red", "c-green-better", "d-none", "e-empty"]);
    expect(d.withoutFigures).toBe(1);
    expect(d.periodWords).toBe("June 2017");
  });

  it("includes special-cause concern among the exceptions whatever the RAG", () => {
    const d = buildDigest(
      [{ indicator: ind("x"), latest: fig(june, 95), previous: fig(may, 95), spc: { variation: "concern", words: "special cause concern" } }],
      june,
      false,
    );
    expect(d.exceptions[0]!.reasons).toEqual(["special-cause concern"]);
  });

  it("shows counts of 1 to 5 as fewer than 6, and hides a change that would reveal them", () => {
    const count = ind("s47", { unit: "count", polarity: "neutral", target: null });
    const d = buildDigest([{ indicator: count, latest: fig(june, 3), previous: fig(may, 9) }], june, true);
    expect(d.rows[0]!.value).toBe("fewer than 6");
    expect(d.rows[0]!.changeText).toBe("decreasing");
    const text = JSON.stringify(digestMessage(d, { late: null, timezone: "Europe/London" }));
    expect(text).not.toMatch(/\*3\*|down 6/);
    const adoptions = ind("adoptions", { unit: "count", polarity: "high_good", target: 6, tolerance: 0 });
    const red = buildDigest([{ indicator: adoptions, latest: fig(june, 2), previous: fig(may, 4) }], june, true);
    const redText = JSON.stringify(digestMessage(red, { late: null, timezone: "Europe/London" }));
    expect(redText).toContain("fewer than 6, against the target of 6");
    expect(redText).not.toMatch(/\b2 is\b|\*2\*/);
    const open = buildDigest([{ indicator: count, latest: fig(june, 3), previous: fig(may, 9) }], june, false);
    expect(open.rows[0]!.value).toBe("3");
  });
});

describe("digestMessage", () => {
  it("stays within Slack's limits with many indicators and long notes", () => {
    const inputs: DigestInput[] = Array.from({ length: 120 }, (_, i) => ({
      indicator: ind(`k${i}`, { name: `A long indicator name number ${i} `.repeat(4) }),
      latest: fig(june, 50, "n".repeat(500)),
      previous: fig(may, 60),
    }));
    const msg = digestMessage(buildDigest(inputs, june, false), { late: null, timezone: "Europe/London" });
    expect(blockKitProblems(msg.blocks, "message")).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain("more indicators");
    expect(msg.text.length).toBeLessThanOrEqual(3000);
  });

  it("names the period in its header and marks a late digest", () => {
    const msg = digestMessage(buildDigest([], june, false), { late: { slot: new Date("2017-07-10T08:00:00Z") }, timezone: "Europe/London" });
    expect(JSON.stringify(msg.blocks)).toContain("Board scorecard: figures to June 2017");
    expect(JSON.stringify(msg.blocks)).toContain("Sent late*: this digest was due at 09:00 on Monday 10 July");
  });
});

describe("the plan section", () => {
  it("counts actions by status and lists overdue, often re-dated and newly done ones with evidence", async () => {
    const { planSummary } = await import("../../src/domain/plan-summary.js");
    const { planTree } = await import("../../src/domain/plan-structure.js");
    const base = {
      theme: "T",
      ownerId: "U0OWNER0001",
      sponsorId: null,
      measureKey: null,
      evidence: null,
      lastUpdateAt: null,
      doneAt: null,
      createdAt: new Date(0),
    };
    const plan = planSummary(
      planTree(
        [],
        [],
        [
          { ...base, ref: "1.1", title: "Late one", due: "2017-06-01", status: "on_track" as const },
          { ...base, ref: "2.1", title: "Moved one", due: "2017-09-01", status: "at_risk" as const },
          {
            ...base,
            ref: "3.1",
            title: "Finished",
            due: "2017-08-01",
            status: "done" as const,
            doneAt: new Date("2017-07-05T00:00:00Z"),
            evidence: "audits up to 65%",
          },
        ],
      ),
      new Map([["2.1", 2]]),
      "2017-07-10",
      new Date("2017-07-03T00:00:00Z"),
    );
    const d = { ...buildDigest([], june, false), plan };
    const text = JSON.stringify(digestMessage(d, { late: null, timezone: "Europe/London" }).blocks);
    expect(text).toContain("*Improvement plan*: :red_circle: Red 1 · :large_orange_circle: Amber 1 · :large_green_circle: Green 1");
    expect(text).toContain("Not started: 0 · On track: 1 · At risk: 1 · Blocked: 0 · Done: 1");
    expect(text).toContain("*Overdue* (1): `1.1` due 2017-06-01");
    expect(text).toContain("*Re-dated more than once*: `2.1` 2 times");
    expect(text).toContain("Done: `3.1` Finished: _audits up to 65%_");
  });
});

import { describe, expect, it } from "vitest";
import type { LinkedAction } from "../../src/domain/action-links.js";
import { catalogueEngland, comparatorPeriodOf } from "../../src/domain/comparators.js";
import { buildDigest, type DigestInput } from "../../src/domain/digest.js";
import type { Period } from "../../src/domain/period.js";
import { type AssuranceIcon, SPC_ICONS, type VariationIcon } from "../../src/domain/spc-reading.js";
import { blockKitProblems } from "../../src/sandbox/slack-emulator/index.js";
import { digestMessage } from "../../src/slack/blocks/digest.js";
import { indicator as ind } from "../support/fixtures.js";

const june = { frequency: "monthly", year: 2017, month: 6 } as const;
const may = { frequency: "monthly", year: 2017, month: 5 } as const;

const fig = (period: Period, value: number, note: string | null = null) => ({ period, value, base: null, numerator: null, note });
const month = (year: number, m: number): Period => ({ frequency: "monthly", year, month: m });

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
    // No groups or orders: one group, by name; the indicator without figures is named apart.
    expect(d.rows.map((r) => r.key)).toEqual(["a-red", "b-green-worse", "c-green-better", "d-none"]);
    expect(d.withoutFigures).toBe(1);
    expect(d.without).toEqual([{ key: "e-empty", name: "Indicator e-empty" }]);
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
    expect(d.rows[0]!.changeText).toBe("decreasing since May 2017");
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

describe("the board's scorecard", () => {
  const groups = [
    { indicator: ind("sw-vacancy", { group: "Workforce", order: 230, polarity: "low_good", target: 15 }), latest: fig(month(2014, 11), 10), previous: null },
    {
      indicator: ind("cp-plans", { group: "Child protection", order: 70, unit: "count", polarity: "neutral", target: null }),
      latest: fig(june, 276),
      previous: fig(month(2017, 3), 307),
    },
    { indicator: ind("icpc-15wd", { group: "Child protection", order: 60 }), latest: fig(june, 93), previous: null },
    {
      indicator: ind("audits-good", { group: "Quality of practice", order: 290, target: 80 }),
      latest: fig(month(2017, 8), 65),
      previous: fig(month(2016, 4), 32),
    },
    {
      indicator: ind("leavers-eet", { group: "Care leavers", order: 210, frequency: "quarterly" }),
      latest: fig({ frequency: "quarterly", fyStart: 2017, quarter: 1 }, 63),
      previous: null,
    },
    { indicator: ind("local-one", { group: "Our own measures" }), latest: fig(june, 50), previous: null },
    { indicator: ind("contacts", { group: "Early help and the front door", order: 10 }), latest: null, previous: null },
    { indicator: ind("adoptions", { group: "Children looked after", order: 190 }), latest: null, previous: null },
  ];
  const d = buildDigest(groups, june, false);

  it("follows the board's groups and order, and names the indicators without figures in one line", () => {
    expect(d.groups.map((g) => [g.name, g.rows.map((r) => r.key)])).toEqual([
      ["Child protection", ["icpc-15wd", "cp-plans"]],
      ["Care leavers", ["leavers-eet"]],
      ["Workforce", ["sw-vacancy"]],
      ["Quality of practice", ["audits-good"]],
      ["Our own measures", ["local-one"]],
    ]);
    expect(d.rows.map((r) => r.key)).toEqual(["icpc-15wd", "cp-plans", "leavers-eet", "sw-vacancy", "audits-good", "local-one"]);
    expect(d.without.map((w) => w.key)).toEqual(["contacts", "adoptions"]);
    const text = JSON.stringify(digestMessage(d, { late: null, timezone: "Europe/London" }).blocks);
    expect(text).toContain("No figures yet (2): `contacts`, `adoptions`");
    expect(text).not.toContain("no figures yet_");
    expect(text.indexOf("*Child protection*")).toBeLessThan(text.indexOf("*Workforce*"));
  });

  it("runs to its newest figure and marks every older one out of date with its period", () => {
    expect(d.periodWords).toBe("August 2017");
    const age = Object.fromEntries(d.rows.map((r) => [r.key, [r.period, r.outOfDate]]));
    expect(age).toEqual({
      "icpc-15wd": ["Jun 2017", true],
      "cp-plans": ["Jun 2017", true],
      "leavers-eet": ["Q1 2017/18", false], // the latest quarter that had ended by August
      "sw-vacancy": ["Nov 2014", true],
      "audits-good": ["Aug 2017", false],
      "local-one": ["Jun 2017", true],
    });
    const text = JSON.stringify(digestMessage(d, { late: null, timezone: "Europe/London" }).blocks);
    expect(text).toContain("*10%* (Nov 2014: :hourglass: out of date)");
    expect(text).toContain("4 of 6 figures are out of date: older than August 2017");
  });

  it("names the period every change is measured from", () => {
    const row = (k: string) => d.rows.find((r) => r.key === k)!;
    expect(row("cp-plans").changeText).toBe("down 31 (10.1%) since Mar 2017, decreasing");
    expect(row("audits-good").changeText).toBe("up 33 points since Apr 2016, improving");
    expect(row("icpc-15wd").changeText).toBeNull();
  });

  it("compares comparators of the same or the nearest earlier period within a year, and shows others as context", () => {
    const one = (comparators: Parameters<typeof buildDigest>[0][number]["comparators"]) =>
      buildDigest([{ indicator: ind("assess-45wd"), latest: fig(june, 84), previous: null, comparators }], june, false).rows[0]!;
    expect(one(catalogueEngland(85.7, "2016/17")).comparatorText).toBe("England 2016/17: 85.7%");
    expect(one(catalogueEngland(85.7, "2024/25")).comparatorText).toBe("England 2024/25: 85.7% (context only)");
    expect(one(catalogueEngland(80, "2015/16")).comparatorText).toBe("England 2015/16: 80% (context only)");
    const both = one([
      ...catalogueEngland(85.7, "2024/25"),
      { kind: "england", value: 82, period: comparatorPeriodOf(june) },
      { kind: "neighbours", value: 79.5, period: comparatorPeriodOf(month(2017, 3)) },
    ]);
    expect(both.comparatorText).toBe("England June 2017: 82%");
    expect(both.comparators.map((c) => [c.label, c.periodLabel, c.comparable])).toEqual([
      ["England", "June 2017", true],
      ["Statistical neighbours", "March 2017", true],
    ]);
    expect(one([]).comparatorText).toBeNull();
  });

  it("keeps each figure's precision and shows a small base", () => {
    const r = buildDigest(
      [
        { indicator: ind("not-known", { polarity: "low_good", target: null }), latest: fig(june, 0.05), previous: fig(may, 0.1) },
        { indicator: ind("icpc-15wd"), latest: { period: june, value: 80, base: 15, numerator: 12, note: null }, previous: null },
      ],
      june,
      false,
    ).rows;
    const [icpc, notKnown] = r; // by name: "Indicator icpc-15wd" first
    expect([notKnown!.value, icpc!.value]).toEqual(["0.05%", "80% (12 of 15)"]);
    expect(notKnown!.changeText).toBe("down 0.05 points since May 2017, improving");
    expect(icpc!.smallBase).toBe("a small base of 15: one child moves it 6.67 points");
  });

  it("lists an exception's open plan actions, or says plainly there are none", () => {
    const action: LinkedAction = {
      ref: "2.3",
      title: "Recruit two conference chairs",
      ownerId: "U0OWNER0001",
      due: "2017-05-31",
      status: "on_track",
      overdue: true,
      rag: { status: "red", reason: "overdue by 10 days" },
    };
    const x = buildDigest(
      [
        { indicator: ind("icpc-15wd"), latest: fig(june, 70), previous: fig(may, 80), actions: [action] },
        { indicator: ind("assess-45wd"), latest: fig(june, 60), previous: null, actions: [] },
        { indicator: ind("audits-good"), latest: fig(june, 95), previous: null, actions: [action] },
      ],
      june,
      false,
    );
    expect(x.exceptions.map((e) => [e.key, e.actions?.length])).toEqual([
      ["assess-45wd", 0],
      ["icpc-15wd", 1],
    ]);
    expect(x.rows.find((r) => r.key === "audits-good")!.actions).toBeNull(); // not an exception
    const text = JSON.stringify(digestMessage(x, { late: null, timezone: "Europe/London" }).blocks);
    expect(text).toContain("No open plan action names `assess-45wd` as its measure.");
    expect(text).toContain(
      "`2.3` Recruit two conference chairs · <@U0OWNER0001> · due 31 May 2017 *overdue* · On track · :red_circle: Red (overdue by 10 days)",
    );
  });

  it("shows the SPC reading in a scorecard's few words", () => {
    const x = buildDigest(
      [
        {
          indicator: ind("re-referrals"),
          latest: fig(june, 95),
          previous: null,
          spc: { variation: "concern", words: "Special cause…", short: "Concern (high)" },
        },
      ],
      june,
      false,
    );
    expect(JSON.stringify(digestMessage(x, { late: null, timezone: "Europe/London" }).blocks)).toContain("SPC: Concern (high)");
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

  it("stays within Slack's limits with every SPC icon and many exceptions, dropping the key if it must", () => {
    const variations = SPC_ICONS.slice(0, 7) as VariationIcon[];
    const assurances = SPC_ICONS.slice(7) as AssuranceIcon[];
    const inputs = (n: number, note: string): DigestInput[] =>
      Array.from({ length: n }, (_, i) => ({
        indicator: ind(`k${i}`),
        latest: fig(june, 50, note),
        previous: fig(may, 60),
        spc: {
          variation: "concern",
          words: "special cause variation, a concern",
          short: "Concern (high)",
          icons: { variation: variations[i % 7]!, assurance: assurances[i % 3]! },
        },
      }));
    const files = new Map(SPC_ICONS.map((icon, i) => [icon, `F0ICON${String(i).padStart(5, "0")}`]));
    const images = (blocks: unknown) => JSON.stringify(blocks).match(/"slack_file"/g)?.length ?? 0;
    const contexts = (blocks: { type: string; elements?: unknown[] }[]) => blocks.filter((b) => b.type === "context");

    const message = (n: number, note: string) =>
      digestMessage(buildDigest(inputs(n, note), june, false), { late: null, timezone: "Europe/London", icons: files });
    const withinLimits = (m: ReturnType<typeof message>) => {
      expect(blockKitProblems(m.blocks, "message")).toEqual([]);
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(m.blocks).length).toBeLessThanOrEqual(12_000);
      for (const c of contexts(m.blocks as never)) expect(c.elements!.length).toBeLessThanOrEqual(10);
    };

    // Ten exceptions: eight with their own verdict beside its two icons, two as lines; the key shows all ten icons.
    const ten = message(10, "short");
    withinLimits(ten);
    expect(images(ten.blocks)).toBe(8 * 2 + 10);
    expect(JSON.stringify(ten.blocks)).toContain("SPC *Target: hit and miss*: `k2`, `k5`, `k8`");

    // Thirty: the key would take the message past Slack's size, so it goes; the verdicts keep their icons.
    const thirty = message(30, "short");
    withinLimits(thirty);
    expect(images(thirty.blocks)).toBe(8 * 2);
    expect(JSON.stringify(thirty.blocks)).not.toContain("SPC *Target");

    // Long notes as well: fewer exceptions fit, and the words stay beside the icons.
    const long = message(30, "n".repeat(400));
    withinLimits(long);
    expect(JSON.stringify(long.blocks)).toContain("SPC: special cause variation, a concern");
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

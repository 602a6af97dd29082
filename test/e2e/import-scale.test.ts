// import-metrics at scale, on SQLite and PostgreSQL (TEST_DATABASE=postgres):
// 50,000 figures and more, all or nothing, audited per figure, while the bot
// goes on recording; and, as a property, every audit entry's old value is the
// figure it really replaced, whatever was there before.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { auditOf } from "../../src/db/audit.js";
import { importMetrics } from "../../src/services/imports.js";
import { tmpDir, writeTmp } from "../support/cli.js";
import { ADMIN, type Harness, runCli, startHarness } from "../support/harness.js";

let h: Harness;
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const MONTHS = 36 * 12; // January 1990 to December 2025

/** `rows` monthly figures (value `value(i)`) over as many new local indicators (imp-001…) as 36 years of months need. */
async function bigFile(rows: number, value: (i: number) => string): Promise<{ csv: string; keys: string[] }> {
  const n = Math.ceil(rows / MONTHS);
  const keys = Array.from({ length: n }, (_, i) => `imp-${String(i + 1).padStart(3, "0")}`);
  await h.ctx.db.indicator.createMany({ data: keys.map((key) => ({ key, name: key, unit: "count", polarity: "neutral", frequency: "monthly" })) });
  const lines = ["key,period,value,note"];
  for (let i = 0; i < rows; i++) {
    const m = Math.floor(i / n);
    lines.push(`${keys[i % n]},${1990 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")},${value(i)},`);
  }
  return { csv: `${lines.join("\n")}\n`, keys };
}

describe("a large import", () => {
  it("stores 50,400 figures with an audit entry each, and stores nothing of a file whose last row is bad", async () => {
    h = await startHarness();
    const dir = tmpDir("import-");
    const { csv } = await bigFile(50_400, (i) => String(100 + (i % 37)));
    const first = await runCli(h, ["import-metrics", writeTmp(dir, "big.csv", csv)]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("import-metrics: 50400 rows imported (50400 added, 0 updated)");
    expect(await h.ctx.db.measurement.count()).toBe(50_400);
    expect(await h.ctx.db.auditEntry.count({ where: { action: "record" } })).toBe(50_400);
    const one = await auditOf(h.ctx.db, "imp-001@1990-01");
    expect(one).toMatchObject([{ action: "record", oldValue: null, newValue: { value: 100, base: null, note: null } }]);

    // Every figure corrected, but the last row is bad: nothing changes, and the row is named.
    const lines = csv.trimEnd().split("\n");
    const corrected = lines.map((l, i) => (i === 0 ? l : l.replace(/,(\d+),$/, (_, v) => `,${Number(v) + 1},`)));
    corrected[corrected.length - 1] = corrected.at(-1)!.replace(/,\d+,$/, ",-5,");
    const second = await runCli(h, ["import-metrics", writeTmp(dir, "bad.csv", `${corrected.join("\n")}\n`)]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("Nothing was imported: 1 problem");
    expect(second.stderr).toContain(`line ${corrected.length}:`);
    expect(await h.ctx.db.measurement.findFirst({ where: { indicatorKey: "imp-001", period: "1990-01" } })).toMatchObject({ value: 100 });
    expect(await h.ctx.db.auditEntry.count()).toBe(50_400);

    // The same corrections without the bad row: each audit entry names the figure it replaced.
    const third = await runCli(h, ["import-metrics", writeTmp(dir, "good.csv", `${corrected.slice(0, -1).join("\n")}\n`)]);
    expect(third.stdout).toContain("50399 rows imported (0 added, 50399 updated)");
    expect(await auditOf(h.ctx.db, "imp-001@1990-01")).toMatchObject([
      { newValue: { value: 100 } },
      { action: "correct", oldValue: { value: 100 }, newValue: { value: 101 } },
    ]);
  });

  it("goes on recording the bot's figures while a 50,400-row import runs", async () => {
    h = await startHarness();
    const { csv } = await bigFile(50_400, () => "7");
    const file = writeTmp(tmpDir("import-"), "big.csv", csv);
    let done = false;
    const importing = runCli(h, ["import-metrics", file]).finally(() => {
      done = true;
    });
    // A record every 200 ms until the import has finished, and 18 at least: each is recorded, none fails.
    const replies: string[] = [];
    for (let i = 0; (!done || i < 18) && i < 400; i++) {
      const period = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
      replies.push((await h.command(ADMIN, `cp-plans 276 ${period}`)).text);
      await new Promise((r) => setTimeout(r, 200));
    }
    const imported = await importing;
    expect(imported.stdout).toContain("50400 rows imported");
    for (const r of replies) expect(r).toContain("Recorded");
    expect(await h.ctx.db.measurement.count({ where: { indicatorKey: "cp-plans" } })).toBe(replies.length);
  });
});

describe("what an import says it replaced", () => {
  it("is, for any figures already there and any file, the figure that was there", async () => {
    h = await startHarness();
    const keys = ["cp-plans", "cla", "referrals"];
    const periods = ["2016-01", "2016-02", "2016-03", "2016-04"];
    // The database as the test believes it to be, by subject.
    const model = new Map<string, number>();
    let run = 0;
    const file = fc.uniqueArray(fc.record({ key: fc.constantFrom(...keys), period: fc.constantFrom(...periods), value: fc.integer({ min: 0, max: 900 }) }), {
      minLength: 1,
      maxLength: 12,
      selector: (r) => `${r.key}@${r.period}`,
    });
    await fc.assert(
      fc.asyncProperty(file, async (rows) => {
        const before = await h.ctx.db.auditEntry.aggregate({ _max: { id: true } });
        const actor = `cli:run-${++run}`;
        const csv = `key,period,value\n${rows.map((r) => `${r.key},${r.period},${r.value}`).join("\n")}\n`;
        const r = await importMetrics(h.ctx, csv, actor);
        expect(r.ok, JSON.stringify(r)).toBe(true);
        const entries = await h.ctx.db.auditEntry.findMany({ where: { id: { gt: before._max.id ?? 0 } }, orderBy: { id: "asc" } });
        expect(entries).toHaveLength(rows.length);
        for (const row of rows) {
          const subject = `${row.key}@${row.period}`;
          const e = entries.find((x) => x.subject === subject)!;
          const was = model.get(subject);
          expect(e.actor).toBe(actor);
          expect(e.action).toBe(was === undefined ? "record" : "correct");
          expect(e.oldValue === null ? null : JSON.parse(e.oldValue).value).toBe(was ?? null);
          expect(JSON.parse(e.newValue!).value).toBe(row.value);
          model.set(subject, row.value);
        }
        expect(r.ok && r.value).toMatchObject({ rows: rows.length, added: entries.filter((e) => e.action === "record").length });
      }),
      { numRuns: 25 },
    );
  });
});

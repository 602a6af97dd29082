// `npm run cli -- spc <key> [--csv]` on series imported through import-metrics,
// checked against NHSRplotthedots 0.2.2's own answers for the same figures.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { runTs, tmpDir, writeTmp } from "../support/cli.js";
import { emptyTestDatabase, type TestDatabase } from "../support/test-database.js";

interface Case {
  name: string;
  dates: string[];
  values: number[];
  points: { mean: number; lpl: number; upl: number; point_type: string }[];
  summary: { variation_type?: string; assurance_type?: string };
}
const vectors = JSON.parse(readFileSync(new URL("../support/reference/ptd-vectors.json", import.meta.url), "utf8")) as { cases: Case[] };
const vector = (name: string) => vectors.cases.find((c) => c.name === name)!;

const BASE_ENV = { SLACK_BOT_TOKEN: "xoxb-1-test", SLACK_SIGNING_SECRET: "abcdef0123456789abcdef", LOG_LEVEL: "warn" };

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const d of databases.splice(0)) await d.drop();
});

/** A new database's URL (the CLI migrates it first). */
async function newDatabaseUrl(): Promise<string> {
  const database = await emptyTestDatabase();
  databases.push(database);
  return database.url;
}

async function imported(key: string, c: Case): Promise<{ env: Record<string, string>; url: string }> {
  const dir = tmpDir("spc-cli-");
  const url = await newDatabaseUrl();
  const env = { ...BASE_ENV, DATABASE_URL: url };
  const rows = c.dates.map((d, i) => `${key},${d.slice(0, 7)},${c.values[i]},`);
  const file = writeTmp(dir, "figures.csv", ["key,period,value,note", ...rows].join("\n"));
  const r = await runTs("src/cli/main.ts", ["import-metrics", file], env);
  expect(r.stdout, r.stderr).toContain(`${c.values.length} rows imported`);
  return { env, url };
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
}

describe("spc --csv", () => {
  it("prints every point's period, value, mean, limits and classification as NHSRplotthedots does, with the verdict", async () => {
    const c = vector("cp_plans_fall"); // lower is better: social worker vacancies (FTE)
    const { env } = await imported("sw-vacancies", c);
    const r = await runTs("src/cli/main.ts", ["spc", "sw-vacancies", "--csv"], env);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(["period", "period_label", "value", "mean", "lpl", "upl", "point_type"]);
    expect(rows).toHaveLength(c.values.length);
    rows.forEach((row, i) => {
      expect(row.period).toBe(c.dates[i]!.slice(0, 7));
      expect(Number(row.value)).toBe(c.values[i]);
      expect(Number(row.mean)).toBeCloseTo(c.points[i]!.mean, 5);
      expect(Number(row.lpl)).toBeCloseTo(c.points[i]!.lpl, 5);
      expect(Number(row.upl)).toBeCloseTo(c.points[i]!.upl, 5);
      expect(row.point_type, `${row.period}`).toBe(c.points[i]!.point_type);
    });
    expect(rows[0]!.period_label).toBe("Apr 2015");
    // The verdict and assurance go to stderr, so the CSV stays clean.
    expect(r.stderr).toContain(`variation_type: ${c.summary.variation_type}`);
    expect(r.stderr).toContain("assurance_type: none (no target)");
    expect(r.stderr).toContain("board's reading: Special cause variation, improving");
  });

  it("gives the assurance against the target, and a readable table without --csv", async () => {
    const c = vector("target_consistently_fail");
    const { env, url } = await imported("assess-45wd", c);
    const db = createDb(url);
    await db.indicator.update({ where: { key: "assess-45wd" }, data: { target: 95 } }); // as /kpi assess-45wd target 95% would
    await db.$disconnect();
    const r = await runTs("src/cli/main.ts", ["spc", "assess-45wd"], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toContain("SPC for assess-45wd (Single assessments completed within 45 working days): 24 figures");
    expect(lines[2]).toMatch(/^period\s+value\s+mean\s+lpl\s+upl\s+point_type$/);
    expect(lines[3]).toMatch(/^2015-04\s+79\.3\s+79\.979167\s+74\.300645\s+85\.657688\s+\w+$/);
    expect(r.stdout).toContain(`variation_type: ${c.summary.variation_type}`);
    expect(r.stdout).toContain(`assurance_type: ${c.summary.assurance_type}`);
    expect(r.stdout).toContain("assurance: the target of 95% will not be met without a change to the process");
  });

  it("shows the working, with NHSRplotthedots' warning, for a series too short for a verdict", async () => {
    const c = vector("short_series");
    const { env } = await imported("sw-vacancies", c);
    const r = await runTs("src/cli/main.ts", ["spc", "sw-vacancies"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n").filter((l) => /^\d{4}-\d{2}\s/.test(l))).toHaveLength(c.values.length);
    expect(r.stdout).toContain("fewer than 12, so these are trial limits (NHSRplotthedots warns the same), and the board is given no verdict");
    expect(r.stdout).toContain("board's reading: Not enough points for SPC yet (10 of the 12 needed)");
  });

  it("says which keys exist when the key is wrong", async () => {
    const url = await newDatabaseUrl();
    const r = await runTs("src/cli/main.ts", ["spc", "sw-vacancie"], { ...BASE_ENV, DATABASE_URL: url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("I don't know the indicator `sw-vacancie`. Did you mean `sw-vacancies`");
    const u = await runTs("src/cli/main.ts", ["spc"], { ...BASE_ENV, DATABASE_URL: url });
    expect(u.code).toBe(64);
    expect(u.stderr).toContain("spc takes one indicator key");
  });
});

// The command-line imports and export, run as a user runs them, each on a fresh database.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { runTs, tmpDir, writeTmp } from "../support/cli.js";
import { emptyTestDatabase, type TestDatabase } from "../support/test-database.js";

const BASE_ENV = { SLACK_BOT_TOKEN: "xoxb-1-test", SLACK_SIGNING_SECRET: "abcdef0123456789abcdef", LOG_LEVEL: "warn" };

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const d of databases.splice(0)) await d.drop();
});

/** A new, empty database (on SQLite, in a folder that does not exist yet): each command must migrate it first. */
async function freshEnv(): Promise<{ env: Record<string, string>; dir: string; url: string }> {
  const dir = tmpDir("cli-");
  const database = await emptyTestDatabase();
  databases.push(database);
  return { env: { ...BASE_ENV, DATABASE_URL: database.url }, dir, url: database.url };
}

describe("import-metrics", () => {
  it("loads the seed figures on a fresh database, then exports them", async () => {
    const { env, dir, url } = await freshEnv();
    const r = await runTs("src/cli/main.ts", ["import-metrics", "resources/seed-figures.csv"], env);
    expect(r.stderr).not.toContain("Failed");
    expect(r.stdout).toContain("16 rows imported (16 added, 0 updated)");
    const db = createDb(url);
    const m = await db.measurement.findUnique({ where: { indicatorKey_period: { indicatorKey: "leavers-eet", period: "2017/18-Q1" } } });
    expect(m).toMatchObject({ value: 63, note: "an increase" });
    expect(await db.indicator.count()).toBe(29);
    expect(await db.auditEntry.count({ where: { action: "record" } })).toBe(16);
    await db.$disconnect();

    const out = join(dir, "export.csv");
    const e = await runTs("src/cli/main.ts", ["export", "--out", out], env);
    expect(e.code).toBe(0);
    const { readFileSync } = await import("node:fs");
    const csv = readFileSync(out, "utf8");
    expect(csv.split("\n")[0]).toBe("key,period,period_words,value,numerator,base,note,recorded_by,recorded_at");
    expect(csv).toContain("cp-plans,2017-06,June 2017,276,,,Signs of Safety rollout,cli:");
    expect(csv.trim().split("\n")).toHaveLength(17);
  });

  it("rejects the whole file when one row is bad, naming each line and reason", async () => {
    const { env, dir, url } = await freshEnv();
    const file = writeTmp(
      dir,
      "bad.csv",
      [
        "key,period,value,note",
        "cp-plans,2017-06,276,fine",
        "cp-plan,2017-06,276,",
        "cla,2017/18 Q1,433,",
        "assess-45wd,2017-06,140%,",
        "cp-plans,June 2017,277,duplicate",
        "neet,2099-01,5,",
      ].join("\n"),
    );
    const r = await runTs("src/cli/main.ts", ["import-metrics", file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Nothing was imported: 5 problems");
    expect(r.stderr).toContain('line 3: unknown indicator key "cp-plan"');
    expect(r.stderr).toContain("line 4: April to June 2017, Q1 2017/18 is a quarter, but cla is recorded monthly.");
    expect(r.stderr).toContain("line 5:");
    expect(r.stderr).toContain("more than 100%");
    expect(r.stderr).toContain("line 6: cp-plans for June 2017 is already on line 2");
    expect(r.stderr).toContain("line 7: January 2099 has not ended yet.");
    const db = createDb(url);
    expect(await db.measurement.count()).toBe(0);
    expect(await db.auditEntry.count()).toBe(0);
    await db.$disconnect();
  });

  it("refuses a file without the required columns", async () => {
    const { env, dir } = await freshEnv();
    const r = await runTs("src/cli/main.ts", ["import-metrics", writeTmp(dir, "h.csv", "indicator,when,figure\ncp-plans,2017-06,1\n")], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The header lacks key, period, value");
  });
});

describe("import-indicators and import-benchmarks", () => {
  it("adds a council's own indicator, updates one by key, and loads benchmarks", async () => {
    const { env, dir, url } = await freshEnv();
    const ind = writeTmp(
      dir,
      "ind.csv",
      [
        "key,name,unit,polarity,frequency,england_value,england_period,guidance",
        "ehm-open,Early help cases open,count,neutral,monthly,,,local measure",
        'cla,"Children looked after (all ages)",count,neutral,monthly,,,',
      ].join("\n"),
    );
    const r = await runTs("src/cli/main.ts", ["import-indicators", ind], env);
    expect(r.stdout).toContain("2 rows imported (1 added, 1 updated)");
    const bench = writeTmp(dir, "bench.csv", "key,period,comparator,value\nassess-45wd,2017-06,region,82.5\nassess-45wd,2017-06,neighbours,80.1\n");
    const b = await runTs("src/cli/main.ts", ["import-benchmarks", bench], env);
    expect(b.stdout).toContain("2 rows imported");
    const db = createDb(url);
    expect((await db.indicator.findUnique({ where: { key: "cla" } }))?.name).toBe("Children looked after (all ages)");
    expect(await db.indicator.findUnique({ where: { key: "ehm-open" } })).toMatchObject({ unit: "count", polarity: "neutral" });
    expect(await db.benchmark.count()).toBe(2);
    await db.$disconnect();
  });

  it("rejects bad catalogue rows and bad comparators, all or nothing", async () => {
    const { env, dir, url } = await freshEnv();
    const ind = writeTmp(
      dir,
      "ind.csv",
      "key,name,unit,polarity,frequency\nok-one,Fine,count,neutral,monthly\nBad Key,X,count,neutral,monthly\nthird,Y,litres,up,daily\n",
    );
    const r = await runTs("src/cli/main.ts", ["import-indicators", ind], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("line 3: key:");
    expect(r.stderr).toMatch(/line 4: .*unit must be one of .*polarity must be one of .*frequency must be one of/);
    const bench = writeTmp(dir, "b.csv", "key,period,comparator,value\nassess-45wd,2017-06,national,80\n");
    const b = await runTs("src/cli/main.ts", ["import-benchmarks", bench], env);
    expect(b.stderr).toContain('comparator "national" must be england, region, neighbours');
    const db = createDb(url);
    expect(await db.indicator.findUnique({ where: { key: "ok-one" } })).toBeNull();
    expect(await db.benchmark.count()).toBe(0);
    await db.$disconnect();
  });
});

describe("configuration", () => {
  it("stops with a message naming each bad variable, and never prints a secret", async () => {
    const secretToken = "xoxp-not-a-bot-token-SECRET123";
    const r = await runTs("src/main.ts", [], { SLACK_BOT_TOKEN: secretToken, SLACK_SIGNING_SECRET: "", PORT: "http", TIMEZONE: "Mars/Olympus" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SLACK_BOT_TOKEN must be a bot token starting xoxb-");
    expect(r.stderr).toContain("SLACK_SIGNING_SECRET is required in HTTP mode");
    expect(r.stderr).toContain("PORT must be a whole number");
    expect(r.stderr).toContain("TIMEZONE must be an IANA time zone");
    expect(r.stderr + r.stdout).not.toContain("SECRET123");
  });

  it("stops every CLI command the same way", async () => {
    const r = await runTs("src/cli/main.ts", ["export"], { SLACK_SIGNING_SECRET: "abcdef0123456789abcdef" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SLACK_BOT_TOKEN is required");
  });
});

// Where each indicator sits on the scorecard: the standard places on a fresh
// database and, once, on one from before groups; a council's own places kept.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createDb } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import { plainWords } from "../../src/domain/words.js";
import { createLogger } from "../../src/log.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";
import type { Context } from "../../src/services/context.js";
import { importIndicators } from "../../src/services/imports.js";
import { emptyTestDatabase, type TestDatabase, testDatabaseKind } from "../support/test-database.js";

const CATALOGUE = projectPath("resources", "indicators.csv");

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const d of databases.splice(0)) await d.drop();
});

/** A new database, migrated but not yet seeded. */
async function freshContext(): Promise<Context> {
  const database = await emptyTestDatabase();
  databases.push(database);
  const url = database.url;
  await migrate(url, PROJECT_ROOT);
  const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-test", SLACK_SIGNING_SECRET: "abcdef0123456789abcdef", DATABASE_URL: url });
  return { db: createDb(url), config, log: createLogger("silent"), now: () => new Date("2017-07-03T09:00:00Z") };
}

const placeOf = async (ctx: Context, key: string) => ctx.db.indicator.findUniqueOrThrow({ where: { key }, select: { group: true, order: true } });

describe("scorecard places", () => {
  it("come from the catalogue on a fresh database, and once on a database from before groups", async () => {
    const ctx = await freshContext();
    await seedCatalogue(ctx.db, CATALOGUE);
    expect(await placeOf(ctx, "cp-plans")).toEqual({ group: "Child protection", order: 100 });
    expect(await ctx.db.indicator.count({ where: { group: null } })).toBe(0);

    // As an upgraded database looks: every indicator without a place.
    await ctx.db.indicator.updateMany({ data: { group: null, order: null } });
    await seedCatalogue(ctx.db, CATALOGUE);
    expect(await placeOf(ctx, "cp-plans")).toEqual({ group: "Child protection", order: 100 });

    // Once a council has places, seeding leaves them alone, even one it cleared.
    await ctx.db.indicator.update({ where: { key: "cla" }, data: { group: null, order: null } });
    await seedCatalogue(ctx.db, CATALOGUE);
    expect(await placeOf(ctx, "cla")).toEqual({ group: null, order: null });
    await ctx.db.$disconnect();
  });

  // Several processes on one database: PostgreSQL's case (SQLite is for one process).
  it.skipIf(testDatabaseKind() !== "postgres")("are seeded once, without an error, by replicas starting at once on a new database", async () => {
    const ctx = await freshContext();
    const replicas = [ctx.db, createDb(ctx.config.databaseUrl), createDb(ctx.config.databaseUrl)];
    const added = await Promise.all(replicas.map((db) => seedCatalogue(db, CATALOGUE)));
    expect(added.reduce((a, b) => a + b, 0)).toBe(29);
    expect(await ctx.db.indicator.count()).toBe(29);
    for (const db of replicas) await db.$disconnect();
  });

  it("are set by import-indicators with the group and order columns, and kept by a file without them", async () => {
    const ctx = await freshContext();
    await seedCatalogue(ctx.db, CATALOGUE);
    const placed = await importIndicators(
      ctx,
      "key,name,unit,polarity,frequency,group,order\nyj-reoffending,Young people reoffending,percent,low_good,quarterly,Youth justice,305\ncp-plans,Children subject to a child protection plan,count,neutral,monthly,Child protection,5\n",
      "cli:test",
    );
    expect(placed).toMatchObject({ ok: true, value: { added: 1, updated: 1 } });
    expect(await placeOf(ctx, "yj-reoffending")).toEqual({ group: "Youth justice", order: 305 });
    expect(await placeOf(ctx, "cp-plans")).toEqual({ group: "Child protection", order: 5 });
    const unplaced = await importIndicators(
      ctx,
      "key,name,unit,polarity,frequency\ncp-plans,Children on a child protection plan,count,neutral,monthly\n",
      "cli:test",
    );
    expect(unplaced).toMatchObject({ ok: true });
    expect(await placeOf(ctx, "cp-plans")).toEqual({ group: "Child protection", order: 5 });
    const bad = await importIndicators(
      ctx,
      `key,name,unit,polarity,frequency,group,order\nx-one,X,count,neutral,monthly,${"g".repeat(61)},first\n`,
      "cli:test",
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(plainWords(bad.error.text)).toContain('line 2: group: a group name is at most 60 characters; order: "first" is not a number');
    await ctx.db.$disconnect();
  });
});

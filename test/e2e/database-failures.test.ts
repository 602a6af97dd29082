// A database that is busy answers in words, on SQLite and PostgreSQL
// (TEST_DATABASE=postgres): never Prisma's text or a source excerpt, and
// nothing half-stored. Busy here is provoked for real: another connection
// holds the lock the bot or the CLI needs.
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/db/client.js";
import { DATABASE_TOO_BUSY } from "../../src/services/failures.js";
import { tmpDir, writeTmp } from "../support/cli.js";
import { ADMIN, blocksText, type Harness, runCli, startHarness } from "../support/harness.js";
import { testDatabaseKind } from "../support/test-database.js";

let h: Harness;
afterEach(async () => {
  await h.stop();
});

/** What Prisma and the drivers say, which a person must never read. */
const RAW = /prisma|invocation|SQLITE_|Raw query failed|lock timeout|55P03|DriverAdapter|→/i;

/**
 * Another connection takes the lock that writing figures needs, until released: on SQLite the
 * database's write lock (the bot's busy time-out then runs out); on PostgreSQL the figures table,
 * with the database's lock_timeout made short for the connections opened after.
 */
async function holdFiguresLock(): Promise<() => Promise<void>> {
  const url = h.ctx.config.databaseUrl;
  if (testDatabaseKind() === "sqlite") {
    const holder = new Database(sqlitePath(url));
    holder.prepare("BEGIN IMMEDIATE").run();
    return async () => {
      holder.prepare("ROLLBACK").run();
      holder.close();
    };
  }
  const name = new URL(url).pathname.slice(1);
  await h.ctx.db.$executeRawUnsafe(`ALTER DATABASE "${name}" SET lock_timeout = '300ms'`);
  await h.ctx.db.$disconnect(); // its next connections take the setting
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query(`BEGIN; LOCK TABLE "Measurement" IN EXCLUSIVE MODE`);
  return async () => {
    await holder.query("ROLLBACK");
    await holder.end();
  };
}

describe("a busy database", () => {
  it("answers a /kpi record that cannot get its lock in words, and stores nothing", async () => {
    h = await startHarness();
    const release = await holdFiguresLock();
    // On SQLite the bot tries for 20 s before it gives up (longer than a reply is usually waited for).
    const answered = h.fake.responses.length;
    await h.command(ADMIN, "cp-plans 276 2017-06", { noReply: true });
    const body = await h.fake.waitFor(() => h.fake.responses[answered]?.body, "the answer", 60_000).finally(release);
    const reply = { text: blocksText(body) };
    expect(reply.text).toContain(DATABASE_TOO_BUSY);
    expect(reply.text).not.toMatch(RAW);
    expect(await h.ctx.db.measurement.count()).toBe(0);
    expect(await h.ctx.db.auditEntry.count()).toBe(0);
    // And once it is free again, the same command records.
    expect((await h.command(ADMIN, "cp-plans 276 2017-06")).text).toContain("Recorded");
  });

  it("fails an import that cannot get its lock with a clear line, importing nothing", async () => {
    h = await startHarness();
    const file = writeTmp(tmpDir("busy-"), "figures.csv", "key,period,value\ncp-plans,2017-05,270\ncp-plans,2017-06,276\n");
    const release = await holdFiguresLock();
    const r = await runCli(h, ["import-metrics", file]).finally(release);
    expect(r.code).toBe(1);
    const said = r.stderr.split("\n").filter((l) => l && !l.startsWith("{")); // the log's JSON lines aside
    expect(said).toEqual([`import-metrics: ${DATABASE_TOO_BUSY}`]);
    expect(said.join("\n")).not.toMatch(RAW);
    expect(r.stdout).toBe("");
    // The log keeps the real error, with its stack, and no source excerpt.
    const logged = r.stderr.split("\n").find((l) => l.startsWith("{"));
    expect(JSON.parse(logged!)).toMatchObject({ level: 50, msg: "command failed", err: { stack: expect.any(String) } });
    expect(logged).not.toContain("→");
    expect(await h.ctx.db.measurement.count()).toBe(0);
    expect(await h.ctx.db.auditEntry.count()).toBe(0);
  });
});

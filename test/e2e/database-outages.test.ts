// PostgreSQL's own ways of failing, and the bot's answers: a statement cut off
// by DATABASE_STATEMENT_TIMEOUT_MS, a connection lost on the network (through a
// TCP proxy the test owns), and the server ending the bot's connections. Only in
// the PostgreSQL run: SQLite has no server, connections or statement time-out.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DATABASE_TOO_BUSY, DATABASE_UNREACHABLE } from "../../src/services/failures.js";
import { ADMIN, type Harness, startHarness } from "../support/harness.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { testDatabaseKind } from "../support/test-database.js";

let h: Harness | null = null;
let proxy: TcpProxy | null = null;
let admin: pg.Client | null = null;
afterEach(async () => {
  await admin?.end();
  proxy?.restore();
  await h?.stop();
  await proxy?.close();
  h = null;
  proxy = null;
  admin = null;
});

async function adminClient(url: string): Promise<pg.Client> {
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  return admin;
}

async function health(): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${h!.baseUrl}/healthz`);
  return { status: res.status, body: await res.json() };
}

/** Asks /healthz until it gives this status; the pool reconnects in its own time, and this bounds the wait. */
async function healthBecomes(status: number, tries = 40): Promise<{ status: number; body: unknown }> {
  let last = await health();
  for (let i = 0; last.status !== status && i < tries; i++) {
    await new Promise((r) => setTimeout(r, 250));
    last = await health();
  }
  return last;
}

/** Nothing of Prisma's or PostgreSQL's own text reaches a user. */
function expectNoRawError(text: string): void {
  expect(text).not.toMatch(/prisma|invocation|57014|57P01|statement timeout|canceling|DriverAdapter|Raw query|P\d{4}/i);
}

describe.skipIf(testDatabaseKind() !== "postgres")("on PostgreSQL", () => {
  it("cuts off a statement longer than DATABASE_STATEMENT_TIMEOUT_MS and tells the user plainly; nothing is stored", async () => {
    h = await startHarness({ env: { DATABASE_STATEMENT_TIMEOUT_MS: "1000" } });
    expect((await h.command(ADMIN, "cp-plans 300 2017-05")).text).toContain("Recorded");
    // Another session holds the figures' table: the bot's statements wait for its lock until the time-out ends them.
    const locker = await adminClient(h.ctx.config.databaseUrl);
    await locker.query("BEGIN");
    await locker.query('LOCK TABLE "Measurement" IN ACCESS EXCLUSIVE MODE');
    const cut = await h.command(ADMIN, "cp-plans 276 2017-06");
    expect(cut.text).toContain(DATABASE_TOO_BUSY);
    expectNoRawError(cut.text);
    const query = await h.command(ADMIN, "cp-plans");
    expect(query.text).toContain(DATABASE_TOO_BUSY);
    await locker.query("ROLLBACK");

    expect(await h.ctx.db.measurement.count({ where: { indicatorKey: "cp-plans", period: "2017-06" } })).toBe(0);
    expect((await h.command(ADMIN, "cp-plans 276 2017-06")).text).toContain("Recorded");
    expect((await h.command(ADMIN, "cp-plans")).text).toContain("276");
  });

  it("answers /healthz 503 while the network to the database is cut, and 200 again, with /kpi working, once it is back", async () => {
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://x@127.0.0.1:5432/").port || 5432) });
    // No statement time-out, so no client-side one either: only the health check's own limit stops it waiting for ever.
    h = await startHarness({ route: (url) => proxy!.route(url), env: { DATABASE_STATEMENT_TIMEOUT_MS: "0" } });
    expect((await h.command(ADMIN, "cp-plans 276 2017-06")).text).toContain("Recorded");
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok", slack: "ok" } });

    // A partition: no error, no answer. The health check does not wait for ever.
    proxy.cut("blackhole");
    expect(await health()).toEqual({ status: 503, body: { status: "unavailable", database: "unavailable", slack: "ok" } });
    proxy.restore();
    expect((await healthBecomes(200)).status).toBe(200);
    expect((await h.command(ADMIN, "cp-plans")).text).toContain("276");

    // The server gone: connections refused. A command says so, in words.
    proxy.cut("refuse");
    expect((await health()).status).toBe(503);
    const refused = await h.command(ADMIN, "cp-plans 277 2017-06");
    expect(refused.text).toContain(DATABASE_UNREACHABLE);
    expectNoRawError(refused.text);
    proxy.restore();
    expect(await healthBecomes(200)).toEqual({ status: 200, body: { status: "ok", database: "ok", slack: "ok" } });
    const after = await h.command(ADMIN, "cp-plans");
    expect(after.text).toContain("276");
    expect(after.text).not.toContain("277");
  });

  it("reconnects on its own when the server ends the bot's connections (pg_terminate_backend)", async () => {
    h = await startHarness();
    expect((await h.command(ADMIN, "cp-plans 276 2017-06")).text).toContain("Recorded");
    const server = await adminClient(h.ctx.config.databaseUrl);
    const bots = async () =>
      (await server.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).rows.map(
        (r) => r.pid,
      );
    const before = await bots();
    expect(before.length).toBeGreaterThan(0);
    const ended = await server.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    expect(ended.rowCount).toBe(before.length);

    expect(await healthBecomes(200)).toEqual({ status: 200, body: { status: "ok", database: "ok", slack: "ok" } });
    expect((await h.command(ADMIN, "cp-plans 280 2017-05")).text).toContain("Recorded");
    const now = await bots();
    expect(now.length).toBeGreaterThan(0);
    expect(now.filter((pid) => before.includes(pid))).toEqual([]); // new connections, in the same process
  });
});

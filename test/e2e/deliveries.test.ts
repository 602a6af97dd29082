// The delivery ledger: claims, leases, retries and missed slots, on a real database (a fresh one for each test).
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createDb, type Db } from "../../src/db/client.js";
import { type Claim, claim, claimAll, LEASE_MS, markRetry, markSent, recordMissed, saveProgress } from "../../src/db/deliveries.js";
import { createLogger } from "../../src/log.js";
import { deliveryLedger } from "../../src/services/deliveries.js";
import { freshTestDatabase, type TestDatabase, testDatabaseKind } from "../support/test-database.js";

let database: TestDatabase;
let db: Db;
beforeEach(async () => {
  database = await freshTestDatabase();
  db = createDb(database.url);
});
afterEach(async () => {
  await db.$disconnect();
  await database.drop();
});

const slot = new Date("2017-07-10T08:00:00Z");
const pairs = (jobs: string[]) => jobs.map((job) => ({ job, slot, late: false }));

describe("claims", () => {
  it("give a slot to one claimant only", async () => {
    const now = new Date("2017-07-10T08:00:10Z");
    const results = await Promise.all(Array.from({ length: 5 }, () => claim(db, "job:a", slot, false, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("take over a claim abandoned for longer than the lease, once", async () => {
    expect(await claim(db, "job:a", slot, false, slot)).not.toBeNull(); // then its claimant dies without marking it
    expect(await claim(db, "job:a", slot, false, new Date(slot.getTime() + 60_000))).toBeNull();
    const later = new Date(slot.getTime() + LEASE_MS + 60_000);
    const [x, y] = await Promise.all([claim(db, "job:a", slot, false, later), claim(db, "job:a", slot, false, later)]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect((x ?? y)!.attempts).toBe(2);
  });

  it("retry a transient failure at the next run, and record it as missed once it is a day late", async () => {
    const c = (await claim(db, "job:b", slot, false, slot))!;
    await markRetry(db, c.id, "slack_webapi_http_error");
    const again = await claim(db, "job:b", slot, false, new Date(slot.getTime() + 60_000));
    expect(again?.attempts).toBe(2);
    await markRetry(db, c.id, "slack_webapi_http_error");
    expect(await recordMissed(db, "job:b", slot, new Date(slot.getTime() + 86_400_000))).toBe(true);
    expect((await db.delivery.findUnique({ where: { id: c.id } }))?.status).toBe("missed");
    expect(await claim(db, "job:b", slot, false, new Date(slot.getTime() + 86_400_000))).toBeNull();
  });
});

describe("claims asked for many at once", () => {
  /** Until some session on the server waits for a lock another holds. */
  async function waitForLockWait(on: Db): Promise<void> {
    for (;;) {
      const [row] = await on.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM pg_locks WHERE NOT granted");
      if (Number(row?.n) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("give each pair to one claimant only, whoever else asks for it at the same moment, in batches of any shape", async () => {
    // Three processes' ledgers (a client each) ask for overlapping sets of pairs, several batches at once.
    const clients = [db, createDb(database.url), createDb(database.url)];
    let trial = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 6 }),
          async (batches) => {
            const run = ++trial; // each trial its own pairs
            const now = new Date(slot.getTime() + 1000);
            const results = await Promise.all(batches.map((b, i) => claimAll(clients[i % clients.length]!, pairs(b.map((n) => `job:${run}:${n}`)), now)));
            const granted = results.flat().filter((c) => c !== null);
            const asked = new Set(batches.flat().map((n) => `job:${run}:${n}`));
            expect(granted.map((c) => c.job).sort()).toEqual([...asked].sort()); // every pair once, and only once
            expect(await db.delivery.count({ where: { job: { startsWith: `job:${run}:` } } })).toBe(asked.size);
          },
        ),
        { numRuns: 15 },
      );
    } finally {
      await Promise.all(clients.slice(1).map((c) => c.$disconnect()));
    }
  });

  it.skipIf(testDatabaseKind() !== "postgres")("take a deadlock with another writer for a race, and give each pair once", async () => {
    // Another writer holds "job:z" and, once the batch is waiting for it, asks for "job:a", which the
    // batch holds: PostgreSQL aborts the batch's insert (it waited first) with a deadlock.
    const now = new Date(slot.getTime() + 1000);
    const other = createDb(database.url);
    let got: Promise<(Claim | null)[]> | undefined;
    await db.$transaction(async (tx) => {
      await tx.delivery.create({ data: { job: "job:z", slot, status: "claimed", claimedAt: now } });
      got = claimAll(other, pairs(["job:a", "job:z"]), now);
      await waitForLockWait(db);
      await tx.delivery.create({ data: { job: "job:a", slot, status: "claimed", claimedAt: now } });
    });
    try {
      expect((await got!).map((c) => c?.job ?? null)).toEqual([null, null]); // the other writer has both, and holds them
      expect(await db.delivery.count()).toBe(2);
    } finally {
      await other.$disconnect();
    }
  });

  it("answer in the order asked, take over a retry and a lapsed lease, and leave a claim still held", async () => {
    const retry = (await claim(db, "job:retry", slot, true, slot))!; // a late slot, halfway through its steps
    await saveProgress(db, retry.id, { messageTs: "1.1" });
    await markRetry(db, retry.id, "ratelimited");
    await claim(db, "job:lapsed", slot, false, slot);
    const later = new Date(slot.getTime() + LEASE_MS + 1000);
    await claim(db, "job:held", slot, false, new Date(later.getTime() - 1000));
    const got = await claimAll(db, pairs(["job:new", "job:held", "job:retry", "job:lapsed", "job:new"]), later);
    expect(got.map((c) => c && [c.job, c.attempts])).toEqual([["job:new", 1], null, ["job:retry", 2], ["job:lapsed", 2], null]);
    expect(got[2]).toMatchObject({ id: retry.id, slot, late: true, detail: { messageTs: "1.1" } });
    expect(got[3]).toMatchObject({ slot, late: false, detail: {} });
  });
});

describe("marks", () => {
  it("write every record of a batch as Prisma reads it back, clear the error, and leave nothing written when one record fails", async () => {
    await db.planTheme.create({ data: { name: "Practice", position: 1 } });
    const refs = Array.from({ length: 600 }, (_, i) => `1.${i + 1}`);
    await db.action.createMany({ data: refs.map((ref, i) => ({ ref, theme: "Practice", position: i + 1, title: `Action ${ref}`, status: "on_track" })) });
    const claims = (await claimAll(db, pairs(["reminder:U1", "reminder:U2", "reminder:U3", "reminder:U4", "reminder:U5"]), slot)) as Claim[];
    await markRetry(db, claims[0]!.id, "ratelimited");
    const at = new Date("2017-07-10T08:00:03.250Z");
    const now = new Date("2017-07-10T08:00:04Z");
    // Five reminders of 600 actions each: 3,000 records, more than one INSERT holds.
    await markSent(
      db,
      claims.map((c, i) => ({ id: c.id, reminder: { ownerId: `U${i + 1}`, refs, channel: `D${i + 1}`, ts: `1.${i}`, at } })),
      now,
    );
    const rows = await db.delivery.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.sentAt?.toISOString(), r.error])).toEqual(claims.map(() => ["sent", now.toISOString(), null]));
    const items = await db.reminderItem.findMany({ orderBy: { id: "asc" } });
    expect(items).toHaveLength(3000);
    expect(items[0]).toMatchObject({ actionRef: "1.1", ownerId: "U1", channel: "D1", ts: "1.0", sentAt: at });
    expect(items.at(-1)).toMatchObject({ actionRef: "1.600", ownerId: "U5", channel: "D5", ts: "1.4", sentAt: at });
    expect(new Set(items.map((i) => `${i.ownerId} ${i.actionRef}`)).size).toBe(3000);

    // The bad record (no such action) comes in the batch's second INSERT: the first's rows must go too.
    const more = (await claimAll(db, pairs(["reminder:U6", "reminder:U7"]), slot)) as Claim[];
    const bad = [
      { id: more[0]!.id, reminder: { ownerId: "U6", refs, channel: "D6", ts: "2.0", at } },
      { id: more[1]!.id, reminder: { ownerId: "U7", refs: [...refs, "9.9"], channel: "D7", ts: "2.1", at } },
    ];
    await expect(markSent(db, bad, now)).rejects.toThrow();
    expect((await db.delivery.findMany({ where: { id: { in: more.map((c) => c.id) } } })).map((r) => r.status)).toEqual(["claimed", "claimed"]);
    expect(await db.reminderItem.count()).toBe(3000);
  });
});

describe("a run's ledger", () => {
  it("marks the others sent when one of a batch's records cannot be written, and fails only that one", async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "x".repeat(32), DATABASE_URL: database.url });
    const ctx = { db, config, log: createLogger("silent"), now: () => slot };
    await db.planTheme.create({ data: { name: "Practice", position: 1 } });
    await db.action.create({ data: { ref: "1.1", theme: "Practice", position: 1, title: "Audit case files", due: "2017-08-01", status: "on_track" } });
    const ledger = deliveryLedger(ctx, slot);
    const [a, b] = await Promise.all([ledger.claim("reminder:U1", slot, false), ledger.claim("reminder:U2", slot, false)]);
    const reminder = (refs: string[]) => ({ ownerId: "U1", refs, channel: "D1", ts: "1.1", at: slot });
    const outcomes = await Promise.allSettled([
      ledger.markSent({ id: a!.id, reminder: reminder(["1.1"]) }),
      ledger.markSent({ id: b!.id, reminder: reminder(["9.9"]) }), // no such action
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    const rows = await db.delivery.findMany({ orderBy: { id: "asc" }, select: { status: true } });
    expect(rows.map((r) => r.status)).toEqual(["sent", "claimed"]);
    expect(await db.reminderItem.count()).toBe(1);
  });
});

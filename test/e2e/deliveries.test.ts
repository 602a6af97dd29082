// The delivery ledger: claims, leases, retries and missed slots, on a real database (a fresh one for each test).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { claim, LEASE_MS, markRetry, recordMissed } from "../../src/db/deliveries.js";
import { freshTestDatabase, type TestDatabase } from "../support/test-database.js";

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

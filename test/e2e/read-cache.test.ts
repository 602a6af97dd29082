// The catalogue, roles, rebases and benchmarks are read from memory until
// something writes them: this process (any module, in or out of a
// transaction, committed or rolled back) or another one (the CLI, a replica).
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { getIndicator, listIndicators, setThreshold } from "../../src/db/indicators.js";
import { rebasesOf } from "../../src/db/rebases.js";
import { addAdmin, canRecord, isAdmin, setRecorders } from "../../src/db/roles.js";
import { watchOf } from "../../src/db/write-watch.js";
import { freshTestDatabase, type TestDatabase } from "../support/test-database.js";

const open: { db: Db[]; database: TestDatabase[] } = { db: [], database: [] };
afterEach(async () => {
  for (const db of open.db.splice(0)) await db.$disconnect();
  for (const d of open.database.splice(0)) await d.drop();
});

async function twoClients(): Promise<[Db, Db]> {
  const database = await freshTestDatabase();
  open.database.push(database);
  const a = createDb(database.url);
  const b = createDb(database.url); // another connection, as the CLI or another replica has
  open.db.push(a, b);
  return [a, b];
}

const targetOf = async (db: Db) => (await getIndicator(db, "cp-plans"))?.target;

describe("cached reads of the catalogue and roles", () => {
  it("are read from memory while nothing writes them", async () => {
    const [db] = await twoClients();
    await db.$connect();
    await Promise.all([listIndicators(db), isAdmin(db, [], "U0NOBODY001"), rebasesOf(db, "cp-plans")]);
    const before = watchOf(db)!.statements;
    for (let i = 0; i < 5; i++) {
      expect(await getIndicator(db, "cp-plans")).toMatchObject({ key: "cp-plans" });
      await isAdmin(db, [], "U0NOBODY001");
      await rebasesOf(db, "cp-plans");
    }
    expect(watchOf(db)!.statements - before).toBe(0); // only change checks, no re-reading of the tables
  });

  it("see this process's writes at once, in and after a transaction", async () => {
    const [db] = await twoClients();
    expect(await targetOf(db)).toBeNull();
    await db.$transaction(async (tx) => {
      await setThreshold(tx, "cp-plans", "target", 300);
      expect((await getIndicator(tx, "cp-plans"))?.target).toBe(300); // a transaction reads its own writes
    });
    expect(await targetOf(db)).toBe(300);
    await db.indicator.update({ where: { key: "cp-plans" }, data: { target: 310 } });
    expect(await targetOf(db)).toBe(310);
    expect(await isAdmin(db, [], "U0NEWADMIN1")).toBe(false);
    await db.$transaction((tx) => addAdmin(tx, "U0NEWADMIN1", "U0ADMIN0001"));
    expect(await isAdmin(db, [], "U0NEWADMIN1")).toBe(true);
    await db.$transaction((tx) => setRecorders(tx, "cla", ["U0RECORD002"], "U0ADMIN0001"));
    expect(await canRecord(db, [], "U0RECORD002", "cla")).toBe(true);
    expect(await canRecord(db, [], "U0RECORD002", "cp-plans")).toBe(false);
  });

  it("forget what a rolled-back transaction wrote, even if it was read meanwhile", async () => {
    const [db] = await twoClients();
    await targetOf(db);
    await expect(
      db.$transaction(async (tx) => {
        await setThreshold(tx, "cp-plans", "target", 999);
        await targetOf(db); // a read outside the transaction while it is open (on SQLite, the same connection)
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await targetOf(db)).toBeNull();
  });

  it("see another connection's committed writes (the CLI, another replica)", async () => {
    const [db, other] = await twoClients();
    expect(await targetOf(db)).toBeNull();
    expect(await isAdmin(db, [], "U0FROMCLI01")).toBe(false);
    await other.indicator.update({ where: { key: "cp-plans" }, data: { target: 42 } });
    await other.admin.create({ data: { userId: "U0FROMCLI01", addedBy: "cli" } });
    await new Promise((r) => setImmediate(r)); // the change check is shared within one turn of the event loop
    expect(await targetOf(db)).toBe(42);
    expect(await isAdmin(db, [], "U0FROMCLI01")).toBe(true);
  });

  it("give out data that cannot be changed by accident", async () => {
    const [db] = await twoClients();
    const ind = (await getIndicator(db, "cp-plans"))!;
    expect(() => {
      (ind as { target: number | null }).target = 1;
    }).toThrow(TypeError);
    const count = (await listIndicators(db)).length;
    (await listIndicators(db)).pop();
    expect((await listIndicators(db)).length).toBe(count);
  });
});

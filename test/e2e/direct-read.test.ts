// Figures read straight from the driver (for speed) are the same as Prisma
// reads them, on SQLite and on PostgreSQL: numbers, fractions, notes, removal
// marks and instants alike; inside a transaction they see its own writes.
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { recentByIndicator, recentMeasurements } from "../../src/db/measurements.js";
import { periodStartDate } from "../../src/domain/period.js";
import { freshTestDatabase, type TestDatabase } from "../support/test-database.js";

const open: { db: Db[]; database: TestDatabase[] } = { db: [], database: [] };
afterEach(async () => {
  for (const db of open.db.splice(0)) await db.$disconnect();
  for (const d of open.database.splice(0)) await d.drop();
});

async function database(): Promise<Db> {
  const d = await freshTestDatabase();
  open.database.push(d);
  const db = createDb(d.url);
  open.db.push(db);
  return db;
}

const at = (iso: string) => new Date(iso);

async function figure(db: Db, key: string, period: string, data: Record<string, unknown>): Promise<void> {
  const [y, m] = period.split("-").map(Number);
  await db.measurement.create({
    data: {
      indicatorKey: key,
      period,
      periodStart: periodStartDate({ frequency: "monthly", year: y!, month: m! }).toJSDate(),
      value: 1,
      recordedBy: "U0RECORD001",
      recordedAt: at("2017-07-03T09:15:30.123Z"),
      ...data,
    },
  });
}

describe("figures read straight from the driver", () => {
  it("match what Prisma reads, newest first, for one indicator and for several", async () => {
    const db = await database();
    await figure(db, "assess-45wd", "2017-04", { value: 80, numerator: 12, base: 15, note: "a note, with “quotes”" });
    await figure(db, "assess-45wd", "2017-05", { value: 83.33, numerator: 25, base: 30 });
    await figure(db, "assess-45wd", "2017-06", {
      value: 90.5,
      note: null,
      noteRemovedBy: "U0ADMIN0001",
      noteRemovedAt: at("2017-07-04T10:00:00.500Z"),
      noteRemovedReason: "named a child",
    });
    await figure(db, "cp-plans", "2017-06", { value: 1234567 });

    const recent = await recentMeasurements(db, "assess-45wd", 36);
    expect(recent.map((m) => m.periodKey)).toEqual(["2017-06", "2017-05", "2017-04"]);
    const viaPrisma = await db.measurement.findMany({ where: { indicatorKey: "assess-45wd" }, orderBy: { periodStart: "desc" } });
    expect(recent.map((m) => [m.value, m.numerator, m.base, m.note, m.recordedBy, m.recordedAt.toISOString()])).toEqual(
      viaPrisma.map((r) => [r.value, r.numerator, r.base, r.note, r.recordedBy, r.recordedAt.toISOString()]),
    );
    expect(recent[0]!.noteRemoved).toEqual({ by: "U0ADMIN0001", at: at("2017-07-04T10:00:00.500Z"), reason: "named a child" });
    expect(recent[2]).toMatchObject({ value: 80, numerator: 12, base: 15, note: "a note, with “quotes”", noteRemoved: null });

    const byKey = await recentByIndicator(db, 2, ["assess-45wd", "cp-plans", "cla"]);
    expect(byKey.get("assess-45wd")!.map((m) => m.periodKey)).toEqual(["2017-06", "2017-05"]);
    expect(byKey.get("cp-plans")!.map((m) => m.value)).toEqual([1234567]);
    expect(byKey.has("cla")).toBe(false);
  });

  it("see a transaction's own writes inside it", async () => {
    const db = await database();
    await db.$transaction(async (tx) => {
      await tx.measurement.create({
        data: { indicatorKey: "cla", period: "2017-06", periodStart: at("2017-06-01T00:00:00Z"), value: 7, recordedBy: "U0RECORD001" },
      });
      expect((await recentMeasurements(tx, "cla", 1)).map((m) => m.value)).toEqual([7]);
    });
  });
});

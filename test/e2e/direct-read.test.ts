// Figures read straight from the driver (for speed) are the same as Prisma
// reads them, on SQLite and on PostgreSQL: numbers, fractions, notes, removal
// marks and instants alike; inside a transaction they see its own writes.
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { recentByIndicator, recentMeasurements } from "../../src/db/measurements.js";
import { listActions, toAction, withParts } from "../../src/db/plan.js";
import { periodStartDate } from "../../src/domain/period.js";
import { compareDue } from "../../src/domain/plan.js";
import { compareRefs } from "../../src/domain/plan-structure.js";
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

describe("actions read straight from the driver", () => {
  it("match what Prisma reads, with their milestones and recommendations, for every filter", async () => {
    const db = await database();
    await db.recommendation.createMany({ data: ["Ofsted-R2", "Ofsted-R1", "DfE-3"].map((ref) => ({ ref, text: `Recommendation ${ref}` })) });
    const action = (ref: string, data: Record<string, unknown> = {}) =>
      db.action.create({ data: { ref, theme: "Practice", title: `Action ${ref}: “quoted”, and long`, createdAt: at("2017-05-02T08:30:00.250Z"), ...data } });
    await action("1.2", {
      ownerId: "U0OWNER001",
      due: "2017-09-30",
      status: "at_risk",
      measureKey: "assess-45wd",
      measureTarget: 87.5,
      measureBy: "2018-03-31",
    });
    await action("1.10", { ownerId: "U0OWNER001", due: "2017-09-30", lastUpdateAt: at("2017-07-03T09:15:30.123Z"), ragOverride: "red", ragReason: "no staff" });
    await action("2.1", { ownerName: "Pat Jones", sponsorId: "U0OWNER001", start: "2017-06-01", measureText: "fewer re-referrals", evidence: "audit" });
    await action("2.2", { ownerId: "U0OTHER002", status: "done", doneAt: at("2017-07-01T12:00:00Z"), due: "2017-06-30" });
    await action("3.1", { ownerId: "U0OWNER001", measureKey: "assess-45wd", deletedAt: at("2017-07-02T00:00:00Z") });
    await db.milestone.createMany({
      data: [
        { actionRef: "1.2", n: 2, due: "2017-08-31", text: "second", createdBy: "U0ADMIN0001", createdAt: at("2017-05-03T00:00:00Z") },
        {
          actionRef: "1.2",
          n: 1,
          due: "2017-07-31",
          text: "first",
          createdBy: "U0ADMIN0001",
          doneAt: at("2017-07-20T10:00:00.5Z"),
          createdAt: at("2017-05-03T00:00:00Z"),
        },
        { actionRef: "2.2", n: 1, due: "2017-06-01", text: "only", createdBy: "U0ADMIN0001" },
        { actionRef: "3.1", n: 1, due: "2017-06-01", text: "of a deleted action", createdBy: "U0ADMIN0001" },
      ],
    });
    await db.actionRecommendation.createMany({
      data: [
        { actionRef: "1.2", recommendationRef: "Ofsted-R2" },
        { actionRef: "1.2", recommendationRef: "DfE-3" },
        { actionRef: "2.1", recommendationRef: "Ofsted-R1" },
      ],
    });
    const viaPrisma = async (where: Record<string, unknown>) =>
      (await db.action.findMany({ where: { deletedAt: null, ...where }, include: withParts }))
        .map(toAction)
        .map((a) => ({ ...a, recommendations: [...(a.recommendations ?? [])].sort() }))
        .sort((a, b) => compareDue(a.due, b.due) || compareRefs(a.ref, b.ref));
    const owner = "U0OWNER001";
    const cases: [Parameters<typeof listActions>[1], Record<string, unknown>][] = [
      [{}, {}],
      [{ openOnly: true }, { status: { not: "done" } }],
      [
        { ownerId: owner, openOnly: true },
        { status: { not: "done" }, OR: [{ ownerId: owner }, { ownerId: null, sponsorId: owner }] },
      ],
      [
        { measureKey: "assess-45wd", openOnly: true },
        { status: { not: "done" }, measureKey: "assess-45wd" },
      ],
      [{ ownerId: "U0NOBODY01" }, { OR: [{ ownerId: "U0NOBODY01" }, { ownerId: null, sponsorId: "U0NOBODY01" }] }],
    ];
    for (const [filter, where] of cases) expect(await listActions(db, filter)).toEqual(await viaPrisma(where));
    // What the cases above must have covered: parts, nulls and fractions came through.
    const all = await listActions(db);
    expect(all.map((a) => a.ref)).toEqual(["2.2", "1.2", "1.10", "2.1"]);
    expect(all[1]).toMatchObject({
      measureTarget: 87.5,
      milestones: [
        { n: 1, doneAt: at("2017-07-20T10:00:00.5Z") },
        { n: 2, doneAt: null },
      ],
      recommendations: ["DfE-3", "Ofsted-R2"],
    });
    expect(all[2]).toMatchObject({ lastUpdateAt: at("2017-07-03T09:15:30.123Z"), ragOverride: { status: "red", reason: "no staff" }, milestones: [] });
  });
});

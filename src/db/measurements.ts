import { comparePeriods, type Period, periodFromKey, periodKey, periodStartDate } from "../domain/period.js";
import type { Removal } from "../domain/redaction.js";
import { Prisma } from "../generated/sqlite/client.js";
import { writeAudit } from "./audit.js";
import type { Db, Tx } from "./client.js";
import { type Columns, directRead } from "./direct-read.js";
import { allKeys } from "./indicators.js";
import { lockedRead, lockFigure } from "./locks.js";

export interface Measurement {
  indicatorKey: string;
  period: Period;
  periodKey: string;
  value: number;
  numerator: number | null;
  base: number | null;
  note: string | null;
  /** The note was removed by an admin: by whom, when and why (the note is then null). */
  noteRemoved: Removal | null;
  recordedBy: string;
  recordedAt: Date;
}

type Row = {
  indicatorKey: string;
  period: string;
  value: number;
  numerator: number | null;
  base: number | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
  noteRemovedBy: string | null;
  noteRemovedAt: Date | null;
  noteRemovedReason: string | null;
};

function toMeasurement(r: Row): Measurement {
  return {
    indicatorKey: r.indicatorKey,
    period: periodFromKey(r.period),
    periodKey: r.period,
    value: r.value,
    numerator: r.numerator,
    base: r.base,
    note: r.note,
    noteRemoved: r.noteRemovedBy !== null && r.noteRemovedAt !== null ? { by: r.noteRemovedBy, at: r.noteRemovedAt, reason: r.noteRemovedReason ?? "" } : null,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  };
}

export interface NewMeasurement {
  indicatorKey: string;
  period: Period;
  value: number;
  numerator: number | null;
  base: number | null;
  note: string | null;
  recordedBy: string;
  /** A correction with no note keeps the note it had (or the mark of its removal). */
  keepNote?: boolean;
}

export async function getMeasurement(db: Db | Tx, key: string, period: Period): Promise<Measurement | null> {
  const r = await db.measurement.findUnique({ where: { indicatorKey_period: { indicatorKey: key, period: periodKey(period) } } });
  return r ? toMeasurement(r) : null;
}

/** The figure as it is now, locked until the transaction ends (see locks.ts); null when there is none. */
export async function lockedMeasurement(tx: Tx, key: string, period: Period): Promise<Measurement | null> {
  return lockedRead(
    () => lockFigure(tx, key, periodKey(period)),
    () => getMeasurement(tx, key, period),
  );
}

interface Stored {
  indicatorKey: string;
  period: string;
  periodStart: Date;
  value: number;
  numerator: number | null;
  base: number | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Store a figure where there is none: false when another transaction stored one first (nothing is changed then). */
async function insertIfAbsent(tx: Tx, r: Stored): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "Measurement" ("indicatorKey", "period", "periodStart", "value", "numerator", "base", "note", "recordedBy", "recordedAt")
    VALUES (${r.indicatorKey}, ${r.period}, ${r.periodStart}, ${r.value}, ${r.numerator}, ${r.base}, ${r.note}, ${r.recordedBy}, ${r.recordedAt})
    ON CONFLICT ("indicatorKey", "period") DO NOTHING`;
  return inserted === 1;
}

/** What a correction does: the figure `old` replaced. */
export interface Recorded {
  /** The figure replaced (null: there was none), exactly as it was when it was replaced. */
  old: Measurement | null;
  /** The figure as stored. */
  stored: Measurement;
}

/**
 * Record or correct a figure with its audit entry (who, old, new), in the
 * caller's transaction, with the figure locked from the read to the write: the
 * audit entry's old value is the value really replaced. `expected` (what the
 * user was shown) refuses the change when the figure is now otherwise: then
 * nothing is written and the figure as it is now comes back as the conflict.
 */
export async function recordMeasurement(
  tx: Tx,
  m: NewMeasurement,
  expected?: (now: Measurement | null) => boolean,
): Promise<Recorded | { conflict: Measurement | null }> {
  const key = periodKey(m.period);
  const row: Stored = {
    indicatorKey: m.indicatorKey,
    period: key,
    periodStart: periodStartDate(m.period).toJSDate(),
    value: m.value,
    numerator: m.numerator,
    base: m.base,
    note: m.note,
    recordedBy: m.recordedBy,
    recordedAt: new Date(),
  };
  // Twice at most: a figure stored by another transaction between the look and the insert is then locked and read.
  for (let attempt = 0; attempt < 3; attempt++) {
    const old = await lockedMeasurement(tx, m.indicatorKey, m.period);
    if (expected && !expected(old)) return { conflict: old };
    const keep = m.keepNote === true && old !== null;
    if (old) {
      const { indicatorKey: _k, period: _p, note: _n, ...fields } = row;
      const note = keep ? {} : { note: m.note, noteRemovedBy: null, noteRemovedAt: null, noteRemovedReason: null };
      await tx.measurement.update({ where: { indicatorKey_period: { indicatorKey: m.indicatorKey, period: key } }, data: { ...fields, ...note } });
    } else if (!(await insertIfAbsent(tx, row))) {
      continue;
    }
    await writeAudit(tx, {
      actor: m.recordedBy,
      action: old ? "correct" : "record",
      subject: `${m.indicatorKey}@${key}`,
      oldValue: old && { value: old.value, base: old.base, note: old.note },
      newValue: { value: m.value, base: m.base, note: keep ? old.note : m.note },
    });
    return { old, stored: (await getMeasurement(tx, m.indicatorKey, m.period))! };
  }
  throw new Error(`the figure ${m.indicatorKey}@${key} kept changing while it was being recorded`);
}

/** Take a figure's note out (an admin's redaction), leaving who removed it, when and why. */
export async function removeNote(tx: Tx, key: string, period: Period, removal: Removal): Promise<void> {
  await tx.measurement.updateMany({
    where: { indicatorKey: key, period: periodKey(period) },
    data: { note: null, noteRemovedBy: removal.by, noteRemovedAt: removal.at, noteRemovedReason: removal.reason },
  });
}

/** Withdraw a figure, locked from the read to the delete; returns the figure deleted, if there was one. */
export async function deleteMeasurement(tx: Tx, key: string, period: Period): Promise<Measurement | null> {
  const old = await lockedMeasurement(tx, key, period);
  if (old) await tx.measurement.delete({ where: { indicatorKey_period: { indicatorKey: key, period: periodKey(period) } } });
  return old;
}

// Answers read figures on every request: straight to the driver (direct-read.ts), only the columns a Measurement has.
const COLUMNS = Prisma.raw(
  `"indicatorKey", "period", "value", "numerator", "base", "note", "recordedBy", "recordedAt", "noteRemovedBy", "noteRemovedAt", "noteRemovedReason"`,
);
const KINDS: Columns<Row> = {
  indicatorKey: "text",
  period: "text",
  value: "number",
  numerator: "number",
  base: "number",
  note: "text",
  recordedBy: "text",
  recordedAt: "date",
  noteRemovedBy: "text",
  noteRemovedAt: "date",
  noteRemovedReason: "text",
};

/** A LIMIT that is always a whole number written into the SQL (so the statement's text is one of a few). */
function limitOf(n: number): Prisma.Sql {
  return Prisma.raw(String(Math.max(0, Math.floor(n))));
}

/** Newest first. */
export async function recentMeasurements(db: Db | Tx, key: string, limit: number): Promise<Measurement[]> {
  const rows = await db.$queryRaw<
    Row[]
  >`SELECT ${COLUMNS} FROM "Measurement" WHERE "indicatorKey" = ${key} ORDER BY "periodStart" DESC LIMIT ${limitOf(limit)}`;
  return rows.map(toMeasurement);
}

/** Keys of the indicators with at least one figure, optionally only for this period key. */
export async function keysWithFigures(db: Db | Tx, period?: string): Promise<Set<string>> {
  const rows = await db.measurement.groupBy({ by: ["indicatorKey"], where: period ? { period } : {} });
  return new Set(rows.map((r) => r.indicatorKey));
}

export async function allMeasurements(db: Db): Promise<Measurement[]> {
  const rows = await db.measurement.findMany({ orderBy: [{ indicatorKey: "asc" }, { periodStart: "asc" }] });
  return rows.map(toMeasurement);
}

/** Newest first: the figures of periods that start no later than `period` (a pack's view of the past). */
export async function measurementsUpTo(db: Db | Tx, key: string, period: Period, limit: number): Promise<Measurement[]> {
  const rows = await db.measurement.findMany({
    where: { indicatorKey: key, periodStart: { lte: periodStartDate(period).toJSDate() } },
    orderBy: { periodStart: "desc" },
    take: limit,
  });
  return rows.map(toMeasurement);
}

/** Indicators per query of recentByIndicator: well under SQLite's limit of 500 terms in a compound SELECT. */
const KEYS_PER_QUERY = 200;

/**
 * The last `limit` figures of each of these indicators (all when none given),
 * newest first, by key. One query of one index seek per indicator (UNION
 * ALL of LIMITed reads), so the time depends on the figures returned, not on
 * how many years of history there are.
 */
export async function recentByIndicator(db: Db | Tx, limit: number, keys: readonly string[] = []): Promise<Map<string, Measurement[]>> {
  const wanted = keys.length ? [...new Set(keys)] : await allKeys(db);
  const out = new Map<string, Measurement[]>();
  for (let i = 0; i < wanted.length; i += KEYS_PER_QUERY) {
    const reads = wanted
      .slice(i, i + KEYS_PER_QUERY)
      .map(
        (key, n) =>
          Prisma.sql`SELECT * FROM (SELECT ${COLUMNS} FROM "Measurement" WHERE "indicatorKey" = ${key} ORDER BY "periodStart" DESC LIMIT ${limitOf(limit)}) AS ${Prisma.raw(`r${n}`)}`,
      );
    for (const r of await directRead<Row>(db, Prisma.join(reads, " UNION ALL ", ""), KINDS)) {
      const list = out.get(r.indicatorKey) ?? [];
      list.push(toMeasurement(r));
      out.set(r.indicatorKey, list);
    }
  }
  // A compound SELECT need not keep each part's order: put it back.
  for (const list of out.values()) list.sort((a, b) => comparePeriods(b.period, a.period));
  return out;
}

// Many figures at once (an import): all or nothing, each with its audit entry
// (who, when, old, new), and each audit entry's old value the value really
// replaced, even while the bot records figures at the same time.
//
// PostgreSQL locks rows, not the database: one transaction, a batch at a time
// (a locked read of what is there, a multi-row insert of the new figures, a
// multi-row correction of the others, one statement of audit entries). Only a
// figure in the file waits for the import; the bot records any other at once.
//
// SQLite has one writer for the whole file, and a waiting writer blocks its
// process: so the file is staged first in a temporary table (which takes no
// lock on the database), with what each figure replaces as read then; the
// transaction that applies it takes the write lock, re-reads only the figures
// changed since, and writes with three statements that run inside SQLite. The
// bot's writes wait for that short transaction, not for the whole import.
import { randomBytes } from "node:crypto";
import { type Period, periodKey, periodStartDate } from "../domain/period.js";
import { type Db, providerOf, type Tx } from "./client.js";
import { lockFigure, retried } from "./locks.js";

/** Rows per statement: 9 parameters a row stays well under SQLite's 32,766 and PostgreSQL's 65,535. */
export const FIGURE_BATCH = 1000;

export interface FigureToStore {
  indicatorKey: string;
  period: Period;
  value: number;
  numerator: number | null;
  base: number | null;
  note: string | null;
}

/** A transaction's waits: to start (a busy pool) and to finish. */
export interface Limits {
  maxWait: number;
  timeout: number;
}

/** A figure as an audit entry shows it, and whether an admin removed its note. */
interface Shown {
  value: number;
  base: number | null;
  note: string | null;
  removed: boolean;
}

interface Row extends FigureToStore {
  /** The period's key, as stored. */
  key: string;
  start: Date;
}

const idOf = (key: string, period: string) => `${key}\u0000${period}`;
const json = (s: Omit<Shown, "removed">) => JSON.stringify({ value: s.value, base: s.base, note: s.note });
const shownOf = (r: { value: unknown; base: unknown; note: unknown; removedBy: unknown }): Shown => ({
  value: Number(r.value),
  base: r.base === null ? null : Number(r.base),
  note: r.note as string | null,
  removed: r.removedBy !== null,
});
/** The audit entry's new value: a row without a note keeps the note the figure had. */
const newJson = (r: Row, old: Shown | null) => json({ value: r.value, base: r.base, note: r.note ?? old?.note ?? null });
/** A correction without a note that kept the figure's note, or the mark of its removal. */
const keptNote = (r: Row, old: Shown | null) => old !== null && r.note === null && (old.note !== null || old.removed);

/** Placeholders for `rows` rows of `width` values, numbered for the provider ($1 on PostgreSQL, ? on SQLite). */
function placeholders(postgres: boolean, rows: number, width: number): string {
  let n = 0;
  const row = () => `(${Array.from({ length: width }, () => (postgres ? `$${++n}` : "?")).join(", ")})`;
  return Array.from({ length: rows }, row).join(", ");
}

const MEASUREMENT_COLUMNS = `("indicatorKey", "period", "periodStart", "value", "numerator", "base", "note", "recordedBy", "recordedAt")`;
/** A row without a note keeps the figure's note, or the mark of its removal; a row with one replaces both. */
const kept = (column: string, given: string) => `CASE WHEN excluded."note" IS NULL THEN "Measurement"."${column}" ELSE ${given} END`;
const CORRECTION = `ON CONFLICT ("indicatorKey", "period") DO UPDATE SET
  "periodStart" = excluded."periodStart", "value" = excluded."value", "numerator" = excluded."numerator", "base" = excluded."base",
  "note" = ${kept("note", `excluded."note"`)}, "noteRemovedBy" = ${kept("noteRemovedBy", "NULL")},
  "noteRemovedAt" = ${kept("noteRemovedAt", "NULL")}, "noteRemovedReason" = ${kept("noteRemovedReason", "NULL")},
  "recordedBy" = excluded."recordedBy", "recordedAt" = excluded."recordedAt"`;

/** How many figures were added and corrected, and how many corrections without a note kept the note the figure had. */
export interface Imported {
  added: number;
  updated: number;
  notesKept: number;
}

/**
 * Record or correct each figure (at most once each in `figures`: the import
 * checks that first), all in one transaction. A figure given without a note
 * keeps the note it had (or the mark of its removal).
 */
export async function importFigures(db: Db, figures: readonly FigureToStore[], actor: string, at: Date, limits: Limits): Promise<Imported> {
  // Many figures share a period: its start is worked out once (time zones cost).
  const starts = new Map<string, Date>();
  const rows: Row[] = figures.map((f) => {
    const key = periodKey(f.period);
    let start = starts.get(key);
    if (!start) {
      start = periodStartDate(f.period).toJSDate();
      starts.set(key, start);
    }
    return { ...f, key, start };
  });
  if (rows.length === 0) return { added: 0, updated: 0, notesKept: 0 };
  if (providerOf(db) === "postgresql") return db.$transaction((tx) => storeInBatches(tx, rows, actor, at), limits);
  return stageThenApply(db, rows, actor, at, limits);
}

// --- PostgreSQL: locked batches -------------------------------------------

type Found = { indicatorKey: string; period: string; value: number; base: number | null; note: string | null; removedBy: string | null };

/** What is stored for these figures now, locked until the transaction ends: by id, in one statement. */
async function lockedBefore(tx: Tx, rows: readonly Row[]): Promise<Map<string, Shown>> {
  const pairs = placeholders(true, rows.length, 2);
  const found = await tx.$queryRawUnsafe<Found[]>(
    `SELECT "indicatorKey", "period", "value", "base", "note", "noteRemovedBy" AS "removedBy"
     FROM "Measurement" WHERE ("indicatorKey", "period") IN (VALUES ${pairs}) FOR UPDATE`,
    ...rows.flatMap((r) => [r.indicatorKey, r.key]),
  );
  return new Map(found.map((f) => [idOf(f.indicatorKey, f.period), shownOf(f)]));
}

const measurementParams = (rows: readonly Row[], actor: string, at: Date): unknown[] =>
  rows.flatMap((r) => [r.indicatorKey, r.key, r.start, r.value, r.numerator, r.base, r.note, actor, at]);

async function storeInBatches(tx: Tx, rows: readonly Row[], actor: string, at: Date): Promise<Imported> {
  let added = 0;
  let notesKept = 0;
  for (let i = 0; i < rows.length; i += FIGURE_BATCH) {
    const batch = rows.slice(i, i + FIGURE_BATCH);
    const id = (r: Row) => idOf(r.indicatorKey, r.key);
    const before = await lockedBefore(tx, batch);
    const absent = batch.filter((r) => !before.has(id(r)));
    const inserted = new Set<string>();
    if (absent.length) {
      const found = await tx.$queryRawUnsafe<{ indicatorKey: string; period: string }[]>(
        `INSERT INTO "Measurement" ${MEASUREMENT_COLUMNS} VALUES ${placeholders(true, absent.length, 9)}
         ON CONFLICT ("indicatorKey", "period") DO NOTHING RETURNING "indicatorKey", "period"`,
        ...measurementParams(absent, actor, at),
      );
      for (const r of found) inserted.add(idOf(r.indicatorKey, r.period));
    }
    // Stored by someone else between the read and the insert: read them locked, and correct them.
    const raced = absent.filter((r) => !inserted.has(id(r)));
    if (raced.length) for (const [k, b] of await lockedBefore(tx, raced)) before.set(k, b);
    const corrections = batch.filter((r) => !inserted.has(id(r)));
    if (corrections.length) {
      await tx.$executeRawUnsafe(
        `INSERT INTO "Measurement" ${MEASUREMENT_COLUMNS} VALUES ${placeholders(true, corrections.length, 9)} ${CORRECTION}`,
        ...measurementParams(corrections, actor, at),
      );
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO "AuditEntry" ("at", "actor", "action", "subject", "oldValue", "newValue") VALUES ${placeholders(true, batch.length, 6)}`,
      ...batch.flatMap((r) => {
        const old = inserted.has(id(r)) ? null : (before.get(id(r)) ?? null);
        if (keptNote(r, old)) notesKept++;
        return [at, actor, old ? "correct" : "record", `${r.indicatorKey}@${r.key}`, old && json(old), newJson(r, old)];
      }),
    );
    added += inserted.size;
  }
  return { added, updated: rows.length - added, notesKept };
}

// --- SQLite: stage, then apply ---------------------------------------------

async function stageThenApply(db: Db, rows: readonly Row[], actor: string, at: Date, limits: Limits): Promise<Imported> {
  const staged = `"temp"."staged_figures_${randomBytes(6).toString("hex")}"`;
  // Staged in a transaction of its own: in a process that also serves Slack, nothing else runs on the connection meanwhile.
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `CREATE TABLE ${staged} ("ord" INTEGER PRIMARY KEY, "indicatorKey" TEXT NOT NULL, "period" TEXT NOT NULL, "periodStart" DATETIME NOT NULL,
        "value" REAL NOT NULL, "numerator" INTEGER, "base" INTEGER, "note" TEXT, "newValue" TEXT NOT NULL, "existed" INTEGER NOT NULL,
        "oldValue" REAL, "oldBase" INTEGER, "oldNote" TEXT, "oldRemoved" INTEGER, "oldJson" TEXT, "keptNote" INTEGER NOT NULL)`,
    );
    // What each figure replaces, as it is now (checked again under the write lock).
    const keys = [...new Set(rows.map((r) => r.indicatorKey))];
    const found = await tx.measurement.findMany({
      where: { indicatorKey: { in: keys } },
      select: { indicatorKey: true, period: true, value: true, base: true, note: true, noteRemovedBy: true },
    });
    const before = new Map(found.map((f) => [idOf(f.indicatorKey, f.period), shownOf({ ...f, removedBy: f.noteRemovedBy })]));
    for (let i = 0; i < rows.length; i += FIGURE_BATCH) {
      const batch = rows.slice(i, i + FIGURE_BATCH);
      await tx.$executeRawUnsafe(
        `INSERT INTO ${staged} VALUES ${placeholders(false, batch.length, 16)}`,
        ...batch.flatMap((r, j) => {
          const old = before.get(idOf(r.indicatorKey, r.key)) ?? null;
          const was = old ? [1, old.value, old.base, old.note, old.removed ? 1 : 0, json(old)] : [0, null, null, null, null, null];
          return [i + j, r.indicatorKey, r.key, r.start, r.value, r.numerator, r.base, r.note, newJson(r, old), ...was, keptNote(r, old) ? 1 : 0];
        }),
      );
    }
  }, limits);
  try {
    // Run again after a pause when the bot held the write lock past the busy time-out.
    return await retried(db, () =>
      db.$transaction(async (tx) => {
        await lockFigure(tx, rows[0]!.indicatorKey, rows[0]!.key); // the write lock, before anything is read
        const count = async (where: string) =>
          Number((await tx.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS "n" FROM ${staged} ${where}`))[0]!.n);
        const n = await count("");
        if (n !== rows.length) throw new Error(`staged ${n} of ${rows.length} figures`);
        // Figures recorded, corrected, withdrawn or redacted since they were staged: what they replace is read again.
        const changed = await tx.$queryRawUnsafe<(Omit<Found, "indicatorKey" | "period"> & { ord: number | bigint; present: number | bigint })[]>(
          `SELECT s."ord", m."value", m."base", m."note", m."noteRemovedBy" AS "removedBy", m."id" IS NOT NULL AS "present"
           FROM ${staged} s LEFT JOIN "Measurement" m ON m."indicatorKey" = s."indicatorKey" AND m."period" = s."period"
           WHERE NOT ((m."id" IS NULL AND s."existed" = 0)
             OR (m."id" IS NOT NULL AND s."existed" = 1 AND m."value" = s."oldValue" AND m."base" IS s."oldBase" AND m."note" IS s."oldNote"
                 AND (m."noteRemovedBy" IS NOT NULL) = (s."oldRemoved" = 1)))`,
        );
        for (const c of changed) {
          const r = rows[Number(c.ord)]!;
          const old = Number(c.present) === 1 ? shownOf(c) : null;
          await tx.$executeRawUnsafe(
            `UPDATE ${staged} SET "existed" = ?, "oldJson" = ?, "newValue" = ?, "keptNote" = ? WHERE "ord" = ?`,
            old ? 1 : 0,
            old && json(old),
            newJson(r, old),
            keptNote(r, old) ? 1 : 0,
            Number(c.ord),
          );
        }
        await tx.$executeRawUnsafe(
          `INSERT INTO "AuditEntry" ("at", "actor", "action", "subject", "oldValue", "newValue")
           SELECT ?, ?, CASE WHEN "existed" = 1 THEN 'correct' ELSE 'record' END, "indicatorKey" || '@' || "period", "oldJson", "newValue"
           FROM ${staged} ORDER BY "ord"`,
          at,
          actor,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO "Measurement" ${MEASUREMENT_COLUMNS}
           SELECT "indicatorKey", "period", "periodStart", "value", "numerator", "base", "note", ?, ? FROM ${staged} WHERE true ${CORRECTION}`,
          actor,
          at,
        );
        const added = await count(`WHERE "existed" = 0`);
        return { added, updated: rows.length - added, notesKept: await count(`WHERE "keptNote" = 1`) };
      }, limits),
    );
  } finally {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${staged}`);
  }
}

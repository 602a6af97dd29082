// Check-then-act without surprises. A use case that reads what it is about to
// change (to check it, or to say in the audit trail what it was) first locks it
// inside its transaction, then reads it through that transaction, then writes.
//
// PostgreSQL (READ COMMITTED): SELECT … FOR UPDATE on the row, so a second
// writer waits for the first to commit and then reads what it wrote; something
// with no row of its own (the list of admins, a setting) is locked by name
// with a transaction-scoped advisory lock.
// SQLite has one writer at a time for the whole file. Prisma's BEGIN is
// deferred, so a write statement first takes the write lock before anything
// is read: another process (an import, run-due) then waits on the busy
// time-out instead of failing half-way (in one process the adapter already
// runs one transaction at a time).
import { type Db, providerOf, type Tx } from "./client.js";
import { worthRetrying } from "./errors.js";

async function takeSqliteWriteLock(tx: Tx): Promise<true> {
  // A write that changes nothing still takes the write lock (SQLite starts a write transaction for it).
  await tx.$executeRaw`UPDATE "Setting" SET "key" = "key" WHERE 0 = 1`;
  return true;
}

/** Whether a PostgreSQL SELECT … FOR UPDATE found (and so locked) its row. */
const lockedAny = (rows: unknown[]) => rows.length > 0;

/**
 * Lock, then read. On PostgreSQL a row that another transaction inserted
 * between the two was not locked: it is locked and read again. A lock
 * function says whether it locked a row (SQLite's write lock always does).
 */
export async function lockedRead<T>(lock: () => Promise<boolean>, read: () => Promise<T | null>): Promise<T | null> {
  for (;;) {
    const locked = await lock();
    const found = await read();
    if (found === null || locked) return found;
  }
}

/** The action `ref`, locked until the transaction ends. */
export async function lockAction(tx: Tx, ref: string): Promise<boolean> {
  if (providerOf(tx) === "sqlite") return takeSqliteWriteLock(tx);
  return lockedAny(await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Action" WHERE "ref" = ${ref} FOR UPDATE`);
}

/** The risk `id`, locked until the transaction ends. */
export async function lockRisk(tx: Tx, id: number): Promise<boolean> {
  if (providerOf(tx) === "sqlite") return takeSqliteWriteLock(tx);
  return lockedAny(await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Risk" WHERE "id" = ${id} FOR UPDATE`);
}

/** Every open risk, locked until the transaction ends (an import of the register). */
export async function lockOpenRisks(tx: Tx): Promise<void> {
  if (providerOf(tx) === "sqlite") await takeSqliteWriteLock(tx);
  else await tx.$queryRaw`SELECT 1 FROM "Risk" WHERE "closedAt" IS NULL FOR UPDATE`;
}

/** The indicator `key` (its target, tolerance, band and recorders), locked until the transaction ends. */
export async function lockIndicator(tx: Tx, key: string): Promise<boolean> {
  if (providerOf(tx) === "sqlite") return takeSqliteWriteLock(tx);
  // NO KEY: figures of this indicator may still be inserted (their foreign key takes a KEY SHARE lock).
  return lockedAny(await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Indicator" WHERE "key" = ${key} FOR NO KEY UPDATE`);
}

/** The digest schedule `id`, locked until the transaction ends. */
export async function lockDigestSchedule(tx: Tx, id: number): Promise<boolean> {
  if (providerOf(tx) === "sqlite") return takeSqliteWriteLock(tx);
  return lockedAny(await tx.$queryRaw<unknown[]>`SELECT 1 FROM "DigestSchedule" WHERE "id" = ${id} FOR UPDATE`);
}

/**
 * A recorded figure, locked until the transaction ends; nothing is locked when
 * there is none (on PostgreSQL): whoever then stores one must insert it only
 * if it is still absent (see insertMeasurementIfAbsent).
 */
export async function lockFigure(tx: Tx, key: string, period: string): Promise<boolean> {
  if (providerOf(tx) === "sqlite") return takeSqliteWriteLock(tx);
  return lockedAny(await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Measurement" WHERE "indicatorKey" = ${key} AND "period" = ${period} FOR UPDATE`);
}

/** Something with no row of its own (the admins, a setting), locked by name until the transaction ends. */
export async function lockName(tx: Tx, name: string): Promise<void> {
  if (providerOf(tx) === "sqlite") await takeSqliteWriteLock(tx);
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
}

/** How long a short locked transaction may wait to start (a busy pool) and run (waiting on a lock) before it fails. */
const WAIT = { maxWait: 10_000, timeout: 20_000 } as const;
/** How long a transaction is tried again for (retryable failures only: see worthRetrying). */
const RETRY_FOR_MS = 20_000;

/**
 * Run `transaction`; when it fails for a reason worth retrying, run it again
 * after a pause (the process goes on serving meanwhile), until RETRY_FOR_MS.
 * Each transaction locks before it reads, so running it again is safe.
 */
export async function retried<T>(db: Db, transaction: () => Promise<T>): Promise<T> {
  const until = Date.now() + RETRY_FOR_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (e) {
      if (Date.now() > until || !worthRetrying(e, providerOf(db))) throw e;
      await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** attempt, 500)));
    }
  }
}

/** A short transaction that locks what it reads (with the functions above): the waits are bounded, and it runs again after a retryable failure. */
export function atomically<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return retried(db, () => db.$transaction(fn, WAIT));
}

// Exactly-once delivery. A (job, slot) row is the claim: inserting it is
// atomic in SQLite and PostgreSQL alike, so two processes (the bot's tick and
// a CLI run-due) cannot both send. A claim abandoned by a crash is taken over
// after a lease; a transient failure is retried on the next tick.
import { Prisma } from "../generated/sqlite/client.js";
import type { Db } from "./client.js";
import { type Columns, directRead } from "./direct-read.js";
import { directTransaction } from "./direct-write.js";
import { worthRetrying } from "./errors.js";

/** How long a claim lasts before another process may take it over (DELIVERY_LEASE_SECONDS). */
export const LEASE_MS = 10 * 60 * 1000;

export interface Claim {
  id: number;
  job: string;
  slot: Date;
  late: boolean;
  attempts: number;
  detail: Record<string, unknown>;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

export interface ClaimRequest {
  job: string;
  slot: Date;
  late: boolean;
}

const pairKey = (r: { job: string; slot: Date }) => `${r.job}@${r.slot.getTime()}`;

export async function claim(db: Db, job: string, slot: Date, late: boolean, now: Date, leaseMs = LEASE_MS): Promise<Claim | null> {
  try {
    const r = await db.delivery.create({ data: { job, slot, status: "claimed", late, attempts: 1, claimedAt: now } });
    return { id: r.id, job, slot, late, attempts: 1, detail: {} };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const existing = await db.delivery.findUnique({ where: { job_slot: { job, slot } } });
  return existing ? takeOver(db, existing, now, leaseMs) : null;
}

/**
 * Claims for many (job, slot) pairs, in the requests' order: one read of the
 * pairs already in the ledger and one insert of those that are not (one
 * statement, so all or nothing). Only a pair waiting for a retry or whose
 * claimant's lease has lapsed costs a write of its own; so does each pair
 * again if another process claimed one between the read and the insert.
 * A tick that finds everything due already sent makes one read.
 */
export async function claimAll(db: Db, requests: readonly ClaimRequest[], now: Date, leaseMs = LEASE_MS): Promise<(Claim | null)[]> {
  if (!requests.length) return [];
  const jobs = [...new Set(requests.map((r) => r.job))];
  const slots = [...new Map(requests.map((r) => [r.slot.getTime(), r.slot])).values()];
  const inLedger = new Map(
    (
      await directRead<LedgerRow>(
        db,
        Prisma.sql`SELECT "id", "job", "slot", "status", "late", "attempts", "claimedAt", "detail" FROM "Delivery" WHERE "job" IN (${Prisma.join(jobs)}) AND "slot" IN (${Prisma.join(slots)})`,
        LEDGER_COLUMNS,
      )
    ).map((row) => [pairKey(row), row]),
  );
  // In one order everywhere: PostgreSQL locks each new key as it inserts, so two
  // processes inserting overlapping pairs in different orders could deadlock.
  const fresh = [...new Map(requests.filter((r) => !inLedger.has(pairKey(r))).map((r) => [pairKey(r), r])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r);
  const made = new Map<string, Claim>();
  let raced = false;
  if (fresh.length) {
    try {
      const rows = await db.delivery.createManyAndReturn({
        data: fresh.map(({ job, slot, late }) => ({ job, slot, status: "claimed", late, attempts: 1, claimedAt: now })),
        select: { id: true, job: true, slot: true, late: true },
      });
      for (const r of rows) made.set(pairKey(r), { ...r, attempts: 1, detail: {} });
    } catch (e) {
      if (!isUniqueViolation(e) && !worthRetrying(e, "postgresql")) throw e;
      raced = true; // another process claimed some of them meanwhile
    }
  }
  const asked = new Set<string>(); // a pair asked for twice in one batch is given once
  return Promise.all(
    requests.map((r) => {
      const key = pairKey(r);
      if (asked.has(key)) return null;
      asked.add(key);
      const existing = inLedger.get(key);
      if (existing) return takeOver(db, existing, now, leaseMs);
      return made.get(key) ?? (raced ? claim(db, r.job, r.slot, r.late, now, leaseMs) : null);
    }),
  );
}

type LedgerRow = { id: number; job: string; slot: Date; status: string; late: boolean; attempts: number; claimedAt: Date; detail: string | null };
const LEDGER_COLUMNS: Columns<LedgerRow> = {
  id: "number",
  job: "text",
  slot: "date",
  status: "text",
  late: "boolean",
  attempts: "number",
  claimedAt: "date",
  detail: "text",
};

/** A claim on a pair already in the ledger, as read: granted if it is waiting for a retry, or its claimant's lease has lapsed. */
async function takeOver(db: Db, existing: LedgerRow, now: Date, leaseMs: number): Promise<Claim | null> {
  const abandoned = existing.status === "claimed" && existing.claimedAt.getTime() < now.getTime() - leaseMs;
  if (existing.status !== "retry" && !abandoned) return null;
  // Compare-and-set on the row as read, so only one taker wins.
  const taken = await db.delivery.updateMany({
    where: { id: existing.id, status: existing.status, claimedAt: existing.claimedAt },
    data: { status: "claimed", claimedAt: now, attempts: { increment: 1 } },
  });
  if (taken.count !== 1) return null;
  const { id, job, slot, late, attempts, detail } = existing;
  return { id, job, slot, late, attempts: attempts + 1, detail: detail ? JSON.parse(detail) : {} };
}

/** Remember how far a multi-step send got, so a retry does not repeat a step. */
export async function saveProgress(db: Db, id: number, detail: Record<string, unknown>): Promise<void> {
  await db.delivery.update({ where: { id }, data: { detail: JSON.stringify(detail) } });
}

/** What a sent reminder covered (ReminderItem rows), written with its delivery's "sent" mark. */
export interface SentReminder {
  ownerId: string;
  refs: readonly string[];
  channel: string;
  ts: string;
  at: Date;
}

/** A delivery sent, with what is recorded of it. */
export interface Sent {
  id: number;
  reminder?: SentReminder;
}

/**
 * Marks deliveries sent, in one transaction with what they record (the
 * actions a reminder covered), so that no delivery is found recorded but not
 * sent, or sent but not recorded.
 */
export async function markSent(db: Db, sent: readonly Sent[], now: Date): Promise<void> {
  if (!sent.length) return;
  const items = sent.flatMap(({ reminder: r }) => (r ? r.refs.map((ref) => Prisma.sql`(${ref}, ${r.ownerId}, ${r.channel}, ${r.ts}, ${r.at})`) : []));
  const inserts: Prisma.Sql[] = [];
  for (let i = 0; i < items.length; i += ITEMS_PER_INSERT)
    inserts.push(
      Prisma.sql`INSERT INTO "ReminderItem" ("actionRef", "ownerId", "channel", "ts", "sentAt") VALUES ${Prisma.join(items.slice(i, i + ITEMS_PER_INSERT))}`,
    );
  await directTransaction(db, [
    ...inserts,
    Prisma.sql`UPDATE "Delivery" SET "status" = 'sent', "sentAt" = ${now}, "error" = NULL WHERE "id" IN (${Prisma.join(sent.map((s) => s.id))})`,
  ]);
}

/** Rows in one INSERT of a reminder's records: 5 values each, well within both databases' limits on values in a statement. */
const ITEMS_PER_INSERT = 1000;

export async function markRetry(db: Db, id: number, error: string): Promise<void> {
  await db.delivery.update({ where: { id }, data: { status: "retry", error } });
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db.delivery.update({ where: { id }, data: { status: "failed", error } });
}

const MISSED = "more than a day late when the bot was next running";

/** A slot more than a day late is recorded as missed, not sent (including one still waiting for a retry). */
export async function recordMissed(db: Db, job: string, slot: Date, now: Date): Promise<boolean> {
  try {
    await db.delivery.create({ data: { job, slot, status: "missed", claimedAt: now, error: MISSED } });
    return true;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const r = await db.delivery.updateMany({ where: { job, slot, status: "retry" }, data: { status: "missed", error: MISSED } });
  return r.count > 0;
}

/** The progress saved by a job's deliveries in slots from `since` up to (not including) `before`, except failed and missed ones. */
export async function progressOf(db: Db, job: string, since: Date, before: Date): Promise<Record<string, unknown>[]> {
  const rows = await db.delivery.findMany({
    where: { job, slot: { gte: since, lt: before }, status: { in: ["claimed", "sent", "retry"] } },
    select: { detail: true },
  });
  return rows.map((r) => (r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : {}));
}

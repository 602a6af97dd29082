// Exactly-once delivery. A (job, slot) row is the claim: inserting it is
// atomic in SQLite and PostgreSQL alike, so two processes (the bot's tick and
// a CLI run-due) cannot both send. A claim abandoned by a crash is taken over
// after a lease; a transient failure is retried on the next tick.
import type { Db } from "./client.js";

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

export async function claim(db: Db, job: string, slot: Date, late: boolean, now: Date, leaseMs = LEASE_MS): Promise<Claim | null> {
  try {
    const r = await db.delivery.create({ data: { job, slot, status: "claimed", late, attempts: 1, claimedAt: now } });
    return { id: r.id, job, slot, late, attempts: 1, detail: {} };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const existing = await db.delivery.findUnique({ where: { job_slot: { job, slot } } });
  if (!existing) return null;
  const abandoned = existing.status === "claimed" && existing.claimedAt.getTime() < now.getTime() - leaseMs;
  if (existing.status !== "retry" && !abandoned) return null;
  // Compare-and-set on the row as read, so only one taker wins.
  const taken = await db.delivery.updateMany({
    where: { id: existing.id, status: existing.status, claimedAt: existing.claimedAt },
    data: { status: "claimed", claimedAt: now, attempts: { increment: 1 } },
  });
  if (taken.count !== 1) return null;
  return { id: existing.id, job, slot, late: existing.late, attempts: existing.attempts + 1, detail: existing.detail ? JSON.parse(existing.detail) : {} };
}

/** Remember how far a multi-step send got, so a retry does not repeat a step. */
export async function saveProgress(db: Db, id: number, detail: Record<string, unknown>): Promise<void> {
  await db.delivery.update({ where: { id }, data: { detail: JSON.stringify(detail) } });
}

export async function markSent(db: Db, id: number, now: Date): Promise<void> {
  await db.delivery.update({ where: { id }, data: { status: "sent", sentAt: now, error: null } });
}

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

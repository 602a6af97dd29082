import { comparePeriods, type Period, periodFromKey } from "../domain/period.js";
import type { Db, Tx } from "./client.js";

export interface RebaseRow {
  period: Period;
  periodKey: string;
  reason: string;
  createdBy: string;
}

export async function rebasesOf(db: Db | Tx, key: string): Promise<RebaseRow[]> {
  const rows = await db.rebase.findMany({ where: { indicatorKey: key } });
  return rows
    .map((r) => ({ period: periodFromKey(r.period), periodKey: r.period, reason: r.reason, createdBy: r.createdBy }))
    .sort((a, b) => comparePeriods(a.period, b.period));
}

export async function putRebase(tx: Tx, key: string, periodKey: string, reason: string, by: string): Promise<string | null> {
  const where = { indicatorKey_period: { indicatorKey: key, period: periodKey } };
  const old = await tx.rebase.findUnique({ where });
  await tx.rebase.upsert({ where, create: { indicatorKey: key, period: periodKey, reason, createdBy: by }, update: { reason, createdBy: by } });
  return old?.reason ?? null;
}

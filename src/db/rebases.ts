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

/** The rebases of every indicator, by key, oldest first. */
export async function rebasesByIndicator(db: Db | Tx): Promise<Map<string, RebaseRow[]>> {
  const out = new Map<string, RebaseRow[]>();
  for (const r of await db.rebase.findMany()) {
    const list = out.get(r.indicatorKey) ?? [];
    list.push({ period: periodFromKey(r.period), periodKey: r.period, reason: r.reason, createdBy: r.createdBy });
    out.set(r.indicatorKey, list);
  }
  for (const list of out.values()) list.sort((a, b) => comparePeriods(a.period, b.period));
  return out;
}

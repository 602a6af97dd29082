import { comparePeriods, type Period, periodFromKey } from "../domain/period.js";
import type { Db, Tx } from "./client.js";
import { cachedRead } from "./read-cache.js";

export interface RebaseRow {
  period: Period;
  periodKey: string;
  reason: string;
  createdBy: string;
}

export async function rebasesOf(db: Db | Tx, key: string): Promise<RebaseRow[]> {
  return [...((await rebasesByIndicator(db)).get(key) ?? [])];
}

export async function putRebase(tx: Tx, key: string, periodKey: string, reason: string, by: string): Promise<string | null> {
  const where = { indicatorKey_period: { indicatorKey: key, period: periodKey } };
  const old = await tx.rebase.findUnique({ where });
  await tx.rebase.upsert({ where, create: { indicatorKey: key, period: periodKey, reason, createdBy: by }, update: { reason, createdBy: by } });
  return old?.reason ?? null;
}

/** The rebases of every indicator, by key, oldest first: from memory until one changes (read-cache.ts). Not to be changed. */
export function rebasesByIndicator(db: Db | Tx): Promise<ReadonlyMap<string, readonly RebaseRow[]>> {
  return cachedRead(db, "rebases", async () => {
    const out = new Map<string, RebaseRow[]>();
    for (const r of await db.rebase.findMany()) {
      const list = out.get(r.indicatorKey) ?? [];
      list.push(Object.freeze({ period: periodFromKey(r.period), periodKey: r.period, reason: r.reason, createdBy: r.createdBy }));
      out.set(r.indicatorKey, list);
    }
    for (const list of out.values()) list.sort((a, b) => comparePeriods(a.period, b.period));
    return out;
  });
}

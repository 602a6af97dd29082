import { type Period, periodKey } from "../domain/period.js";
import type { Db, Tx } from "./client.js";

export const COMPARATORS = ["england", "region", "neighbours"] as const;
export type Comparator = (typeof COMPARATORS)[number];

export async function benchmarksFor(db: Db | Tx, key: string, period: Period): Promise<Partial<Record<Comparator, number>>> {
  const rows = await db.benchmark.findMany({ where: { indicatorKey: key, period: periodKey(period) } });
  const out: Partial<Record<Comparator, number>> = {};
  for (const r of rows) out[r.comparator as Comparator] = r.value;
  return out;
}

export async function putBenchmark(tx: Tx, key: string, period: Period, comparator: Comparator, value: number): Promise<number | null> {
  const where = { indicatorKey_period_comparator: { indicatorKey: key, period: periodKey(period), comparator } };
  const old = await tx.benchmark.findUnique({ where });
  await tx.benchmark.upsert({ where, create: { indicatorKey: key, period: periodKey(period), comparator, value }, update: { value } });
  return old ? old.value : null;
}

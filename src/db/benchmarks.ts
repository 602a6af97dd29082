import { type ComparatorPeriod, parseComparatorPeriod } from "../domain/comparators.js";
import { type Period, periodKey } from "../domain/period.js";
import type { Db, Tx } from "./client.js";
import { cachedRead } from "./read-cache.js";

export const COMPARATORS = ["england", "region", "neighbours"] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** The comparators recorded for exactly this period (the board pack's table). */
export async function benchmarksFor(db: Db | Tx, key: string, period: Period): Promise<Partial<Record<Comparator, number>>> {
  const rows = await db.benchmark.findMany({ where: { indicatorKey: key, period: periodKey(period) } });
  const out: Partial<Record<Comparator, number>> = {};
  for (const r of rows) out[r.comparator as Comparator] = r.value;
  return out;
}

/** `periodKey`: as domain/comparators.ts benchmarkPeriodKey makes it (2017-06, 2017/18-Q1, 2016/17, 2023). */
export async function putBenchmark(tx: Tx, key: string, periodKey: string, comparator: Comparator, value: number): Promise<number | null> {
  const where = { indicatorKey_period_comparator: { indicatorKey: key, period: periodKey, comparator } };
  const old = await tx.benchmark.findUnique({ where });
  await tx.benchmark.upsert({ where, create: { indicatorKey: key, period: periodKey, comparator, value }, update: { value } });
  return old ? old.value : null;
}

export interface BenchmarkRow {
  period: ComparatorPeriod;
  comparator: Comparator;
  value: number;
}

/** Every benchmark of these indicators (all when none given), of any period, by key: from memory until one changes (read-cache.ts). */
export async function benchmarksByIndicator(db: Db | Tx, keys: readonly string[] = []): Promise<Map<string, BenchmarkRow[]>> {
  const all = await cachedRead(db, "benchmarks", async () => {
    const out = new Map<string, BenchmarkRow[]>();
    for (const r of await db.benchmark.findMany()) {
      const period = parseComparatorPeriod(r.period);
      if (!period) continue; // every stored key is one benchmarkPeriodKey made
      const list = out.get(r.indicatorKey) ?? [];
      list.push(Object.freeze({ period, comparator: r.comparator as Comparator, value: r.value }));
      out.set(r.indicatorKey, list);
    }
    return out;
  });
  const out = new Map<string, BenchmarkRow[]>();
  for (const [key, list] of all) if (!keys.length || keys.includes(key)) out.set(key, [...list]);
  return out;
}

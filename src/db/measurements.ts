import { type Period, periodFromKey, periodKey, periodStartDate } from "../domain/period.js";
import { writeAudit } from "./audit.js";
import type { Db, Tx } from "./client.js";

export interface Measurement {
  indicatorKey: string;
  period: Period;
  periodKey: string;
  value: number;
  numerator: number | null;
  base: number | null;
  note: string | null;
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
}

export async function getMeasurement(db: Db | Tx, key: string, period: Period): Promise<Measurement | null> {
  const r = await db.measurement.findUnique({ where: { indicatorKey_period: { indicatorKey: key, period: periodKey(period) } } });
  return r ? toMeasurement(r) : null;
}

/** Record or correct; returns the figure it replaced, if any. */
export async function putMeasurement(tx: Tx, m: NewMeasurement): Promise<Measurement | null> {
  const old = await getMeasurement(tx, m.indicatorKey, m.period);
  const data = {
    value: m.value,
    numerator: m.numerator,
    base: m.base,
    note: m.note,
    recordedBy: m.recordedBy,
    recordedAt: new Date(),
    periodStart: periodStartDate(m.period).toJSDate(),
  };
  await tx.measurement.upsert({
    where: { indicatorKey_period: { indicatorKey: m.indicatorKey, period: periodKey(m.period) } },
    create: { indicatorKey: m.indicatorKey, period: periodKey(m.period), ...data },
    update: data,
  });
  return old;
}

/** Record or correct a figure with its audit entry (who, old, new), in the caller's transaction. */
export async function recordMeasurement(tx: Tx, m: NewMeasurement): Promise<Measurement | null> {
  const old = await putMeasurement(tx, m);
  await writeAudit(tx, {
    actor: m.recordedBy,
    action: old ? "correct" : "record",
    subject: `${m.indicatorKey}@${periodKey(m.period)}`,
    oldValue: old && { value: old.value, base: old.base, note: old.note },
    newValue: { value: m.value, base: m.base, note: m.note },
  });
  return old;
}

export async function deleteMeasurement(tx: Tx, key: string, period: Period): Promise<Measurement | null> {
  const old = await getMeasurement(tx, key, period);
  if (old) await tx.measurement.delete({ where: { indicatorKey_period: { indicatorKey: key, period: periodKey(period) } } });
  return old;
}

/** Newest first. */
export async function recentMeasurements(db: Db | Tx, key: string, limit: number): Promise<Measurement[]> {
  const rows = await db.measurement.findMany({ where: { indicatorKey: key }, orderBy: { periodStart: "desc" }, take: limit });
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

/** The last `limit` figures of each of these indicators (all when none given), newest first, by key: one query. */
export async function recentByIndicator(db: Db | Tx, limit: number, keys: readonly string[] = []): Promise<Map<string, Measurement[]>> {
  const rows = await db.measurement.findMany({
    where: keys.length ? { indicatorKey: { in: [...keys] } } : {},
    orderBy: [{ indicatorKey: "asc" }, { periodStart: "desc" }],
  });
  const out = new Map<string, Measurement[]>();
  for (const r of rows) {
    const list = out.get(r.indicatorKey) ?? [];
    if (list.length < limit) list.push(toMeasurement(r));
    out.set(r.indicatorKey, list);
  }
  return out;
}

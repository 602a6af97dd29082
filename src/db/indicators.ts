import type { CatalogueRow, Frequency, Indicator, Polarity, Unit } from "../domain/indicator.js";
import type { Indicator as Row } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./client.js";
import { cachedRead } from "./read-cache.js";

export function toIndicator(r: Row): Indicator {
  return {
    key: r.key,
    name: r.name,
    unit: r.unit as Unit,
    polarity: r.polarity as Polarity,
    frequency: r.frequency as Frequency,
    englandValue: r.englandValue,
    englandPeriod: r.englandPeriod,
    guidance: r.guidance,
    target: r.target,
    tolerance: r.tolerance,
    group: r.group,
    order: r.order,
    bandLow: r.bandLow,
    bandHigh: r.bandHigh,
  };
}

interface Catalogue {
  list: readonly Indicator[];
  byKey: ReadonlyMap<string, Indicator>;
}

/** The whole catalogue, in key order: from memory until it changes (read-cache.ts), afresh inside a transaction. */
function catalogue(db: Db | Tx): Promise<Catalogue> {
  return cachedRead(db, "indicators", async () => {
    const list = (await db.indicator.findMany({ orderBy: { key: "asc" } })).map((r) => Object.freeze(toIndicator(r)));
    return { list, byKey: new Map(list.map((i) => [i.key, i])) };
  });
}

export async function getIndicator(db: Db | Tx, key: string): Promise<Indicator | null> {
  return (await catalogue(db)).byKey.get(key) ?? null;
}

export async function listIndicators(db: Db | Tx): Promise<Indicator[]> {
  return [...(await catalogue(db)).list];
}

export async function allKeys(db: Db | Tx): Promise<string[]> {
  return (await catalogue(db)).list.map((i) => i.key);
}

function catalogueData(row: CatalogueRow, placed = true) {
  return {
    name: row.name,
    unit: row.unit,
    polarity: row.polarity,
    frequency: row.frequency,
    englandValue: row.england_value,
    englandPeriod: row.england_period,
    guidance: row.guidance,
    ...(placed ? { group: row.group, order: row.order } : {}),
  };
}

/**
 * Add or update by key; returns the old definition (null when new) for the audit trail.
 * `placed`: the file has the group and order columns (without them, an update keeps the indicator's place).
 */
export async function upsertIndicator(tx: Tx, row: CatalogueRow, placed = true): Promise<Indicator | null> {
  const old = await getIndicator(tx, row.key);
  await tx.indicator.upsert({ where: { key: row.key }, create: { key: row.key, ...catalogueData(row) }, update: catalogueData(row, placed) });
  return old;
}

/**
 * Seeding adds what is missing and never overwrites a council's edits. A
 * database from before scorecard groups (no indicator has a group or order)
 * gets the standard places once.
 */
/** Adds the catalogue's indicators the database lacks; returns how many this call added. */
export async function insertMissingIndicators(db: Db, rows: CatalogueRow[], retried = false): Promise<number> {
  const existing = new Map((await db.indicator.findMany({ select: { key: true, group: true, order: true } })).map((r) => [r.key, r]));
  const missing = rows.filter((r) => !existing.has(r.key));
  const beforeGroups = [...existing.values()].every((e) => e.group === null && e.order === null);
  const unplaced = beforeGroups ? rows.filter((r) => existing.has(r.key) && (r.group !== null || r.order !== null)) : [];
  if (missing.length === 0 && unplaced.length === 0) return 0;
  try {
    await db.$transaction(async (tx) => {
      for (const row of missing) await tx.indicator.create({ data: { key: row.key, ...catalogueData(row) } });
      for (const row of unplaced) await tx.indicator.update({ where: { key: row.key }, data: { group: row.group, order: row.order } });
    });
  } catch (e) {
    // Another process seeding at the same moment (replicas started together) added some first: look again, once.
    if (!retried && (e as { code?: string }).code === "P2002") return insertMissingIndicators(db, rows, true);
    throw e;
  }
  return missing.length;
}

export async function setThreshold(tx: Tx, key: string, field: "target" | "tolerance", value: number | null): Promise<void> {
  await tx.indicator.update({ where: { key }, data: { [field]: value } });
}

export async function setBand(tx: Tx, key: string, low: number | null, high: number | null): Promise<void> {
  await tx.indicator.update({ where: { key }, data: { bandLow: low, bandHigh: high } });
}

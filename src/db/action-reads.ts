// Reads of many actions at once, for reminders and escalations: a query for
// all of them rather than a few queries an action (1,000 actions were 7,000
// queries a run; these are a handful).
import type { Action } from "../domain/plan.js";
import { Prisma } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./client.js";
import { directRead } from "./direct-read.js";
import { type ActionUpdateRow, toAction, toUpdateRow, withParts } from "./plan.js";

/** These actions (not deleted), by reference. */
export async function actionsByRef(db: Db | Tx, refs: readonly string[]): Promise<Map<string, Action>> {
  if (!refs.length) return new Map();
  const rows = await db.action.findMany({ where: { ref: { in: [...refs] }, deletedAt: null }, include: withParts });
  return new Map(rows.map((r) => [r.ref, toAction(r)]));
}

/**
 * The newest update of each of these actions (of these kinds, when given),
 * as actionHistory's first row: numbered (1 for the oldest) when no kinds are given.
 */
export async function latestUpdates(db: Db | Tx, refs: readonly string[], kinds?: readonly string[]): Promise<Map<string, ActionUpdateRow>> {
  if (!refs.length) return new Map();
  const where = { actionRef: { in: [...refs] }, ...(kinds ? { kind: { in: [...kinds] } } : {}) };
  const groups = await db.actionUpdate.groupBy({ by: ["actionRef"], where, _count: { _all: true }, _max: { at: true } });
  const newest = groups.filter((g) => g._max.at !== null);
  if (!newest.length) return new Map();
  const rows = await db.actionUpdate.findMany({
    where: { ...where, OR: newest.map((g) => ({ actionRef: g.actionRef, at: g._max.at! })) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
  });
  const counts = new Map(groups.map((g) => [g.actionRef, g._count._all]));
  const out = new Map<string, ActionUpdateRow>();
  for (const r of rows) if (!out.has(r.actionRef)) out.set(r.actionRef, toUpdateRow(r, kinds ? undefined : counts.get(r.actionRef)));
  return out;
}

/** Reminders sent about each open action since its last update (the ones nobody answered), by reference; absent means none. */
export async function unansweredRemindersByRef(db: Db | Tx): Promise<Map<string, number>> {
  const rows = await directRead<{ ref: string; n: number }>(
    db,
    Prisma.sql`SELECT r."actionRef" AS "ref", COUNT(*) AS "n" FROM "ReminderItem" r JOIN "Action" a ON a."ref" = r."actionRef"
      WHERE a."deletedAt" IS NULL AND a."status" <> 'done' AND (a."lastUpdateAt" IS NULL OR r."sentAt" > a."lastUpdateAt")
      GROUP BY r."actionRef"`,
    { ref: "text", n: "number" },
  );
  return new Map(rows.map((r) => [r.ref, r.n]));
}

import type { Redates } from "../domain/board-pack.js";
import { type Action, type ActionStatus, compareDue } from "../domain/plan.js";
import { compareRefs } from "../domain/plan-structure.js";
import type { RagStatus } from "../domain/rag.js";
import type { Removal } from "../domain/redaction.js";
import { type Action as ActionRow, Prisma, type ActionUpdate as UpdateRow } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./client.js";
import { type Columns, directRead } from "./direct-read.js";

export const withParts = {
  milestones: { orderBy: { n: "asc" } },
  recommendations: { select: { recommendationRef: true } },
} as const;

/** An action's row as read (without its place in the plan and its deletion), and its milestones' rows. */
type Row = Omit<ActionRow, "position" | "deletedAt">;
type MilestoneRow = { actionRef: string; n: number; due: string; text: string; doneAt: Date | null; createdAt: Date };

type RowWithParts = Row & {
  milestones?: Omit<MilestoneRow, "actionRef">[];
  recommendations?: { recommendationRef: string }[];
};

export function toAction(r: RowWithParts): Action {
  return {
    ref: r.ref,
    theme: r.theme,
    objectiveRef: r.objectiveRef,
    title: r.title,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    sponsorId: r.sponsorId,
    sponsorName: r.sponsorName,
    start: r.start,
    due: r.due,
    measureKey: r.measureKey,
    measureTarget: r.measureTarget,
    measureBy: r.measureBy,
    measureText: r.measureText,
    status: r.status as ActionStatus,
    evidence: r.evidence,
    lastUpdateAt: r.lastUpdateAt,
    ragOverride: r.ragOverride ? { status: r.ragOverride as RagStatus, reason: r.ragReason ?? "" } : null,
    doneAt: r.doneAt,
    createdAt: r.createdAt,
    milestones: (r.milestones ?? []).map((m) => ({ n: m.n, due: m.due, text: m.text, doneAt: m.doneAt, createdAt: m.createdAt })),
    recommendations: (r.recommendations ?? []).map((x) => x.recommendationRef),
  };
}

export async function getAction(db: Db | Tx, ref: string): Promise<Action | null> {
  const r = await db.action.findFirst({ where: { ref, deletedAt: null }, include: withParts });
  return r ? toAction(r) : null;
}

export async function allActionRefs(db: Db | Tx): Promise<string[]> {
  return (await db.action.findMany({ where: { deletedAt: null }, select: { ref: true } })).map((r) => r.ref);
}

/** Actions (with their milestones and recommendations), due soonest first and ongoing ones last (on either database); services put them in the plan's order. */
export async function listActions(db: Db, where: { ownerId?: string; openOnly?: boolean; measureKey?: string } = {}): Promise<Action[]> {
  // Read straight from the driver (direct-read.ts): every tick reads all open
  // actions, and Prisma took about 25 ms of CPU for 1,000 of them with their
  // parts, this about 7 (the three reads below).
  const which = Prisma.join(
    [
      Prisma.sql`"deletedAt" IS NULL`,
      // An owner's actions, and those they are reminded about as the sponsor of an owner outside Slack.
      ...(where.ownerId ? [Prisma.sql`("ownerId" = ${where.ownerId} OR ("ownerId" IS NULL AND "sponsorId" = ${where.ownerId}))`] : []),
      ...(where.openOnly ? [Prisma.sql`"status" <> 'done'`] : []),
      ...(where.measureKey ? [Prisma.sql`"measureKey" = ${where.measureKey}`] : []),
    ],
    " AND ",
  );
  const refs = Prisma.sql`SELECT "ref" FROM "Action" WHERE ${which}`;
  const [rows, milestones, recommendations] = await Promise.all([
    directRead<Row>(db, Prisma.sql`SELECT ${ACTION_SELECT} FROM "Action" WHERE ${which}`, ACTION_COLUMNS),
    directRead<MilestoneRow>(
      db,
      Prisma.sql`SELECT "actionRef", "n", "due", "text", "doneAt", "createdAt" FROM "Milestone" WHERE "actionRef" IN (${refs}) ORDER BY "actionRef", "n"`,
      MILESTONE_COLUMNS,
    ),
    directRead<{ actionRef: string; recommendationRef: string }>(
      db,
      Prisma.sql`SELECT "actionRef", "recommendationRef" FROM "ActionRecommendation" WHERE "actionRef" IN (${refs}) ORDER BY "actionRef", "recommendationRef"`,
      { actionRef: "text", recommendationRef: "text" },
    ),
  ]);
  const parts = new Map<string, Required<Pick<RowWithParts, "milestones" | "recommendations">>>(
    rows.map((r) => [r.ref, { milestones: [], recommendations: [] }]),
  );
  for (const m of milestones) parts.get(m.actionRef)?.milestones.push(m);
  for (const r of recommendations) parts.get(r.actionRef)?.recommendations.push(r);
  return rows.map((r) => toAction({ ...r, ...parts.get(r.ref) })).sort((a, b) => compareDue(a.due, b.due) || compareRefs(a.ref, b.ref));
}

const ACTION_COLUMNS: Columns<Row> = {
  ref: "text",
  theme: "text",
  objectiveRef: "text",
  title: "text",
  ownerId: "text",
  ownerName: "text",
  sponsorId: "text",
  sponsorName: "text",
  start: "text",
  due: "text",
  measureKey: "text",
  measureTarget: "number",
  measureBy: "text",
  measureText: "text",
  status: "text",
  evidence: "text",
  ragOverride: "text",
  ragReason: "text",
  lastUpdateAt: "date",
  doneAt: "date",
  createdAt: "date",
};
const ACTION_SELECT = Prisma.raw(
  Object.keys(ACTION_COLUMNS)
    .map((c) => `"${c}"`)
    .join(", "),
);
const MILESTONE_COLUMNS: Columns<MilestoneRow> = {
  actionRef: "text",
  n: "number",
  due: "text",
  text: "text",
  doneAt: "date",
  createdAt: "date",
};

export interface ActionUpdateRow {
  at: Date;
  by: string;
  kind: string;
  status: string | null;
  note: string | null;
  oldDue: string | null;
  newDue: string | null;
  /** Its text was removed by an admin: by whom, when and why (the note is then null). */
  noteRemoved?: Removal | null;
  /** Its number in /plan <ref>: 1 for the oldest. */
  n?: number;
}

export function toUpdateRow(r: UpdateRow, n?: number): ActionUpdateRow {
  return {
    at: r.at,
    by: r.by,
    kind: r.kind,
    status: r.status,
    note: r.note,
    oldDue: r.oldDue,
    newDue: r.newDue,
    noteRemoved: r.noteRemovedBy !== null && r.noteRemovedAt !== null ? { by: r.noteRemovedBy, at: r.noteRemovedAt, reason: r.noteRemovedReason ?? "" } : null,
    ...(n === undefined ? {} : { n }),
  };
}

/** Newest first, each with its number (1 for the oldest), as /plan <ref> shows them. */
export async function actionHistory(db: Db | Tx, ref: string, limit = 30): Promise<ActionUpdateRow[]> {
  const [total, rows] = await Promise.all([
    db.actionUpdate.count({ where: { actionRef: ref } }),
    db.actionUpdate.findMany({ where: { actionRef: ref }, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit }),
  ]);
  return rows.map((r, i) => toUpdateRow(r, total - i));
}

/** Update number n of an action (1 for the oldest), with its row id, or null. */
export async function updateNumbered(db: Db | Tx, ref: string, n: number): Promise<(ActionUpdateRow & { id: number }) | null> {
  if (!Number.isInteger(n) || n < 1) return null;
  const [r] = await db.actionUpdate.findMany({ where: { actionRef: ref }, orderBy: [{ at: "asc" }, { id: "asc" }], skip: n - 1, take: 1 });
  return r ? { ...toUpdateRow(r, n), id: r.id } : null;
}

/** Take an update's text out (an admin's redaction), leaving who removed it, when and why. */
export async function removeUpdateNote(tx: Tx, id: number, removal: Removal): Promise<void> {
  await tx.actionUpdate.update({
    where: { id },
    data: { note: null, noteRemovedBy: removal.by, noteRemovedAt: removal.at, noteRemovedReason: removal.reason },
  });
}

export async function redateCounts(db: Db | Tx): Promise<Map<string, number>> {
  const rows = await db.actionUpdate.groupBy({ by: ["actionRef"], where: { kind: "due" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.actionRef, r._count._all]));
}

/** Each re-dated action's number of due-date changes, with the latest one's reason and time. */
export async function redateHistory(db: Db | Tx): Promise<Map<string, Redates>> {
  const rows = await db.actionUpdate.findMany({
    where: { kind: "due" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { actionRef: true, at: true, note: true },
  });
  const out = new Map<string, Redates>();
  for (const r of rows) out.set(r.actionRef, { count: (out.get(r.actionRef)?.count ?? 0) + 1, lastReason: r.note, lastAt: r.at });
  return out;
}

export async function addUpdate(
  tx: Tx,
  ref: string,
  u: Omit<ActionUpdateRow, "status" | "note" | "oldDue" | "newDue"> & Partial<ActionUpdateRow>,
): Promise<void> {
  await tx.actionUpdate.create({
    data: {
      actionRef: ref,
      at: u.at,
      by: u.by,
      kind: u.kind,
      status: u.status ?? null,
      note: u.note ?? null,
      oldDue: u.oldDue ?? null,
      newDue: u.newDue ?? null,
    },
  });
}

export type ActionFields = Partial<{
  status: string;
  evidence: string | null;
  due: string | null;
  start: string | null;
  ownerId: string | null;
  ownerName: string | null;
  sponsorId: string | null;
  sponsorName: string | null;
  lastUpdateAt: Date;
  doneAt: Date | null;
  theme: string;
  objectiveRef: string | null;
  position: number;
  title: string;
  measureKey: string | null;
  measureTarget: number | null;
  measureBy: string | null;
  measureText: string | null;
  ragOverride: string | null;
  ragReason: string | null;
}>;

export async function setActionFields(tx: Tx, ref: string, data: ActionFields): Promise<void> {
  await tx.action.update({ where: { ref }, data });
}

export async function createAction(tx: Tx, a: ActionFields & { ref: string; theme: string; title: string; createdAt: Date }): Promise<void> {
  await tx.action.create({ data: a });
}

/** The recommendations an action answers, replaced by these. */
export async function setActionRecommendations(tx: Tx, ref: string, recommendationRefs: readonly string[]): Promise<void> {
  await tx.actionRecommendation.deleteMany({ where: { actionRef: ref } });
  if (recommendationRefs.length) await tx.actionRecommendation.createMany({ data: recommendationRefs.map((r) => ({ actionRef: ref, recommendationRef: r })) });
}

/** Reminders sent about an action since its last update: the ones nobody answered. */
export async function unansweredReminders(db: Db | Tx, a: Action): Promise<number> {
  return db.reminderItem.count({ where: { actionRef: a.ref, sentAt: { gt: a.lastUpdateAt ?? new Date(0) } } });
}

export async function getSetting(db: Db | Tx, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
}

export async function putSetting(tx: Tx, key: string, value: string | null, by: string): Promise<void> {
  if (value === null) await tx.setting.deleteMany({ where: { key } });
  else await tx.setting.upsert({ where: { key }, create: { key, value, updatedBy: by }, update: { value, updatedBy: by } });
}

export const PLAN_CHANNEL = "plan.channel";

// Milestones of actions, numbered within each action.
import type { Db, Tx } from "./client.js";

export interface MilestoneRow {
  n: number;
  due: string;
  text: string;
  doneAt: Date | null;
  doneBy: string | null;
}

export async function milestonesOf(db: Db | Tx, ref: string): Promise<MilestoneRow[]> {
  return db.milestone.findMany({ where: { actionRef: ref }, orderBy: { n: "asc" }, select: { n: true, due: true, text: true, doneAt: true, doneBy: true } });
}

/** Adds a milestone with the next number; returns it. */
export async function addMilestone(tx: Tx, ref: string, m: { due: string; text: string; by: string; at: Date; doneAt?: Date | null }): Promise<number> {
  const last = await tx.milestone.findFirst({ where: { actionRef: ref }, orderBy: { n: "desc" }, select: { n: true } });
  const n = (last?.n ?? 0) + 1;
  await tx.milestone.create({
    data: { actionRef: ref, n, due: m.due, text: m.text, createdBy: m.by, createdAt: m.at, doneAt: m.doneAt ?? null, doneBy: m.doneAt ? m.by : null },
  });
  return n;
}

export async function setMilestoneDue(tx: Tx, ref: string, n: number, due: string): Promise<void> {
  await tx.milestone.update({ where: { actionRef_n: { actionRef: ref, n } }, data: { due } });
}

export async function markMilestoneDone(tx: Tx, ref: string, n: number, by: string, at: Date): Promise<void> {
  await tx.milestone.update({ where: { actionRef_n: { actionRef: ref, n } }, data: { doneAt: at, doneBy: by } });
}

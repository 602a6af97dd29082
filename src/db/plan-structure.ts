// The plan's themes and objectives (actions are in plan.ts).
import type { Objective, Theme } from "../domain/plan-structure.js";
import type { Db, Tx } from "./client.js";

export async function listThemes(db: Db | Tx): Promise<Theme[]> {
  return db.planTheme.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] });
}

export async function listObjectives(db: Db | Tx): Promise<Objective[]> {
  return db.planObjective.findMany({ orderBy: [{ position: "asc" }, { ref: "asc" }] });
}

export async function getObjective(db: Db | Tx, ref: string): Promise<Objective | null> {
  return db.planObjective.findUnique({ where: { ref } });
}

export async function putTheme(tx: Tx, t: Theme): Promise<void> {
  await tx.planTheme.upsert({ where: { name: t.name }, create: t, update: { ref: t.ref, aim: t.aim, position: t.position } });
}

export async function putObjective(tx: Tx, o: Objective): Promise<void> {
  await tx.planObjective.upsert({ where: { ref: o.ref }, create: o, update: { theme: o.theme, text: o.text, position: o.position } });
}

/** Themes and objectives that nothing in the plan uses any more (no action, objective or open risk names them). */
export async function removeUnusedStructure(tx: Tx): Promise<void> {
  const usedObjectives = new Set(
    (await tx.action.findMany({ where: { deletedAt: null, objectiveRef: { not: null } }, select: { objectiveRef: true } })).map((a) => a.objectiveRef!),
  );
  await tx.planObjective.deleteMany({ where: { ref: { notIn: [...usedObjectives] } } });
  const usedThemes = new Set([
    ...(await tx.action.findMany({ where: { deletedAt: null }, select: { theme: true } })).map((a) => a.theme),
    ...(await tx.planObjective.findMany({ select: { theme: true } })).map((o) => o.theme),
    ...(await tx.risk.findMany({ where: { closedAt: null }, select: { theme: true } })).map((r) => r.theme),
  ]);
  await tx.planTheme.deleteMany({ where: { name: { notIn: [...usedThemes] } } });
}

// The risk register.
import type { Risk } from "../domain/risk.js";
import type { Db, Tx } from "./client.js";

const fields = {
  id: true,
  theme: true,
  text: true,
  likelihood: true,
  impact: true,
  ownerId: true,
  ownerName: true,
  reviewDate: true,
  mitigation: true,
  lastReviewedAt: true,
  createdAt: true,
} as const;

export async function openRisks(db: Db | Tx): Promise<Risk[]> {
  return db.risk.findMany({ where: { closedAt: null }, select: fields, orderBy: { id: "asc" } });
}

export async function getRisk(db: Db | Tx, id: number): Promise<Risk | null> {
  return db.risk.findFirst({ where: { id, closedAt: null }, select: fields });
}

export async function createRisk(tx: Tx, r: Omit<Risk, "id" | "lastReviewedAt" | "createdAt"> & { createdBy: string; createdAt: Date }): Promise<number> {
  return (await tx.risk.create({ data: r, select: { id: true } })).id;
}

export type RiskFields = Partial<Pick<Risk, "likelihood" | "impact" | "ownerId" | "ownerName" | "reviewDate" | "mitigation" | "lastReviewedAt">> & {
  closedAt?: Date;
  closedReason?: string;
};

export async function setRiskFields(tx: Tx, id: number, data: RiskFields): Promise<void> {
  await tx.risk.update({ where: { id }, data });
}

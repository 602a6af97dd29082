import type { Db, Tx } from "./client.js";

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  oldValue?: unknown;
  newValue?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Call inside the transaction that makes the change, so the two stand or fall together. */
export async function writeAudit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: { actor: entry.actor, action: entry.action, subject: entry.subject, oldValue: json(entry.oldValue), newValue: json(entry.newValue) },
  });
}

export interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  oldValue: unknown;
  newValue: unknown;
}

export async function recentAudit(db: Db, subjectPrefix: string | null, limit = 20): Promise<AuditRow[]> {
  const rows = await db.auditEntry.findMany({
    where: subjectPrefix ? { OR: [{ subject: subjectPrefix }, { subject: { startsWith: `${subjectPrefix}@` } }] } : {},
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    oldValue: r.oldValue === null ? null : JSON.parse(r.oldValue),
    newValue: r.newValue === null ? null : JSON.parse(r.newValue),
  }));
}

/** An entry's values as stored, for rewriting (a redaction takes quoted text out). */
export interface StoredAudit {
  id: number;
  action: string;
  oldValue: unknown;
  newValue: unknown;
}

export async function auditOf(db: Db | Tx, subject: string): Promise<StoredAudit[]> {
  const rows = await db.auditEntry.findMany({ where: { subject }, orderBy: { id: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    oldValue: r.oldValue === null ? null : JSON.parse(r.oldValue),
    newValue: r.newValue === null ? null : JSON.parse(r.newValue),
  }));
}

export async function rewriteAudit(tx: Tx, id: number, oldValue: unknown, newValue: unknown): Promise<void> {
  await tx.auditEntry.update({ where: { id }, data: { oldValue: json(oldValue), newValue: json(newValue) } });
}

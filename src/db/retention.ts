// The queries behind a purge: counting or deleting what is older than a cut-off.
import type { Tx } from "./client.js";

export interface Removable {
  figures: number;
  planUpdates: number;
  reminders: number;
  deliveries: number;
  auditEntries: number;
}

/** Figures that may have ended before the cut-off: those that started before it. */
export async function figuresStartedBefore(tx: Tx, cutoff: Date): Promise<{ id: number; period: string }[]> {
  return tx.measurement.findMany({ where: { periodStart: { lt: cutoff } }, select: { id: true, period: true } });
}

/** Count (dry run) or delete the given figures and everything else made before the cut-off. */
export async function removeBefore(tx: Tx, cutoff: Date, figureIds: number[], dryRun: boolean): Promise<Removable> {
  const made = { lt: cutoff };
  if (dryRun) {
    return {
      figures: figureIds.length,
      planUpdates: await tx.actionUpdate.count({ where: { at: made } }),
      reminders: await tx.reminderItem.count({ where: { sentAt: made } }),
      deliveries: await tx.delivery.count({ where: { claimedAt: made } }),
      auditEntries: await tx.auditEntry.count({ where: { at: made } }),
    };
  }
  return {
    figures: (await tx.measurement.deleteMany({ where: { id: { in: figureIds } } })).count,
    planUpdates: (await tx.actionUpdate.deleteMany({ where: { at: made } })).count,
    reminders: (await tx.reminderItem.deleteMany({ where: { sentAt: made } })).count,
    deliveries: (await tx.delivery.deleteMany({ where: { claimedAt: made } })).count,
    auditEntries: (await tx.auditEntry.deleteMany({ where: { at: made } })).count,
  };
}

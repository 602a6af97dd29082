// Purge: delete what is older than a cut-off, all in one transaction, and
// leave one audit entry saying what went (counts only). `npm run cli -- purge`
// and, with RETENTION_MONTHS, the running bot once a day.
import { writeAudit } from "../db/audit.js";
import { lockName } from "../db/locks.js";
import { figuresStartedBefore, type Removable, removeBefore } from "../db/retention.js";
import { periodEndedBefore } from "../domain/retention.js";
import type { Context } from "./context.js";

export type PurgeCounts = Removable;

export async function purge(ctx: Context, cutoff: Date, opts: { dryRun: boolean; actor: string }): Promise<PurgeCounts> {
  const zone = ctx.config.timezone;
  return ctx.db.$transaction(
    async (tx) => {
      await lockName(tx, "purge"); // first, so that on SQLite the write lock is taken before anything is read
      // A figure goes once its period has ended before the cut-off, not when it was typed.
      const figureIds = (await figuresStartedBefore(tx, cutoff)).filter((m) => periodEndedBefore(m.period, cutoff, zone)).map((m) => m.id);
      const counts = await removeBefore(tx, cutoff, figureIds, opts.dryRun);
      if (!opts.dryRun) await writeAudit(tx, { actor: opts.actor, action: "purge", subject: `before:${cutoff.toISOString()}`, newValue: counts });
      return counts;
    },
    { timeout: 120_000 },
  );
}

/** "12 figures, 3 plan updates, …": what a purge removed (or would). */
export function describePurge(c: PurgeCounts): string {
  const part = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    part(c.figures, "figure", "figures"),
    part(c.planUpdates, "plan update", "plan updates"),
    part(c.reminders, "reminder", "reminders"),
    part(c.deliveries, "delivery record", "delivery records"),
    part(c.auditEntries, "audit entry", "audit entries"),
  ].join(", ");
}

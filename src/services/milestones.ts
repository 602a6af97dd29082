// Milestones: /plan <ref> milestone add <date> <text…> and milestone done <n>,
// by the action's owner, its sponsor or an admin; audited with an update. A
// milestone's text that may identify someone is held back unless stored anyway.
import { writeAudit } from "../db/audit.js";
import { atomically } from "../db/locks.js";
import { addMilestone, markMilestoneDone, milestonesOf } from "../db/milestones.js";
import { addUpdate, setActionFields } from "../db/plan.js";
import type { IdentifyingKind } from "../domain/identifying-text.js";
import { describeDate, localDate } from "../domain/plan.js";
import { type Notice, notice } from "../domain/result.js";
import { code, words } from "../domain/words.js";
import type { Context } from "./context.js";
import { lockForUpdate } from "./plan.js";
import { auditScreenOverride, type Held, holdIfIdentifying } from "./screening.js";

export async function addActionMilestone(
  ctx: Context,
  userId: string,
  ref: string,
  due: string,
  text: string,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Notice | Held> {
  const today = localDate(ctx.now(), ctx.config.timezone);
  const now = ctx.now();
  // Numbered under the action's lock: two milestones added at once get 1 and 2, not 1 twice.
  return atomically(ctx.db, async (tx): Promise<Notice | Held> => {
    const loaded = await lockForUpdate(ctx, tx, userId, ref);
    if (!loaded.ok) return loaded.error;
    if (due < today)
      return notice(
        "error",
        words`${describeDate(due)} has passed: a new milestone needs a date from today on. Nothing was changed.`,
        `/plan ${ref} milestone add 2026-12-31 ${text}`,
      );
    const hold = holdIfIdentifying(ctx, userId, text, storeAnyway, (scr) => ({
      change: { k: "milestone-add", ref, due, text, scr },
      field: "milestone",
      about: words`action ${code(ref)}`,
    }));
    if (hold) return hold;
    const n = await addMilestone(tx, ref, { due, text, by: userId, at: now });
    await addUpdate(tx, ref, { at: now, by: userId, kind: "milestone", note: `milestone ${n} added, due ${due}: ${text}` });
    await writeAudit(tx, { actor: userId, action: "milestone-add", subject: `action:${ref}`, oldValue: null, newValue: { n, due, text } });
    await auditScreenOverride(tx, userId, `action:${ref}`, "milestone", storeAnyway ?? []);
    return notice("ok", words`Milestone ${n} of ${code(ref)} added: ${text}, due ${describeDate(due)}. It is reminded like a due date.`);
  });
}

export async function completeActionMilestone(ctx: Context, userId: string, ref: string, n: number): Promise<Notice> {
  const now = ctx.now();
  return atomically(ctx.db, async (tx) => {
    const loaded = await lockForUpdate(ctx, tx, userId, ref);
    if (!loaded.ok) return loaded.error;
    const list = await milestonesOf(tx, ref);
    const m = list.find((x) => x.n === n);
    if (!m)
      return notice(
        "error",
        list.length
          ? words`Action ${code(ref)} has milestones ${list.map((x) => x.n).join(", ")}, not ${n}. Nothing was changed.`
          : words`Action ${code(ref)} has no milestones. Nothing was changed.`,
        `/plan ${ref} shows them`,
      );
    if (m.doneAt) return notice("info", words`Milestone ${n} of ${code(ref)} (${m.text}) was already done.`);
    await markMilestoneDone(tx, ref, n, userId, now);
    await setActionFields(tx, ref, { lastUpdateAt: now });
    await addUpdate(tx, ref, { at: now, by: userId, kind: "milestone", note: `milestone ${n} done: ${m.text}` });
    await writeAudit(tx, { actor: userId, action: "milestone-done", subject: `action:${ref}`, oldValue: { n, done: false }, newValue: { n, done: true } });
    return notice("ok", words`Milestone ${n} of ${code(ref)} is done: ${m.text}.`);
  });
}

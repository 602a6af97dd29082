// What a reminder message shows, at sending and again after each answer.
import { getAction } from "../db/plan.js";
import type { Context } from "./context.js";
import type { ReminderEntry } from "../slack/blocks/plan.js";
import type { ActionUpdateRow } from "../db/plan.js";

async function updatesSince(ctx: Context, ref: string): Promise<ActionUpdateRow[]> {
  return ctx.db.actionUpdate.findMany({ where: { actionRef: ref }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 1 });
}

/** Entries for these actions; an update after `sentAt` counts as the answer to this reminder. */
export async function reminderEntries(ctx: Context, refs: string[], sentAt: Date | null): Promise<ReminderEntry[]> {
  const out: ReminderEntry[] = [];
  for (const ref of refs) {
    const action = await getAction(ctx.db, ref);
    if (!action) continue;
    const [last] = await updatesSince(ctx, ref);
    const answered = sentAt && last && last.at.getTime() > sentAt.getTime() ? last : null;
    out.push({ action, lastUpdate: last ?? null, answered });
  }
  return out;
}

/** The reminder message a button or modal came from: its actions and when it was sent. */
export async function reminderAt(ctx: Context, channel: string, ts: string): Promise<{ refs: string[]; sentAt: Date } | null> {
  const items = await ctx.db.reminderItem.findMany({ where: { channel, ts }, orderBy: { id: "asc" } });
  if (items.length === 0) return null;
  return { refs: items.map((i) => i.actionRef), sentAt: items[0]!.sentAt };
}

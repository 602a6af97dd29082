// What a reminder message shows, at sending and again after each answer.
import { getAction } from "../db/plan.js";
import type { Context } from "./context.js";
import { actionView } from "./plan.js";
import type { ReminderEntry } from "../slack/blocks/plan.js";
import type { ActionUpdateRow } from "../db/plan.js";

async function latestAnswer(ctx: Context, ref: string): Promise<ActionUpdateRow | null> {
  // An answer is a person's status or date update; imports and reassignments are not.
  return ctx.db.actionUpdate.findFirst({ where: { actionRef: ref, kind: { in: ["status", "due"] } }, orderBy: [{ at: "desc" }, { id: "desc" }] });
}

/** Entries for these actions; an update after `sentAt` counts as the answer to this reminder. */
export async function reminderEntries(ctx: Context, refs: string[], sentAt: Date | null): Promise<ReminderEntry[]> {
  const out: ReminderEntry[] = [];
  for (const ref of refs) {
    const action = await getAction(ctx.db, ref);
    if (!action) continue;
    const view = await actionView(ctx, action); // its history is newest first
    const answer = sentAt ? await latestAnswer(ctx, ref) : null;
    const answered = sentAt && answer && answer.at.getTime() > sentAt.getTime() ? answer : null;
    out.push({ action, lastUpdate: view.history[0] ?? null, answered, measure: view.measure });
  }
  return out;
}

/** The reminder message a button or modal came from: its actions and when it was sent. */
export async function reminderAt(ctx: Context, channel: string, ts: string): Promise<{ refs: string[]; sentAt: Date } | null> {
  const items = await ctx.db.reminderItem.findMany({ where: { channel, ts }, orderBy: { id: "asc" } });
  if (items.length === 0) return null;
  return { refs: items.map((i) => i.actionRef), sentAt: items[0]!.sentAt };
}

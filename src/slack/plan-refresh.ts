// After an answer, show what was recorded where the buttons were, so a second
// click cannot record it twice: the reminder DM is updated in place, the Home tab republished.
import type { WebClient } from "@slack/web-api";
import { localDate } from "../domain/plan.js";
import { listActions } from "../db/plan.js";
import type { Context } from "../services/context.js";
import { runKpiCommand } from "../services/kpi.js";
import { reminderAt, reminderEntries } from "../services/plan-reminders.js";
import { indicatorLines } from "./blocks/kpi.js";
import { homeView, reminderMessage } from "./blocks/plan.js";

export interface Origin {
  channel?: string | undefined;
  ts?: string | undefined;
  home?: boolean | undefined;
}

export async function publishHome(ctx: Context, client: WebClient, userId: string): Promise<void> {
  const mine = await listActions(ctx.db, { ownerId: userId, openOnly: true });
  const list = await runKpiCommand(ctx, userId, { kind: "list" });
  const lines = list.kind === "list" ? indicatorLines(list.rows) : [];
  await client.views.publish({ user_id: userId, view: homeView(mine, localDate(ctx.now(), ctx.config.timezone), lines, ctx.now().getTime()) });
}

export async function refreshOrigin(ctx: Context, client: WebClient, userId: string, origin: Origin): Promise<void> {
  if (origin.home) return publishHome(ctx, client, userId);
  if (!origin.channel || !origin.ts) return;
  const reminder = await reminderAt(ctx, origin.channel, origin.ts);
  if (!reminder) return;
  const entries = await reminderEntries(ctx, reminder.refs, reminder.sentAt);
  const msg = reminderMessage(entries, reminder.sentAt.getTime(), localDate(ctx.now(), ctx.config.timezone), ctx.config.timezone);
  await client.chat.update({ channel: origin.channel, ts: origin.ts, text: msg.text, blocks: msg.blocks });
}

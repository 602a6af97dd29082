// After an answer, show what was recorded where the buttons were, so a second
// click cannot record it twice: the reminder DM is updated in place, the Home tab republished.
import type { WebClient } from "@slack/web-api";
import { localDate } from "../domain/plan.js";
import type { Context } from "../services/context.js";
import { homeTab } from "../services/plan.js";
import { reminderNow } from "../services/plan-reminders.js";
import { attentionBlocks, glanceKey, homeIcons, indicatorLines } from "./blocks/kpi.js";
import { homeView, reminderMessage } from "./blocks/plan.js";
import { sendWithIcons } from "./spc-icon-files.js";

export interface Origin {
  channel?: string | undefined;
  ts?: string | undefined;
  home?: boolean | undefined;
}

export async function publishHome(ctx: Context, client: WebClient, userId: string): Promise<void> {
  const { mine, indicators } = await homeTab(ctx, userId);
  const today = localDate(ctx.now(), ctx.config.timezone);
  await sendWithIcons(ctx, client, homeIcons(indicators), "home tab", (icons) =>
    client.views.publish({
      user_id: userId,
      view: homeView(mine, today, indicatorLines(indicators), ctx.now().getTime(), attentionBlocks(indicators, icons), glanceKey(indicators, icons)),
    }),
  );
}

export async function refreshOrigin(ctx: Context, client: WebClient, userId: string, origin: Origin): Promise<void> {
  if (origin.home) return publishHome(ctx, client, userId);
  if (!origin.channel || !origin.ts) return;
  const reminder = await reminderNow(ctx, origin.channel, origin.ts);
  if (!reminder) return;
  const msg = reminderMessage(reminder.entries, reminder.sentAt.getTime(), localDate(ctx.now(), ctx.config.timezone), ctx.config.timezone);
  await client.chat.update({ channel: origin.channel, ts: origin.ts, text: msg.text, blocks: msg.blocks });
}

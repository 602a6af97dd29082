// Sending one digest: the scorecard message, then its images of charts (a
// few panels each). Progress is saved after each step so a retry does not repeat it.
import type { WebClient } from "@slack/web-api";
import type { Context } from "../services/context.js";
import { type Claim, saveProgress } from "../services/deliveries.js";
import { type DigestRun, digestRun } from "../services/digest-run.js";
import type { DigestSchedule } from "../services/digests.js";
import { digestIcons, digestMessage } from "../slack/blocks/digest.js";
import { uploadFile } from "../slack/client.js";
import { sendWithIcons } from "../slack/spc-icon-files.js";

/** `run`: what the scheduler's run has composed and drawn already, shared by every channel's digest. */
export async function sendDigest(ctx: Context, client: WebClient, schedule: DigestSchedule, claim: Claim, run: DigestRun = digestRun(ctx)): Promise<void> {
  const bundle = await run.compose(schedule.keys);
  const { content, series } = bundle;
  const progress = { ...claim.detail } as { messageTs?: string; chartsDone?: boolean; chartsSent?: number };
  if (!progress.messageTs) {
    const late = claim.late ? { slot: claim.slot } : null;
    const r = await sendWithIcons(ctx, client, digestIcons(content), `digest #${schedule.id}`, (icons) => {
      const msg = digestMessage(content, { late, timezone: ctx.config.timezone, icons });
      return client.chat.postMessage({ channel: schedule.channelId, text: msg.text, blocks: msg.blocks, unfurl_links: false });
    });
    progress.messageTs = r.ts ?? "sent";
    await saveProgress(ctx, claim.id, progress);
  }
  if (!progress.chartsDone && series.length > 0) {
    const charts = run.charts(bundle);
    for (const [i, drawing] of charts.entries()) {
      if (i < (progress.chartsSent ?? 0)) continue;
      const chart = await drawing; // sent as soon as it is drawn, while the next is drawn
      await uploadFile(client, { channelId: schedule.channelId, bytes: chart.png, filename: chart.filename, title: chart.title, altText: chart.altText });
      progress.chartsSent = i + 1;
      await saveProgress(ctx, claim.id, progress);
    }
    progress.chartsDone = true;
    await saveProgress(ctx, claim.id, progress);
  }
}

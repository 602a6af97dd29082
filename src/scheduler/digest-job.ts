// Sending one digest: the scorecard message, then one image of small
// multiples. Progress is saved after each step so a retry does not repeat it.
import type { WebClient } from "@slack/web-api";
import { smallMultiplesAltText } from "../charts/alt-text.js";
import { lineChartConfig } from "../charts/line-chart.js";
import { renderSmallMultiples } from "../charts/render.js";
import type { DigestSchedule } from "../db/digests.js";
import { saveProgress, type Claim } from "../db/deliveries.js";
import type { Context } from "../services/context.js";
import { composeDigest } from "../services/digest-content.js";
import { digestMessage } from "../slack/blocks/digest.js";
import { uploadFile } from "../slack/client.js";

export const MAX_CHARTS_IN_DIGEST = 24;

export async function sendDigest(ctx: Context, client: WebClient, schedule: DigestSchedule, claim: Claim): Promise<void> {
  const { content, series } = await composeDigest(ctx, schedule.keys);
  const progress = { ...claim.detail } as { messageTs?: string; chartsDone?: boolean };
  if (!progress.messageTs) {
    const msg = digestMessage(content, { late: claim.late ? { slot: claim.slot } : null, timezone: ctx.config.timezone });
    const r = await client.chat.postMessage({ channel: schedule.channelId, text: msg.text, blocks: msg.blocks, unfurl_links: false });
    progress.messageTs = r.ts ?? "sent";
    await saveProgress(ctx.db, claim.id, progress);
  }
  if (!progress.chartsDone && series.length > 0) {
    // Exceptions first, so a board sees what matters if the image is cut short.
    const order = new Map(content.exceptions.map((r, i) => [r.key, i]));
    const shown = [...series]
      .sort((a, b) => (order.get(a.indicator.key) ?? 999) - (order.get(b.indicator.key) ?? 999))
      .slice(0, MAX_CHARTS_IN_DIGEST);
    const png = await renderSmallMultiples(shown.map((s) => lineChartConfig(s, { where: null, compact: true })));
    await uploadFile(client, {
      channelId: schedule.channelId,
      bytes: png,
      filename: `scorecard-${content.periodWords.replace(/\W+/g, "-").toLowerCase()}.png`,
      title: `${content.title}: figures to ${content.periodWords}`,
      altText: smallMultiplesAltText(`${content.title}, figures to ${content.periodWords}`, shown),
    });
    progress.chartsDone = true;
    await saveProgress(ctx.db, claim.id, progress);
  }
}

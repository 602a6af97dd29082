// /kpi <key> spc: an XmR chart posted to the channel (after the ack).
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { renderChart } from "../../../charts/render.js";
import { isSuppressed } from "../../../domain/suppression.js";
import { SPC_CHART_SIZE, spcAltText, spcChartConfig } from "../../../charts/spc-chart.js";
import { getIndicator } from "../../../db/indicators.js";
import { recentMeasurements } from "../../../db/measurements.js";
import { notice, type Context, type Notice } from "../../../services/context.js";
import { unknownKey } from "../../../services/kpi.js";
import { readingFor, rebaseMarks } from "../../../services/spc.js";
import { noticeMessage } from "../../blocks/common.js";
import { uploadFile } from "../../client.js";
import { channelProblemAdvice, classifySlackError } from "../../errors.js";

export const SPC_PERIODS = 36;

export async function spcCommand(ctx: Context, client: WebClient, respond: RespondFn, caller: { userId: string; channelId: string }, key: string): Promise<void> {
  const say = (n: Notice) => respond({ response_type: "ephemeral", ...noticeMessage(n) });
  const indicator = await getIndicator(ctx.db, key);
  if (!indicator) return void (await say(await unknownKey(ctx, key)));
  const series = (await recentMeasurements(ctx.db, key, SPC_PERIODS)).reverse();
  const { reading, rebases } = await readingFor(ctx.db, indicator, series);
  if (series.some((m) => isSuppressed(m.value, indicator.unit, ctx.config.suppressSmallCounts))) {
    return void (await say(notice("info", `\`${key}\` has counts of fewer than 6, which are not shown in channels (SUPPRESS_SMALL_COUNTS), so its SPC chart cannot be posted here. \`/kpi ${key}\` gives the SPC reading privately.`)));
  }
  if (!reading.result) return void (await say(notice("info", `\`${key}\`: ${reading.variation}, and a chart needs at least two figures.`, `/kpi ${key} history shows what is recorded`)));
  const input = { indicator, periods: series.map((m) => m.period), reading, where: ctx.config.councilName, rebases: rebaseMarks(series, rebases) };
  const png = await renderChart(spcChartConfig(input), SPC_CHART_SIZE);
  try {
    await uploadFile(client, { channelId: caller.channelId, bytes: png, filename: `${key}-spc.png`, title: `SPC: ${indicator.name}`, altText: spcAltText(input), comment: `<@${caller.userId}> asked for \`/kpi ${key} spc\`` });
  } catch (e) {
    await say(notice("error", channelProblemAdvice(classifySlackError(e).error, caller.channelId)));
  }
}

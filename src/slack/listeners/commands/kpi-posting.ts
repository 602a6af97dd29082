// The /kpi commands that post or upload through the Web API: chart, digest, export.
// Called after the ack, so rendering never delays it.
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { DateTime } from "luxon";
import { lineChartAltText } from "../../../charts/alt-text.js";
import { lineChartConfig } from "../../../charts/line-chart.js";
import { renderChart } from "../../../charts/render.js";
import type { KpiCommand } from "../../../domain/kpi-command.js";
import { getIndicator } from "../../../db/indicators.js";
import { notice, type Context, type Notice } from "../../../services/context.js";
import { seriesFor } from "../../../services/digest-content.js";
import { addDigest, checkDigestKeys, listDigests, mayManageDigests, removeDigest } from "../../../services/digests.js";
import { exportMetrics } from "../../../services/imports.js";
import { unknownKey } from "../../../services/kpi.js";
import { noticeMessage } from "../../blocks/common.js";
import { dm, uploadFile } from "../../client.js";
import { channelProblemAdvice, classifySlackError } from "../../errors.js";
import { rebase } from "../../../services/spc.js";
import { spcCommand } from "./kpi-spc.js";

export const POSTING_KINDS = new Set<KpiCommand["kind"]>(["chart", "spc", "rebase", "digest-add", "digest-list", "digest-remove", "export"]);

interface Caller {
  userId: string;
  channelId: string;
}

async function say(respond: RespondFn, n: Notice): Promise<void> {
  await respond({ response_type: "ephemeral", ...noticeMessage(n) });
}

/** Can the bot post here? Ask Slack rather than fail at 09:00 on Monday. */
async function canPost(client: WebClient, channelId: string): Promise<string | null> {
  if (channelId.startsWith("D")) return null;
  try {
    const info = await client.conversations.info({ channel: channelId });
    if (info.channel?.is_archived) return "is_archived";
    return info.channel?.is_member === false ? "not_in_channel" : null;
  } catch (e) {
    return classifySlackError(e).error;
  }
}

export async function runPostingCommand(ctx: Context, client: WebClient, respond: RespondFn, caller: Caller, cmd: KpiCommand): Promise<void> {
  switch (cmd.kind) {
    case "chart": {
      const indicator = await getIndicator(ctx.db, cmd.key);
      if (!indicator) return say(respond, await unknownKey(ctx, cmd.key));
      const series = await seriesFor(ctx, indicator, ctx.config.suppressSmallCounts);
      if (!series.latest) return say(respond, notice("info", `\`${cmd.key}\` has no figures yet, so there is nothing to draw.`, `/kpi ${cmd.key} <value> <period> records one`));
      const png = await renderChart(lineChartConfig(series, { where: ctx.config.councilName }));
      try {
        await uploadFile(client, {
          channelId: caller.channelId, bytes: png, filename: `${cmd.key}.png`, title: indicator.name,
          altText: lineChartAltText(series), comment: `<@${caller.userId}> asked for \`/kpi ${cmd.key} chart\``,
        });
      } catch (e) {
        return say(respond, notice("error", channelProblemAdvice(classifySlackError(e).error, caller.channelId)));
      }
      return;
    }
    case "spc":
      return spcCommand(ctx, client, respond, caller, cmd.key);
    case "rebase":
      return say(respond, await rebase(ctx, caller.userId, cmd));
    case "digest-add": {
      const problem = (await mayManageDigests(ctx, caller.userId)) ?? (await checkDigestKeys(ctx, cmd.keys));
      if (problem) return say(respond, problem);
      const cannot = await canPost(client, caller.channelId);
      if (cannot) return say(respond, notice("error", `${channelProblemAdvice(cannot, caller.channelId)} Nothing was changed.`));
      return say(respond, await addDigest(ctx, caller.userId, caller.channelId, cmd.schedule, cmd.keys));
    }
    case "digest-list":
      return say(respond, await listDigests(ctx));
    case "digest-remove":
      return say(respond, await removeDigest(ctx, caller.userId, cmd.id));
    case "export": {
      const csv = await exportMetrics(ctx);
      const date = DateTime.fromJSDate(ctx.now(), { zone: ctx.config.timezone }).toISODate();
      const { channel } = await dm(client, caller.userId, "Here is every recorded figure as CSV.");
      await uploadFile(client, { channelId: channel, bytes: csv, filename: `board-figures-${date}.csv`, title: `Board figures, ${date}` });
      return say(respond, notice("ok", "I've sent you the CSV of every recorded figure in a direct message."));
    }
    default:
      throw new Error(`${cmd.kind} is not a posting command`);
  }
}

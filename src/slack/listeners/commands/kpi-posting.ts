// The /kpi commands that post or upload through the Web API: chart, SPC, digest, export.
// Called after the ack, so rendering never delays it.
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { KpiCommand } from "../../../domain/kpi-command.js";
import { type Notice, notice, type Result } from "../../../domain/result.js";
import { boardPack } from "../../../services/board-pack.js";
import { channelProblemAdvice } from "../../../services/channel-problems.js";
import { type ChartImage, spcChart, trendChart } from "../../../services/charts.js";
import type { Context } from "../../../services/context.js";
import { addDigest, listDigests, removeDigest } from "../../../services/digests.js";
import { exportFile } from "../../../services/export.js";
import { rebase } from "../../../services/spc.js";
import { noticeMessage } from "../../blocks/common.js";
import { screenedMessage } from "../../blocks/confirm.js";
import { askedFor, packComment } from "../../blocks/kpi.js";
import { postingProblem, slackNames, uploadFile } from "../../client.js";
import { dm } from "../../direct-messages.js";
import { classifySlackError } from "../../errors.js";

export const POSTING_KINDS = new Set<KpiCommand["kind"]>(["chart", "spc", "rebase", "digest-add", "digest-list", "digest-remove", "export", "pack"]);

interface Caller {
  userId: string;
  channelId: string;
}

async function say(respond: RespondFn, n: Notice): Promise<void> {
  await respond({ response_type: "ephemeral", ...noticeMessage(n) });
}

async function postChart(client: WebClient, respond: RespondFn, caller: Caller, chart: Result<ChartImage>, command: string): Promise<void> {
  if (!chart.ok) return say(respond, chart.error);
  const { png, filename, title, altText } = chart.value;
  try {
    await uploadFile(client, { channelId: caller.channelId, bytes: png, filename, title, altText, comment: askedFor(caller.userId, command) });
  } catch (e) {
    await say(respond, notice("error", channelProblemAdvice(classifySlackError(e).error, caller.channelId)));
  }
}

export async function runPostingCommand(ctx: Context, client: WebClient, respond: RespondFn, caller: Caller, cmd: KpiCommand): Promise<void> {
  switch (cmd.kind) {
    case "chart":
      return postChart(client, respond, caller, await trendChart(ctx, cmd.key), `/kpi ${cmd.key} chart`);
    case "spc":
      return postChart(client, respond, caller, await spcChart(ctx, cmd.key), `/kpi ${cmd.key} spc`);
    case "rebase": {
      const r = await rebase(ctx, caller.userId, cmd);
      return void (await respond({ response_type: "ephemeral", ...("kind" in r ? screenedMessage(r.screened) : noticeMessage(r)) }));
    }
    case "digest-add":
      return say(respond, await addDigest(ctx, caller.userId, caller.channelId, cmd.schedule, cmd.keys, (channelId) => postingProblem(client, channelId)));
    case "digest-list":
      return say(respond, await listDigests(ctx));
    case "digest-remove":
      return say(respond, await removeDigest(ctx, caller.userId, cmd.id));
    case "export": {
      const file = await exportFile(ctx);
      const { channel } = await dm(client, caller.userId, "Here is every recorded figure as CSV.");
      await uploadFile(client, { channelId: channel, bytes: file.csv, filename: file.filename, title: file.title });
      return say(respond, notice("ok", "I've sent you the CSV of every recorded figure in a direct message."));
    }
    case "pack": {
      const file = await boardPack(ctx, { kind: "slack", userId: caller.userId }, { period: cmd.period, format: cmd.format }, slackNames(client));
      if (!file.ok) return say(respond, file.error);
      const { bytes, filename, title, periodWords, format, pages, exceptions } = file.value;
      try {
        await uploadFile(client, {
          channelId: caller.channelId,
          bytes,
          filename,
          title,
          comment: packComment(caller.userId, periodWords, format, pages, exceptions),
        });
      } catch (e) {
        await say(respond, notice("error", channelProblemAdvice(classifySlackError(e).error, caller.channelId)));
      }
      return;
    }
    default:
      throw new Error(`${cmd.kind} is not a posting command`);
  }
}

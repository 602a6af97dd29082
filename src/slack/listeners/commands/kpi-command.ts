// /kpi: ack at once, parse, run the use case, answer ephemerally.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseKpiCommand } from "../../../domain/kpi-command.js";
import { notice } from "../../../domain/result.js";
import { cleanCommandText } from "../../../domain/text.js";
import { words } from "../../../domain/words.js";
import type { Context } from "../../../services/context.js";
import { failureNotice } from "../../../services/failures.js";
import { runKpiCommand } from "../../../services/kpi.js";
import { answerTurn } from "../../answer-turns.js";
import { noticeMessage } from "../../blocks/common.js";
import { kpiReplyMessage } from "../../blocks/kpi.js";
import { POSTING_KINDS, runPostingCommand } from "./kpi-posting.js";

export function kpiCommand(ctx: Context) {
  return async ({ command, ack, respond, logger, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (!(await answerTurn(context))) return;
    try {
      const cleaned = cleanCommandText(command.text ?? "");
      const parsed = cleaned.ok ? parseKpiCommand(cleaned.value) : cleaned;
      if (!parsed.ok) {
        context.outcome = "invalid";
        await respond({
          response_type: "ephemeral",
          ...noticeMessage(notice("error", words`${parsed.error.text} Nothing was changed.`, parsed.error.example)),
        });
        return;
      }
      if (POSTING_KINDS.has(parsed.value.kind)) {
        await runPostingCommand(ctx, client, respond, { userId: command.user_id, channelId: command.channel_id }, parsed.value);
        return;
      }
      const reply = await runKpiCommand(ctx, command.user_id, parsed.value);
      await respond({ response_type: "ephemeral", ...kpiReplyMessage(reply, ctx.config.timezone) });
    } catch (e) {
      context.outcome = "error"; // the request log reports it
      logger.error(`/kpi failed: ${(e as Error).stack ?? e}`);
      await respond({
        response_type: "ephemeral",
        ...noticeMessage(
          failureNotice(e, "Something went wrong on our side, and nothing was changed. Please try again; if it keeps happening, tell your admin."),
        ),
      });
    }
  };
}

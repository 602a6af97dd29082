// /plan: ack at once, parse, run the use case, answer ephemerally.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { localDate } from "../../../domain/plan.js";
import { parsePlanCommand } from "../../../domain/plan-command.js";
import { notice } from "../../../domain/result.js";
import { cleanCommandText } from "../../../domain/text.js";
import { words } from "../../../domain/words.js";
import type { Context } from "../../../services/context.js";
import {
  changeDue,
  myOpenActions,
  type Outcome,
  overrideRag,
  planList,
  reassign,
  redactUpdate,
  setPlanChannel,
  showAction,
  updateStatus,
} from "../../../services/plan.js";
import { type Message, noticeMessage } from "../../blocks/common.js";
import { screenedMessage } from "../../blocks/confirm.js";
import { actionDetailMessage, planHelpMessage, planListMessage } from "../../blocks/plan.js";

function outcomeMessage(r: Outcome): Message {
  if (!r.ok) return noticeMessage(r.error);
  return r.value.kind === "held" ? screenedMessage(r.value.screened) : noticeMessage(r.value.notice);
}

export function planCommand(ctx: Context) {
  return async ({ command, ack, respond, logger, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = (m: Message) => respond({ response_type: "ephemeral", ...m });
    try {
      const cleaned = cleanCommandText(command.text ?? "");
      const parsed = cleaned.ok ? parsePlanCommand(cleaned.value) : cleaned;
      if (!parsed.ok) {
        context.outcome = "invalid";
        await reply(noticeMessage(notice("error", words`${parsed.error.text} Nothing was changed.`, parsed.error.example)));
        return;
      }
      const cmd = parsed.value;
      const user = command.user_id;
      const today = localDate(ctx.now(), ctx.config.timezone);
      switch (cmd.kind) {
        case "help":
          return void (await reply(planHelpMessage()));
        case "mine": {
          const mine = await myOpenActions(ctx, user);
          return void (await reply(planListMessage(mine, new Map(), today, "Your open actions")));
        }
        case "list": {
          const { actions, redated } = await planList(ctx, cmd.theme);
          return void (await reply(
            planListMessage(actions, redated, today, cmd.theme ? `Actions in themes matching "${cmd.theme}"` : "Improvement plan actions"),
          ));
        }
        case "show": {
          const r = await showAction(ctx, cmd.ref);
          return void (await reply(r.ok ? actionDetailMessage(r.value, today, ctx.config.timezone) : noticeMessage(r.error)));
        }
        case "status":
          return void (await reply(outcomeMessage(await updateStatus(ctx, user, cmd.ref, cmd.status, cmd.note))));
        case "due":
          return void (await reply(outcomeMessage(await changeDue(ctx, user, cmd.ref, cmd.date, cmd.reason))));
        case "rag": {
          const r = await overrideRag(ctx, user, cmd.ref, cmd.status, cmd.reason);
          return void (await reply("kind" in r ? screenedMessage(r.screened) : noticeMessage(r)));
        }
        case "redact":
          return void (await reply(noticeMessage(await redactUpdate(ctx, user, cmd.ref, cmd.n, cmd.reason))));
        case "reassign":
          return void (await reply(noticeMessage(await reassign(ctx, user, cmd.ref, cmd.role, cmd.userId))));
        case "channel":
          return void (await reply(noticeMessage(await setPlanChannel(ctx, user, cmd.channelId))));
      }
    } catch (e) {
      context.outcome = "error"; // the request log reports it
      logger.error(`/plan failed: ${(e as Error).stack ?? e}`);
      await reply(noticeMessage(notice("error", "Something went wrong on our side, and nothing was changed. Please try again.")));
    }
  };
}

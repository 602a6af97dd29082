// Replace / Keep, Record / Don't record, Store anyway: the buttons of a question the
// bot asked before changing anything. The change travels signed in the button;
// the service checks it is this user's, fresh and unanswered, and applies it once.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { answerConfirmation } from "../../../services/confirmations.js";
import type { Context } from "../../../services/context.js";
import { failureNotice } from "../../../services/failures.js";
import { answerTurn } from "../../answer-turns.js";
import { mrkdwn, noticeMessage } from "../../blocks/common.js";
import { kpiReplyMessage } from "../../blocks/kpi.js";
import { dm } from "../../direct-messages.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function confirmButton(ctx: Context, yes: boolean) {
  return async ({ ack, body, action, client, respond, logger, context }: Args): Promise<void> => {
    await ack();
    if (!(await answerTurn(context))) return;
    const userId = body.user.id;
    try {
      const { reply, answered } = await answerConfirmation(ctx, userId, action.value ?? "", yes);
      const msg = kpiReplyMessage(reply, ctx.config.timezone);
      // An answered question is replaced by what happened, so its buttons cannot be clicked again.
      if (body.response_url) await respond({ response_type: "ephemeral", replace_original: answered, ...msg });
      else await dm(client, userId, msg.text);
    } catch (e) {
      logger.error(`confirmation failed: ${(e as Error).stack ?? e}`);
      context.outcome = "error"; // the request log reports it
      const n = failureNotice(e, "Something went wrong on our side. Please send the command again.");
      if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, ...noticeMessage(n) });
      else await dm(client, userId, mrkdwn(n.text));
    }
  };
}

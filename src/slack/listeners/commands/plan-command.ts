// /plan: ack at once, parse, run the use case, answer ephemerally.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { localDate } from "../../../domain/plan.js";
import { parsePlanCommand } from "../../../domain/plan-command.js";
import { type Notice, notice } from "../../../domain/result.js";
import { cleanCommandText } from "../../../domain/text.js";
import { words } from "../../../domain/words.js";
import type { Context } from "../../../services/context.js";
import { failureNotice } from "../../../services/failures.js";
import { addActionMilestone, completeActionMilestone } from "../../../services/milestones.js";
import { changeDue, myOpenActions, type Outcome, overrideRag, reassign, redactUpdate, setPlanChannel, updateStatus } from "../../../services/plan.js";
import { planView, recommendationsView, showPlanRef } from "../../../services/plan-structure.js";
import { addRisk, closeRisk, rateRisk, riskRegister, setRiskMitigation, setRiskOwner, setRiskReview, showRisk } from "../../../services/risks.js";
import type { Held } from "../../../services/screening.js";
import { answerTurn } from "../../answer-turns.js";
import { type Message, noticeMessage } from "../../blocks/common.js";
import { screenedMessage } from "../../blocks/confirm.js";
import { actionDetailMessage, planHelpMessage, planListMessage, planTreeMessage } from "../../blocks/plan.js";
import { recommendationsMessage, riskDetailMessage, riskRegisterMessage } from "../../blocks/plan-register.js";

function outcomeMessage(r: Outcome): Message {
  if (!r.ok) return noticeMessage(r.error);
  return r.value.kind === "held" ? screenedMessage(r.value.screened) : noticeMessage(r.value.notice);
}

/** What was done, or the text the screen held back with its Store anyway. */
function noticeOrHeld(r: Notice | Held): Message {
  return "kind" in r ? screenedMessage(r.screened) : noticeMessage(r);
}

export function planCommand(ctx: Context) {
  return async ({ command, ack, respond, logger, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (!(await answerTurn(context))) return;
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
          const { tree, redated } = await planView(ctx, cmd.theme);
          return void (await reply(planTreeMessage(tree, redated, today, cmd.theme ? `Improvement plan: "${cmd.theme}"` : "Improvement plan")));
        }
        case "show": {
          const r = await showPlanRef(ctx, cmd.ref);
          if (!r.ok) return void (await reply(noticeMessage(r.error)));
          return void (await reply(
            r.value.kind === "action"
              ? actionDetailMessage(r.value.view, today, ctx.config.timezone)
              : planTreeMessage(r.value.tree, r.value.redated, today, `Improvement plan ${cmd.ref}`),
          ));
        }
        case "status":
          return void (await reply(outcomeMessage(await updateStatus(ctx, user, cmd.ref, cmd.status, cmd.note))));
        case "due":
          return void (await reply(outcomeMessage(await changeDue(ctx, user, cmd.ref, cmd.date, cmd.reason))));
        case "rag":
          return void (await reply(noticeOrHeld(await overrideRag(ctx, user, cmd.ref, cmd.status, cmd.reason))));
        case "recs":
          return void (await reply(recommendationsMessage(await recommendationsView(ctx), today)));
        case "risks":
          return void (await reply(riskRegisterMessage(await riskRegister(ctx), today)));
        case "risk-show": {
          const r = await showRisk(ctx, cmd.id);
          return void (await reply(r.ok ? riskDetailMessage(r.value.risk, r.value.theme, today) : noticeMessage(r.error)));
        }
        case "risk-add":
          return void (await reply(noticeOrHeld(await addRisk(ctx, user, cmd.theme, cmd.likelihood, cmd.impact, cmd.text))));
        case "risk-owner":
          return void (await reply(noticeMessage(await setRiskOwner(ctx, user, cmd.id, cmd.person))));
        case "risk-review":
          return void (await reply(noticeMessage(await setRiskReview(ctx, user, cmd.id, cmd.date))));
        case "risk-mitigation":
          return void (await reply(noticeOrHeld(await setRiskMitigation(ctx, user, cmd.id, cmd.text))));
        case "risk-rate":
          return void (await reply(noticeMessage(await rateRisk(ctx, user, cmd.id, cmd.likelihood, cmd.impact, cmd.note))));
        case "risk-close":
          return void (await reply(noticeOrHeld(await closeRisk(ctx, user, cmd.id, cmd.reason))));
        case "milestone-add":
          return void (await reply(noticeOrHeld(await addActionMilestone(ctx, user, cmd.ref, cmd.due, cmd.text))));
        case "milestone-done":
          return void (await reply(noticeMessage(await completeActionMilestone(ctx, user, cmd.ref, cmd.n))));
        case "redact":
          return void (await reply(noticeMessage(await redactUpdate(ctx, user, cmd.ref, cmd.n, cmd.reason))));
        case "reassign":
          return void (await reply(
            noticeMessage(await reassign(ctx, user, cmd.ref, cmd.role, cmd.userId ? { userId: cmd.userId } : { name: cmd.name ?? "" })),
          ));
        case "channel":
          return void (await reply(noticeMessage(await setPlanChannel(ctx, user, cmd.channelId))));
      }
    } catch (e) {
      context.outcome = "error"; // the request log reports it
      logger.error(`/plan failed: ${(e as Error).stack ?? e}`);
      await reply(noticeMessage(failureNotice(e, "Something went wrong on our side, and nothing was changed. Please try again.")));
    }
  };
}

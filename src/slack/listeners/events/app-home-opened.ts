import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Context } from "../../../services/context.js";
import { answerTurn } from "../../answer-turns.js";
import { publishHome } from "../../plan-refresh.js";

export function appHomeOpened(ctx: Context) {
  return async ({ event, client, logger, context }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") return;
    if (!(await answerTurn(context))) return; // Bolt acked the event before any listener ran
    try {
      await publishHome(ctx, client, event.user);
    } catch (e) {
      context.outcome = "error"; // the request log reports it
      logger.error(`home tab failed: ${(e as Error).message}`);
    }
  };
}

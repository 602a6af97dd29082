import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { Context } from "../../../services/context.js";
import { CONFIRM_ACTION_IDS } from "../../blocks/confirm.js";
import { PLAN_ACTION_IDS } from "../../blocks/plan.js";
import { confirmButton } from "./confirm-buttons.js";
import { planButton } from "./plan-buttons.js";

export function registerActions(app: App, ctx: Context): void {
  for (const kind of ["done", "on_track", "at_risk", "blocked", "new_date"] as const) {
    app.action<BlockAction<ButtonAction>>(PLAN_ACTION_IDS[kind], planButton(ctx, kind));
  }
  app.action<BlockAction<ButtonAction>>(CONFIRM_ACTION_IDS.yes, confirmButton(ctx, true));
  app.action<BlockAction<ButtonAction>>(CONFIRM_ACTION_IDS.no, confirmButton(ctx, false));
}

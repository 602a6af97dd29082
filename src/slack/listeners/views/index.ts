import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";
import { SCREEN_CONFIRM_CALLBACK } from "../../blocks/confirm.js";
import { DUE_MODAL, STATUS_MODAL } from "../../blocks/plan.js";
import { dueModalSubmitted, statusModalSubmitted } from "./plan-modals.js";
import { screenConfirmSubmitted } from "./screen-confirm.js";

export function registerViews(app: App, ctx: Context): void {
  app.view(STATUS_MODAL, statusModalSubmitted(ctx));
  app.view(DUE_MODAL, dueModalSubmitted(ctx));
  app.view(SCREEN_CONFIRM_CALLBACK, screenConfirmSubmitted(ctx));
}

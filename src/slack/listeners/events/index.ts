import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";
import { appHomeOpened } from "./app-home-opened.js";

export function registerEvents(app: App, ctx: Context): void {
  app.event("app_home_opened", appHomeOpened(ctx));
}

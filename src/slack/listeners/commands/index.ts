import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";
import { kpiCommand } from "./kpi-command.js";

export function registerCommands(app: App, ctx: Context): void {
  app.command("/kpi", kpiCommand(ctx));
}

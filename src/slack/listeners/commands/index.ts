import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";
import { kpiCommand } from "./kpi-command.js";
import { planCommand } from "./plan-command.js";

export function registerCommands(app: App, ctx: Context): void {
  app.command("/kpi", kpiCommand(ctx));
  app.command("/plan", planCommand(ctx));
}

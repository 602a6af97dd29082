import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";

export function registerViews(_app: App, _ctx: Context): void {
  // Listeners for views are registered here.
}

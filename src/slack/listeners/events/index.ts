import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";

export function registerEvents(_app: App, _ctx: Context): void {
  // Listeners for events are registered here.
}

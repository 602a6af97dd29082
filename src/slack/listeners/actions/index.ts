import type { App } from "@slack/bolt";
import type { Context } from "../../../services/context.js";

export function registerActions(_app: App, _ctx: Context): void {
  // Listeners for actions are registered here.
}

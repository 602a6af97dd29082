// The running bot's tick: every minute, deliver what is due (and, at start-up,
// anything missed while it was down).
import cron from "node-cron";
import type { WebClient } from "@slack/web-api";
import type { Context } from "../services/context.js";
import { runDue, type DueSource } from "./run-due.js";

export function startScheduler(ctx: Context, client: WebClient, sources?: DueSource[]): { stop(): void } {
  const tick = async () => {
    try {
      const report = await runDue(ctx, client, ctx.now(), sources);
      const busy = Object.values(report).some((list) => list.length > 0);
      if (busy) ctx.log.info(report, "deliveries");
    } catch (e) {
      ctx.log.error({ err: (e as Error).message }, "scheduler tick failed");
    }
  };
  const task = cron.schedule("* * * * *", tick, { noOverlap: true, name: "deliveries" });
  void tick();
  return { stop: () => void task.stop() };
}

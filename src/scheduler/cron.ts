// The running bot's tick: every minute (DELIVERY_CHECK_SECONDS), deliver what
// is due (and, at start-up, anything missed while it was down).

import type { WebClient } from "@slack/web-api";
import cron from "node-cron";
import type { Context } from "../services/context.js";
import { type DueSource, runDue } from "./run-due.js";

export interface Scheduler {
  /**
   * No new tick starts, and the running one starts no new delivery. Resolves
   * when the running tick has finished, or after `timeoutMs` (a delivery cut
   * off then stays claimed, and is taken over after its lease).
   */
  stop(timeoutMs: number): Promise<void>;
  /**
   * Run `fn` with no tick under way: it waits for a running tick to end, and
   * ticks due meanwhile are skipped. The sandbox's "run what is due now" uses
   * it, so that its report lists everything sent, not what a tick at the same
   * moment happened to claim first.
   */
  alone<T>(fn: () => Promise<T>): Promise<T>;
}

export function startScheduler(ctx: Context, client: WebClient, sources?: DueSource[]): Scheduler {
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let alone = 0;
  const tick = () => {
    if (stopping.signal.aborted || alone > 0) return running;
    running = (async () => {
      try {
        const report = await runDue(ctx, client, ctx.now(), sources, stopping.signal);
        const busy = Object.values(report).some((list) => list.length > 0);
        if (busy) ctx.log.info(report, "deliveries");
        else ctx.log.debug("no delivery due");
      } catch (e) {
        ctx.log.error({ err: e }, "scheduler tick failed");
      }
    })();
    return running;
  };
  const every = ctx.config.deliveries.checkSeconds;
  const task = cron.schedule(every === 60 ? "* * * * *" : `*/${every} * * * * *`, tick, { noOverlap: true, name: "deliveries" });
  void tick();
  return {
    async stop(timeoutMs) {
      stopping.abort();
      await task.stop();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
    async alone(fn) {
      alone++; // first: no tick starts from here on
      try {
        await running;
        return await fn();
      } finally {
        alone--;
      }
    },
  };
}

// The running bot's tick: every minute (DELIVERY_CHECK_SECONDS), deliver what
// is due (and, at start-up, anything missed while it was down).

import type { WebClient } from "@slack/web-api";
import cron, { type ScheduledTask } from "node-cron";
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
  const waker = wakeBeforeRuns(task);
  void tick();
  return {
    async stop(timeoutMs) {
      stopping.abort();
      waker.stop();
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

/** How long before each run the event loop is woken (see wakeBeforeRuns). */
export const WAKE_LEAD_MS = 1000;

/** When to wake next, given the time to the next run: a lead before it, or just after it when already within the lead. */
export function nextWakeMs(msToNext: number, leadMs = WAKE_LEAD_MS): number {
  return msToNext > leadMs ? msToNext - leadMs : msToNext + 1;
}

/**
 * Linux lets a poll sleep past its time-out by 0.1% of it, or 0.5% for a
 * thread at nice > 0 as the bot's is, up to 100 ms (the kernel's
 * select_estimate_accuracy), and node-cron sleeps until its next run in one
 * go: ticks came 70 to 100 ms after their minute. A wake a second before each
 * run leaves the last sleep short, so its slack is a few milliseconds.
 */
function wakeBeforeRuns(task: ScheduledTask): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const wake = () => {
    timer = setTimeout(wake, nextWakeMs(task.msToNext() ?? WAKE_LEAD_MS)).unref();
  };
  wake();
  return { stop: () => clearTimeout(timer) };
}

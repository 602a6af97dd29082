// One full garbage collection each time the bot goes quiet after work. V8
// collects the old generation when it has grown enough, and its memory
// reducer only after such a collection; a bot that idles most of the day makes
// neither, so the garbage of its last burst (a tick, a few answers, a digest)
// stays resident until the next. Measured on the compiled bot
// (bench/probes/memory.ts, CHARTS=150): 128-129 MB 35 to 45 s after drawing
// 300 charts, 121-124 MB with a collection once quiet. A collection of the
// bot's 30 MB heap takes about 10 ms on this thread, which in HTTP mode does
// not ack; looking every 2 s costs a timer.
import { performance } from "node:perf_hooks";
import type { Logger } from "./log.js";

/** How often the event loop's use is looked at: a collection comes 2 to 4 s after the work. */
export const IDLE_CHECK_MS = 2_000;
/** A window with at least this much work (ms of the event loop busy) leaves garbage worth collecting. */
export const BUSY_MS = 20;
/** A window with less than this much work is quiet. */
export const QUIET_MS = 5;

/** Whether the last window had work to clean up after; `collect` is true in the first quiet window after work. */
export interface IdleState {
  dirty: boolean;
}

export function nextIdleStep(state: IdleState, activeMs: number): { state: IdleState; collect: boolean } {
  if (activeMs >= BUSY_MS) return { state: { dirty: true }, collect: false };
  if (activeMs < QUIET_MS && state.dirty) return { state: { dirty: false }, collect: true };
  return { state, collect: false };
}

/**
 * Collects once in the first quiet window after work, when node runs with
 * --expose-gc (scripts/node-flags); without it (tsx in development) does nothing.
 */
export function collectWhenQuiet(log: Logger, collect = (globalThis as { gc?: () => void }).gc, everyMs = IDLE_CHECK_MS): { stop(): void } {
  if (typeof collect !== "function") return { stop: () => undefined };
  let state: IdleState = { dirty: true }; // start-up's own garbage
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const step = nextIdleStep(state, performance.eventLoopUtilization(now, last).active);
    last = now;
    state = step.state;
    if (!step.collect) return;
    const t0 = performance.now();
    collect();
    log.debug({ ms: Math.round(performance.now() - t0) }, "collected garbage once quiet");
    last = performance.eventLoopUtilization(); // the collection is not work to collect after
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

// Composition root: settings → database → Slack app → scheduler.
// SIGTERM or SIGINT (a process manager, a container runtime, Ctrl-C): stop
// taking work, let what is running finish for a few seconds, close the
// database, exit 0.
import "./v8-flags.js"; // first: before anything compiles WebAssembly
import "./slack/lazy-websocket.js"; // before Bolt loads
import { getPriority, setPriority } from "node:os";
import { bootstrap } from "./bootstrap.js";
import { ConfigError, loadDotEnv, startMode } from "./config.js";
import type { Logger } from "./log.js";
import { projectPath } from "./paths.js";
import { startScheduler } from "./scheduler/cron.js";
import { closeChartPool } from "./services/chart-pool.js";
import { createSlackApp } from "./slack/app.js";
import { createWebClient } from "./slack/client.js";
import { TokenRejectedError } from "./slack/connection-status.js";

/** How long shutdown waits for running work (a delivery, a command's reply) before it closes the database anyway. */
const DRAIN_MS = 5000;

let log: Logger | null = null;

/** The nice value of the bot's own thread, once the front thread (started at the process's own) is running. */
const BOT_THREAD_NICE = 10;

function yieldToTheFront(logger: Logger): void {
  try {
    if (getPriority() < BOT_THREAD_NICE) setPriority(BOT_THREAD_NICE);
  } catch (e) {
    logger.warn({ err: e }, "could not lower the bot thread's priority; acks may wait behind answers when the CPU is busy");
  }
}

function fail(e: unknown): never {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\nSee .env.example for every setting.\n`);
  } else if (e instanceof TokenRejectedError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    if (log) log.error({ err: e }, "the bot could not start");
    process.stderr.write(`The bot could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  // No Slack app configured (and not production): the local sandbox instead.
  loadDotEnv(projectPath(".env"));
  if (startMode() === "sandbox") {
    const { runSandbox } = await import("./sandbox/run.js");
    return runSandbox([], "No Slack app is configured");
  }

  const ctx = await bootstrap();
  log = ctx.log;
  // A bug that escapes every handler is logged with its stack; the process carries on serving.
  process.on("unhandledRejection", (reason) => ctx.log.error({ err: reason }, "unhandled promise rejection"));

  let stopping: Promise<void> | null = null;
  const slack = createSlackApp(ctx, {
    onTokenRejected: (e) => {
      process.stderr.write(`${e.message}\n`);
      void shutdown("token rejected", 1);
    },
    onFrontLost: (e) => {
      ctx.log.error({ err: e }, "no longer taking Slack's requests");
      void shutdown("HTTP front thread lost", 1);
    },
  });
  const shutdown = (reason: string, code = 0): Promise<void> => {
    stopping ??= (async () => {
      ctx.log.info({ reason }, "shutting down");
      const force = setTimeout(() => {
        ctx.log.error("shutdown took too long; exiting now");
        process.exit(code || 1);
      }, DRAIN_MS + 3000);
      force.unref();
      await Promise.all([scheduler?.stop(DRAIN_MS), slack.stop().catch((e: unknown) => ctx.log.warn({ err: e }, "stopping Slack"))]);
      if (!(await slack.idle(DRAIN_MS))) ctx.log.warn("requests still running at shutdown");
      await Promise.all([ctx.db.$disconnect(), closeChartPool()]);
      ctx.log.info("stopped");
      process.exit(code);
    })();
    return stopping;
  };
  let scheduler: ReturnType<typeof startScheduler> | null = null;
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const { port } = await slack.start();
  if (stopping) return;
  // Linux keeps a nice value per thread: this thread (answers, deliveries, and the chart-drawing process it
  // starts later, which inherits the value) now yields the CPU to the thread that acks when both want it (HTTP mode; README, "Performance").
  if (!ctx.config.slack.appToken) yieldToTheFront(ctx.log);
  ctx.log.info({ port, mode: ctx.config.slack.appToken ? "socket" : "http", slack: slack.status.slack }, "board bot is running");
  scheduler = startScheduler(ctx, createWebClient(ctx.config, ctx.log));
}

main().catch(fail);

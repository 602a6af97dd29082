// Composition root: settings → database → Slack app → scheduler.
import { bootstrap } from "./bootstrap.js";
import { ConfigError, loadDotEnv, startMode } from "./config.js";
import { startScheduler } from "./scheduler/cron.js";
import { createSlackApp } from "./slack/app.js";
import { createWebClient } from "./slack/client.js";

async function main(): Promise<void> {
  // No Slack app configured (and not production): the local sandbox instead.
  loadDotEnv();
  if (startMode() === "sandbox") {
    const { runSandbox } = await import("./sandbox/run.js");
    return runSandbox([], "No Slack app is configured");
  }

  const ctx = await bootstrap();
  const slack = createSlackApp(ctx);
  const { port } = await slack.start();
  ctx.log.info({ port, mode: ctx.config.slack.appToken ? "socket" : "http" }, "board bot is running");
  const scheduler = startScheduler(ctx, createWebClient(ctx.config, ctx.log));

  const shutdown = async (signal: string) => {
    ctx.log.info({ signal }, "shutting down");
    scheduler.stop();
    await slack.stop().catch(() => undefined);
    await ctx.db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\nSee .env.example for every setting.\n`);
  } else {
    process.stderr.write(`The bot could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exit(1);
});

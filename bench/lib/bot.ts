// The bot under test: the compiled dist/ (scripts/build.sh) started by
// scripts/run.sh, as production runs it, on a database of the benchmark's, with its Web
// API pointed at the benchmark's Slack. Its clock (CLOCK_START) is set so that
// every real minute boundary, when its cron ticks, falls 30 s into a minute of
// Monday 6 July 2026: a digest or reminder set for that minute falls due at
// that tick, and not at the one before.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../src/paths.js";
import { type BenchSlack, BOT_TOKEN } from "./bench-slack.js";
import { ADMIN, DATA_DIR, FAKE_EPOCH } from "./data.js";
import { SIGNING_SECRET } from "./load.js";
import { freePort, type NodeProcess, startProcess, waitHealthy } from "./processes.js";

const run = promisify(execFile);
export const MAIN = join(PROJECT_ROOT, "dist", "src", "main.js");
/** How the bot is run in production: node with its flags and settings (scripts/node-flags). */
export const RUN = join(PROJECT_ROOT, "scripts", "run.sh");
export const CLI = join(PROJECT_ROOT, "dist", "src", "cli", "main.js");

/** Compile src/ to dist/ (only when a source changed, as npm start does). */
export async function buildDist(): Promise<void> {
  await run("bash", [join(PROJECT_ROOT, "scripts", "build.sh")], { cwd: PROJECT_ROOT });
}

export interface Bot {
  proc: NodeProcess;
  pid: number;
  port: number;
  eventsUrl: string;
  /** The bot's clock minus the real clock, less 30 s: a whole number of minutes. The fake minute at real minute boundary B is B + minuteOffsetMs. */
  minuteOffsetMs: number;
  stop(): Promise<void>;
}

/** Environment every bot process gets (plus its database). */
export function botEnv(slackApiUrl: string, databaseUrl: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    DATABASE_URL: databaseUrl,
    ADMIN_USER_IDS: ADMIN,
    COUNCIL_NAME: "Benchshire",
  };
}

export async function startBot(slack: BenchSlack, databaseUrl: string, extraEnv: Record<string, string> = {}, fakeStart = FAKE_EPOCH): Promise<Bot> {
  const port = await freePort();
  const realStart = Date.now();
  // The clock starts at fakeStart + x, x chosen so that (bot clock - real clock) is 30 s past a whole minute.
  const x = (realStart + 30_000) % 60_000;
  const clockStart = new Date(fakeStart.getTime() + x);
  // BENCH_BOT_NODE_ARGS: node arguments for the bot alone, to look inside a run (e.g. --cpu-prof --cpu-prof-dir=/abs/dir).
  const env = {
    ...botEnv(slack.apiUrl, databaseUrl),
    PORT: String(port),
    CLOCK_START: clockStart.toISOString(),
    BOT_NODE_ARGS: process.env.BENCH_BOT_NODE_ARGS ?? "",
    ...extraEnv,
  };
  const proc = startProcess("bash", [RUN], env, DATA_DIR);
  await waitHealthy(`http://127.0.0.1:${port}/healthz`, proc);
  return {
    proc,
    pid: proc.pid,
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    minuteOffsetMs: clockStart.getTime() - realStart - 30_000,
    stop: () => proc.stop(),
  };
}

/** The next real minute boundary at least `leadMs` from now, and the bot's minute then (whose tick falls 30 s into it). */
export function nextTick(bot: Bot, leadMs: number): { at: number; fakeMinute: Date } {
  const now = Date.now();
  let at = Math.ceil(now / 60_000) * 60_000;
  while (at - now < leadMs) at += 60_000;
  return { at, fakeMinute: new Date(at + bot.minuteOffsetMs) };
}

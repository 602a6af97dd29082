// The sandbox: a local Slack (the emulator and its page) and the bot, started
// as any deployment starts it (bootstrap, Bolt app, scheduler) with its
// settings pointed at the emulator. The bot is not told it is in a sandbox:
// it gets a bot token, a signing secret and SLACK_API_URL, like anywhere else.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { bootstrap } from "../bootstrap.js";
import { describeSchedule, nextSlot } from "../domain/digest-schedule.js";
import { createLogger, type Logger } from "../log.js";
import { type Scheduler, startScheduler } from "../scheduler/cron.js";
import { runDue } from "../scheduler/run-due.js";
import type { Context } from "../services/context.js";
import { digestSchedules } from "../services/digests.js";
import { createSlackApp } from "../slack/app.js";
import { createWebClient } from "../slack/client.js";
import { seedDemoData } from "./demo-data.js";
import { ADMIN, BOARD_CHANNEL, DEMO_USERS } from "./demo-users.js";
import { PageServer } from "./server.js";
import { SlackEmulator } from "./slack-emulator/index.js";
import { People } from "./slack-emulator/people.js";

export const SANDBOX_DATABASE_URL = "file:./data/sandbox.db";

export interface SandboxOptions {
  /** Where the page listens: loopback unless asked otherwise. */
  host?: string;
  port?: number;
  databaseUrl?: string;
  /** Start again from clean demonstration data. */
  fresh?: boolean;
  /** The environment the bot's other settings (TIMEZONE, reminders…) come from. */
  env?: NodeJS.ProcessEnv;
  /** The bot's own every-minute scheduler, as in production (tests may turn it off). */
  scheduler?: boolean;
  log?: Logger;
}

export interface Sandbox {
  url: string;
  port: number;
  slack: SlackEmulator;
  /** The bot's context (its database, settings and clock). */
  ctx: Context;
  stop(): Promise<void>;
}

const LEVELS = ["debug", "info", "warn", "error"];

/**
 * The sandbox's clock: real time until someone runs what is due at a later
 * instant, then that instant and on from there. So a reminder "sent" on
 * Monday is answered on Monday, as it would be, and a button stays stale once
 * answered. It only moves forward; `--fresh` starts again at real time.
 */
export class DemoClock {
  private offset = 0;
  readonly now = (): Date => new Date(Date.now() + this.offset);
  readonly millis = (): number => Date.now() + this.offset;

  /** Move to this instant if it is later; says whether it moved. */
  moveTo(at: Date): boolean {
    if (at.getTime() <= this.millis()) return false;
    this.offset = at.getTime() - Date.now();
    return true;
  }

  get ahead(): boolean {
    return this.offset > 60_000;
  }
}

export function sandboxLogger(env: NodeJS.ProcessEnv): Logger {
  const level = String(env.LOG_LEVEL ?? "").toLowerCase();
  return createLogger(LEVELS.includes(level) ? level : "info");
}

function removeSqlite(url: string): void {
  // As the bot's settings read it: a relative path is relative to the working directory.
  const path = resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}

export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const env = o.env ?? process.env;
  const log = o.log ?? sandboxLogger(env);
  const host = o.host ?? "127.0.0.1";
  const databaseUrl = o.databaseUrl ?? SANDBOX_DATABASE_URL;
  if (!databaseUrl.startsWith("file:")) throw new Error("the sandbox keeps its demonstration data in its own SQLite file (file:…)");
  if (o.fresh) removeSqlite(databaseUrl);

  // Fresh secrets each run: only this process can sign requests to the bot or call the emulator as the bot.
  const botToken = `xoxb-sandbox-${randomBytes(12).toString("hex")}`;
  const signingSecret = randomBytes(16).toString("hex");
  const clock = new DemoClock();
  // Each run is a new workspace (nothing of the last one's messages or files survives it), so it has a
  // team id of its own: the bot then knows files it uploaded to the last run's are not here.
  const teamId = `T${randomBytes(5).toString("hex").toUpperCase()}`;
  const slack = new SlackEmulator({ botToken, teamId, teamName: "Demo Council" }, clock.millis);
  slack.onViolation = (problem) => log.warn({ problem }, "the bot did something real Slack would refuse");
  for (const u of DEMO_USERS) slack.workspace.addPerson(u);
  slack.workspace.addChannel(BOARD_CHANNEL.id, BOARD_CHANNEL.name, BOARD_CHANNEL.topic);
  const endpoint = { url: "", signingSecret };
  const people = new People(slack, endpoint);

  let ctx: Context | null = null;
  let scheduler: Scheduler | null = null;
  let botPort = 0;
  const page = new PageServer({
    slack,
    people,
    users: DEMO_USERS,
    channels: [BOARD_CHANNEL],
    timezone: env.TIMEZONE?.trim() || "Europe/London",
    log,
    hooks: {
      runDue: async (at) => {
        if (!ctx) throw new Error("the bot is still starting");
        const when = at ?? clock.now();
        clock.moveTo(when);
        // Exactly what `npm run cli -- run-due --now <at>` does, in this process,
        // while the bot's own tick waits (it would otherwise claim some of it first).
        const c = ctx;
        const run = () => runDue({ ...c, now: () => when }, createWebClient(c.config, c.log), when);
        return { ...(await (scheduler ? scheduler.alone(run) : run())) };
      },
      clock: () => ({ now: clock.now(), ahead: clock.ahead }),
      upcoming: async () => (ctx ? upcoming(ctx) : []),
      health: async () => {
        const res = await fetch(`http://127.0.0.1:${botPort}/healthz`).catch(() => null);
        return res ? { status: res.status, body: await res.text() } : { status: 503, body: JSON.stringify({ status: "starting" }) };
      },
    },
  });
  const { port } = await page.listen(host, o.port ?? 3000);
  // The bot runs in this process, so it reaches the emulator on loopback whatever the page's address.
  slack.setBaseUrl(`http://127.0.0.1:${port}`);

  try {
    // The bot's settings: the real environment for everything but Slack and the database.
    const botEnv: NodeJS.ProcessEnv = {
      ...env,
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_APP_TOKEN: "",
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: databaseUrl,
      PORT: "0",
      ADMIN_USER_IDS: ADMIN.id,
      COUNCIL_NAME: env.COUNCIL_NAME?.trim() || "Demo Council, made-up data",
      // One line at start-up says where the page is; the bot's own start-up chatter waits for LOG_LEVEL=info.
      LOG_LEVEL: env.LOG_LEVEL?.trim() || "warn",
    };
    ctx = { ...(await bootstrap(botEnv)), now: clock.now };
    if (await seedDemoData(ctx)) log.debug("demonstration data seeded");
    const bot = createSlackApp(ctx, { host: "127.0.0.1" }); // only this computer: the sandbox signs its requests
    botPort = (await bot.start()).port;
    endpoint.url = `http://127.0.0.1:${botPort}/slack/events`;
    scheduler = o.scheduler === false ? null : startScheduler(ctx, createWebClient(ctx.config, ctx.log));
    const shown = ["127.0.0.1", "::1", "localhost"].includes(host) ? "localhost" : host.includes(":") ? `[${host}]` : host;
    const started = ctx;
    return {
      url: `http://${shown}:${port}`,
      port,
      slack,
      ctx: started,
      async stop() {
        await scheduler?.stop(2000);
        await bot.stop().catch(() => undefined);
        await page.close();
        await started.db.$disconnect();
      },
    };
  } catch (e) {
    await page.close();
    await ctx?.db.$disconnect();
    throw e;
  }
}

/** The next digest and reminder instants, so a user can run them without waiting. */
async function upcoming(ctx: Context): Promise<{ label: string; at: Date }[]> {
  const now = ctx.now();
  const zone = ctx.config.timezone;
  const out = (await digestSchedules(ctx)).map((s) => ({ label: `Digest #${s.id} (${describeSchedule(s.spec)})`, at: nextSlot(s.spec, now, zone) }));
  const weekly = ctx.config.reminders.weekly;
  out.push({ label: "Weekly action reminders", at: nextSlot({ cadence: "weekly", dayOfWeek: weekly.dayOfWeek, time: weekly.time }, now, zone) });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

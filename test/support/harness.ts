// The real app (Bolt's HTTP receiver, a real SQLite file) on a free port,
// with its Web API pointed at the Slack emulator, and helpers that talk to it as
// Slack does: signed, form-encoded requests.
import { type Config, loadConfig } from "../../src/config.js";
import { createDb } from "../../src/db/client.js";
import { createLogger, type Logger } from "../../src/log.js";
import { interactivityBody, signedHeaders, slashCommandBody } from "../../src/sandbox/slack-emulator/index.js";
import type { Context } from "../../src/services/context.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import { type CliResult, runTs } from "./cli.js";
import { BOT_TOKEN, type FakeSlack, startFakeSlack, TEAM_ID } from "./fake-slack.js";
import { blockActions } from "./payloads.js";
import { freshTestDatabase } from "./test-database.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const ADMIN = "U0ADMIN0001";
export const RECORDER = "U0RECORD001";
export const READER = "U0READER001";
export const CHANNEL = "C0BOARD0001";

export interface Harness {
  fake: FakeSlack;
  ctx: Context;
  clock: { now: Date };
  baseUrl: string;
  slack: SlackApp;
  /** A signed slash command; resolves with the reply posted to its response_url. */
  command(user: string, text: string, opts?: { command?: string; channel?: string; noReply?: boolean }): Promise<Reply>;
  /** A raw signed POST to /slack/events. */
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  /** A signed interactivity payload (block_actions, view_submission). */
  interact(payload: Record<string, unknown>): Promise<Response>;
  /** Click a confirmation button (Replace, Keep, Store anyway…) of a reply, as `user`; resolves with what the bot answered. */
  click(user: string, reply: Reply, actionId: "confirm:yes" | "confirm:no"): Promise<Reply>;
  stop(): Promise<void>;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  /** Every text in the reply's blocks, joined: what the user reads. */
  text: string;
}

/** The value of the button with this action_id in a message's blocks, or null. */
export function buttonValue(body: Record<string, unknown>, actionId: string): string | null {
  for (const b of (body.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    for (const e of b.elements ?? []) if (e.action_id === actionId && typeof e.value === "string") return e.value;
  }
  return null;
}

export function blocksText(body: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") out.push(o.text);
      for (const [k, val] of Object.entries(o)) if (k !== "text" || typeof val !== "string") walk(val);
    }
  };
  walk(body.blocks ?? []);
  return out.join("\n");
}

let seq = 0;

export interface HarnessOptions {
  env?: Record<string, string>;
  now?: Date;
  log?: Logger;
  /** The URL the bot uses for its database (a test's TCP proxy in front of it), given the database's own. */
  route?: (databaseUrl: string) => string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const database = await freshTestDatabase();
  const config: Config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: options.route ? options.route(database.url) : database.url,
    PORT: "0",
    ADMIN_USER_IDS: ADMIN,
    ...options.env,
  });
  const clock = { now: options.now ?? new Date("2017-07-03T09:00:00Z") };
  const ctx: Context = {
    db: createDb(config.databaseUrl, config.database),
    config,
    log: options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    now: () => clock.now,
  };
  const slack = createSlackApp(ctx, { retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 }, backoff: { minMs: 50, maxMs: 200 } });
  const { port } = await slack.start();
  const baseUrl = `http://127.0.0.1:${port}`;

  const post = (body: string, contentType: string, headers: Record<string, string> = signedHeaders(SIGNING_SECRET, body, contentType)) =>
    fetch(`${baseUrl}/slack/events`, { method: "POST", headers, body });

  return {
    fake,
    ctx,
    clock,
    baseUrl,
    slack,
    post,
    async command(user, text, opts = {}) {
      const id = `r${++seq}`;
      const body = slashCommandBody({
        teamId: TEAM_ID,
        user,
        userName: user.toLowerCase(),
        channel: opts.channel ?? CHANNEL,
        channelName: "safeguarding-board",
        command: opts.command ?? "/kpi",
        text,
        responseUrl: fake.responseUrl(id),
        triggerId: `1337.42.${id}`,
      });
      const res = await post(body, "application/x-www-form-urlencoded");
      if (res.status !== 200 || opts.noReply) return { status: res.status, body: {}, text: "" };
      const reply = await fake.waitForResponse(id);
      return { status: res.status, body: reply, text: blocksText(reply) };
    },
    interact(payload) {
      return post(interactivityBody(payload), "application/x-www-form-urlencoded");
    },
    async click(user, reply, actionId) {
      const value = buttonValue(reply.body, actionId);
      if (value === null) throw new Error(`no ${actionId} button in: ${reply.text}`);
      const id = `r${++seq}`;
      const payload = blockActions({ user, actionId, value, channel: CHANNEL, ts: "1500000000.000100", responseUrl: fake.responseUrl(id) });
      const res = await post(interactivityBody(payload), "application/x-www-form-urlencoded");
      const answer = await fake.waitForResponse(id);
      return { status: res.status, body: answer, text: blocksText(answer) };
    },
    async stop() {
      await slack.stop();
      await ctx.db.$disconnect();
      await fake.stop();
      await database.drop();
    },
  };
}

/** `npm run cli -- <args>` as a separate process, on the harness's database and fake Slack. */
export function runCli(h: Harness, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return runTs(
    "src/cli/main.ts",
    args,
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: h.fake.apiUrl,
      DATABASE_URL: h.ctx.config.databaseUrl,
      LOG_LEVEL: "error",
      ADMIN_USER_IDS: ADMIN,
      ...env,
    },
    timeoutMs,
  );
}

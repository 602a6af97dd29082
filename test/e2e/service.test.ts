// The bot as a council's servers run it: compiled, under plain node, from any
// working directory; migrating only when it must; stopped by SIGTERM; refusing
// to run on a token Slack rejects.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { PNG } from "pngjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/paths.js";
import { signedHeaders, slashCommandBody } from "../../src/sandbox/slack-emulator/index.js";
import { tmpDir } from "../support/cli.js";
import { BOT_TOKEN, type FakeSlack, startFakeSlack, TEAM_ID } from "../support/fake-slack.js";
import { SIGNING_SECRET } from "../support/harness.js";
import { emptyTestDatabase, type TestDatabase } from "../support/test-database.js";

const run = promisify(execFile);
const MAIN = join(PROJECT_ROOT, "dist/src/main.js");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => {
      c.destroy();
      resolve(false);
    });
    c.once("error", () => resolve(true));
  });

interface Bot {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
  /** Every process holding the output pipes (the command and what it started) has gone. */
  closed: Promise<void>;
}

let fake: FakeSlack;
const running: Bot[] = [];

const databases: TestDatabase[] = [];
/** A new, empty database of the run's kind: the bot migrates it at start-up. */
async function newDatabase(): Promise<string> {
  const database = await emptyTestDatabase();
  databases.push(database);
  return database.url;
}

function startBot(opts: { command: string; args: string[]; cwd: string; databaseUrl: string; env?: Record<string, string> }): Promise<Bot> {
  return freePort().then((port) => {
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/root",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        DATABASE_URL: opts.databaseUrl,
        PORT: String(port),
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr?.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const bot = { child, port, output: () => out, exited, closed };
    running.push(bot);
    return bot;
  });
}

async function health(bot: Bot, timeoutMs = 60_000): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (bot.child.exitCode !== null) throw new Error(`the bot exited (${bot.child.exitCode}):\n${bot.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      return { status: res.status, body: await res.json() };
    } catch {
      if (Date.now() > deadline) throw new Error(`no /healthz after ${timeoutMs} ms:\n${bot.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The bot's output reaches us through a pipe, a little after it happens. */
async function until(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(bot: Bot, signal: NodeJS.Signals = "SIGTERM"): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  bot.child.kill(signal);
  const code = await bot.exited;
  await bot.closed; // and everything it wrote has arrived
  return { code, ms: Date.now() - started };
}

beforeAll(async () => {
  await run("bash", [join(PROJECT_ROOT, "scripts/build.sh")]); // compiles only if the sources changed
  fake = await startFakeSlack();
}, 180_000);
afterEach(async () => {
  for (const b of running.splice(0)) {
    if (b.child.exitCode === null) b.child.kill("SIGKILL");
    await b.exited;
  }
  for (const d of databases.splice(0)) await d.drop();
});
afterAll(async () => fake.stop());

describe("the compiled bot", () => {
  it("starts with plain node from another directory, reports ok, and stops on SIGTERM with exit code 0", async () => {
    const elsewhere = tmpDir("elsewhere-");
    const bot = await startBot({ command: process.execPath, args: [MAIN], cwd: elsewhere, databaseUrl: await newDatabase() });
    expect(await health(bot)).toEqual({ status: 200, body: { status: "ok", database: "ok", slack: "ok" } });
    expect(fake.callsTo("auth.test").length).toBeGreaterThan(0);
    // The bot's own thread has yielded to the thread that acks (Linux: a nice value per thread, field 19 of its stat).
    const nice = (tid: string) => Number(readFileSync(`/proc/${bot.child.pid}/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);
    expect(nice(String(bot.child.pid))).toBe(10);
    expect(readdirSync(`/proc/${bot.child.pid}/task`).map(nice)).toContain(0);
    const { code } = await stop(bot);
    expect(code).toBe(0);
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(await portIsFree(bot.port)).toBe(true);
  });

  it("draws a chart in a worker thread from the compiled code, and still stops cleanly", async () => {
    const dir = tmpDir("chart-");
    const bot = await startBot({ command: process.execPath, args: [MAIN], cwd: dir, databaseUrl: await newDatabase(), env: { ADMIN_USER_IDS: "U0ADMIN0001" } });
    await health(bot);
    const command = async (text: string, id: string) => {
      const body = slashCommandBody({
        teamId: TEAM_ID,
        user: "U0ADMIN0001",
        userName: "admin",
        channel: "C0BOARD0001",
        channelName: "board",
        command: "/kpi",
        text,
        responseUrl: fake.responseUrl(id),
        triggerId: `1.2.${id}`,
      });
      const res = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
        method: "POST",
        headers: signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded"),
        body,
      });
      expect(res.status).toBe(200);
    };
    await command("cp-plans 276 2017-05", "svc-chart-1");
    await fake.waitForResponse("svc-chart-1");
    await command("cp-plans 281 2017-06", "svc-chart-2");
    await fake.waitForResponse("svc-chart-2");
    const before = fake.callsTo("files.completeUploadExternal").length;
    await command("cp-plans chart", "svc-chart-3");
    const call = await fake.waitFor(() => fake.callsTo("files.completeUploadExternal")[before], "the chart's upload", 30_000);
    const file = fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!;
    expect(PNG.sync.read(file.bytes).width).toBe(1120); // drawn by dist/src/charts/worker.js
    const { code } = await stop(bot);
    expect(code).toBe(0); // node-canvas used from a thread must not crash the process at exit
  });

  it("connects in Socket Mode from the compiled code (its WebSocket client loaded only then) and answers a command", async () => {
    const dir = tmpDir("socket-");
    const opened = fake.socketsOpened;
    const bot = await startBot({
      command: process.execPath,
      args: [MAIN],
      cwd: dir,
      databaseUrl: await newDatabase(),
      env: { SLACK_APP_TOKEN: "xapp-1-A0123456789-test", SLACK_SIGNING_SECRET: "", ADMIN_USER_IDS: "U0ADMIN0001" },
    });
    await health(bot);
    await fake.waitFor(() => fake.socketsOpened > opened && fake.socketConnections > 0, "a Socket Mode connection", 30_000);
    fake.sendEnvelope({
      envelope_id: "svc-env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        team_id: TEAM_ID,
        channel_id: "C0BOARD0001",
        user_id: "U0ADMIN0001",
        command: "/kpi",
        text: "cp-plans 276 2017-06",
        response_url: fake.responseUrl("svc-socket-1"),
        trigger_id: "1.2.3",
      },
    });
    expect(JSON.stringify(await fake.waitForResponse("svc-socket-1", 30_000))).toContain("Recorded *276* for `cp-plans`");
    const { code } = await stop(bot);
    expect(code).toBe(0);
  });

  it("runs Prisma's migrate on a new database, and no migrate process on the second start", async () => {
    const dir = tmpDir("migrate-once-");
    const trace = join(dir, "processes.log");
    // Every node process started under this environment writes its arguments here.
    const tracer = join(dir, "trace.cjs");
    writeFileSync(tracer, `require("node:fs").appendFileSync(${JSON.stringify(trace)}, process.argv.slice(1).join(" ") + "\\n");`);
    const env = { NODE_OPTIONS: `--require ${tracer}` };
    const migrateRuns = () =>
      readFileSync(trace, "utf8")
        .split("\n")
        .filter((l) => l.includes("migrate deploy")).length;

    const databaseUrl = await newDatabase();
    const first = await startBot({ command: process.execPath, args: [MAIN], cwd: dir, databaseUrl, env });
    expect((await health(first)).status).toBe(200);
    expect((await stop(first)).code).toBe(0);
    const afterFirst = migrateRuns();
    expect(afterFirst).toBeGreaterThan(0);

    const second = await startBot({ command: process.execPath, args: [MAIN], cwd: dir, databaseUrl, env });
    expect((await health(second)).status).toBe(200);
    expect((await stop(second)).code).toBe(0);
    expect(migrateRuns()).toBe(afterFirst);
    expect(second.output()).not.toContain("database migrated");
  });

  it("stops at start-up, naming SLACK_BOT_TOKEN, when Slack rejects the token", async () => {
    fake.script("auth.test", { error: "invalid_auth" });
    const dir = tmpDir("rejected-");
    const bot = await startBot({ command: process.execPath, args: [MAIN], cwd: dir, databaseUrl: await newDatabase() });
    expect(await bot.exited).toBe(1);
    await bot.closed;
    expect(bot.output()).toContain("Slack rejected SLACK_BOT_TOKEN (invalid_auth)");
    expect(bot.output()).not.toContain("board bot is running");
    expect(bot.output()).not.toContain(BOT_TOKEN);
    expect(await portIsFree(bot.port)).toBe(true);
  });

  it("stops at start-up, naming PORT, when another program holds the port", async () => {
    const holder = createServer();
    const port = await new Promise<number>((resolve) => holder.listen(0, () => resolve((holder.address() as { port: number }).port)));
    try {
      const bot = await startBot({
        command: process.execPath,
        args: [MAIN],
        cwd: tmpDir("port-taken-"),
        databaseUrl: await newDatabase(),
        env: { PORT: String(port) },
      });
      expect(await bot.exited).toBe(1);
      await bot.closed;
      expect(bot.output()).toContain(`PORT: ${port} is in use by another program`);
      expect(bot.output()).not.toContain("board bot is running");
    } finally {
      holder.close();
    }
  });

  it("keeps running, saying slack unreachable, while Slack cannot be reached at start-up", async () => {
    const dir = tmpDir("unreachable-");
    const bot = await startBot({
      command: process.execPath,
      args: [MAIN],
      cwd: dir,
      databaseUrl: await newDatabase(),
      env: { SLACK_API_URL: "http://127.0.0.1:9/api/" },
    });
    expect(await health(bot)).toEqual({ status: 200, body: { status: "ok", database: "ok", slack: "unreachable" } });
    await until(() => bot.output().includes("Slack did not answer auth.test; will try again"), "the log line saying it will try again");
    expect((await stop(bot)).code).toBe(0);
  });
});

describe("npm start", () => {
  it("passes SIGTERM to the bot: every process gone and the port free within a few seconds", async () => {
    const marker = `--board-bot-test-${process.pid}-${Date.now()}`;
    const bot = await startBot({ command: "npm", args: ["start", "--", marker], cwd: PROJECT_ROOT, databaseUrl: await newDatabase() });
    expect((await health(bot, 120_000)).status).toBe(200);
    const started = Date.now();
    bot.child.kill("SIGTERM");
    await bot.closed; // npm and the bot it started share the output pipes: closed once both have gone
    expect(Date.now() - started).toBeLessThan(8000);
    expect(bot.output()).toContain('"reason":"SIGTERM","msg":"shutting down"');
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(await portIsFree(bot.port)).toBe(true);
    const { stdout } = await run("ps", ["-eo", "args"]);
    expect(stdout.split("\n").filter((l) => l.includes(marker))).toEqual([]);
  });
});

// The sandbox without a browser: `npm start` with no Slack app, the
// production refusal, the demonstration data, --fresh, and the page server's
// guards (it acts as any demo user, so only its own page may call it).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordersOf } from "../../src/db/roles.js";
import { createLogger } from "../../src/log.js";
import { LEFT_FOR_THE_RECORDER } from "../../src/sandbox/demo-data.js";
import { ADMIN, BOARD_CHANNEL, DEMO_USERS, RECORDER } from "../../src/sandbox/demo-users.js";
import { MADE_UP_NOTE } from "../../src/sandbox/made-up-series.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/start.js";
import { runTs, tmpDir } from "../support/cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("npm start with no Slack app", () => {
  it("runs the sandbox on localhost:PORT, says so in one line with the URL, and stops cleanly", async () => {
    const port = await freePort();
    const cwd = tmpDir("start-"); // its data/sandbox.db, and no .env
    // One process (tsx as a loader, not its CLI, whose signal relay gives up after 30 ms on a busy machine).
    const loader = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
    const child = spawn(process.execPath, ["--import", loader, join(ROOT, "src/main.ts")], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", PORT: String(port) },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    const url = `http://localhost:${port}`;
    const deadline = Date.now() + 100_000;
    while (!out.includes(url) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    try {
      expect(out, out).toContain(url);
      const lines = out.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 30,
        url,
        msg: expect.stringContaining("No Slack app is configured: Board Bot is running in a local sandbox"),
      });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Local demonstration, not Slack");
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(existsSync(join(cwd, "data/sandbox.db"))).toBe(true);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    expect(child.exitCode).toBe(0);
  });

  it("stops with the configuration error instead when NODE_ENV is production", async () => {
    const r = await runTs("src/main.ts", [], { NODE_ENV: "production", PORT: String(await freePort()) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SLACK_BOT_TOKEN is required");
    expect(r.stderr).not.toContain("sandbox");
  });
});

describe("the sandbox", () => {
  let sandbox: Sandbox;
  const databaseUrl = `file:${join(tmpDir("sandbox-"), "sandbox.db")}`;
  const start = (fresh = false) => startSandbox({ port: 0, databaseUrl, fresh, scheduler: false, env: { LOG_LEVEL: "error" }, log: createLogger("silent") });

  beforeAll(async () => {
    sandbox = await start(true);
  });
  afterAll(async () => sandbox?.stop());

  const api = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${sandbox.port}${path}`, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
    api(path, { method: "POST", headers, body: JSON.stringify(body) });

  it("is seeded with demonstration data through the services, each figure saying what it is", async () => {
    const db = sandbox.ctx.db;
    const real = await db.measurement.findFirst({ where: { indicatorKey: "cp-plans", period: "2017-06" } });
    expect(real).toMatchObject({ value: 276, note: "Signs of Safety rollout; real figure: Stockton cabinet report 14 September 2017" });
    const madeUp = await db.measurement.count({ where: { note: { startsWith: MADE_UP_NOTE } } });
    const realOnes = await db.measurement.count({ where: { note: { contains: "real figure: " } } });
    expect(madeUp).toBeGreaterThan(29 * 35);
    expect(realOnes).toBe(16); // every row of resources/seed-figures.csv
    expect(await db.measurement.count()).toBe(madeUp + realOnes);
    expect(await db.action.count()).toBe(8);
    expect(await db.digestSchedule.count({ where: { channelId: BOARD_CHANNEL.id } })).toBe(1);
    expect(await recordersOf(db, LEFT_FOR_THE_RECORDER)).toEqual([RECORDER.id]);
    expect(sandbox.ctx.config.adminUserIds).toEqual([ADMIN.id]);
    expect(await db.auditEntry.count({ where: { actor: "sandbox:demo-data" } })).toBeGreaterThan(0);
  });

  it("gives the bot ordinary settings pointed at the emulator, with secrets of its own", () => {
    const c = sandbox.ctx.config;
    expect(c.slack.apiUrl).toBe(`http://127.0.0.1:${sandbox.port}/api/`);
    expect(c.slack.botToken).toMatch(/^xoxb-sandbox-[0-9a-f]{24}$/);
    expect(c.slack.appToken).toBeNull();
    expect(c.councilName).toContain("made-up data"); // in every chart title
  });

  it("serves the page with a policy that loads nothing from elsewhere, and the bot's health", async () => {
    const page = await api("/");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await (await api("/healthz")).json()).toEqual({ status: "ok", database: "ok", slack: "ok" });
    const state = (await (await api("/sandbox/state")).json()) as { users: { id: string; role: string }[] };
    expect(state.users.map((u) => u.id)).toEqual(DEMO_USERS.map((u) => u.id));
  });

  it("refuses requests that did not come from its own page", async () => {
    // A page from another site whose name now points here (DNS rebinding); fetch() cannot set Host.
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: "127.0.0.1", port: sandbox.port, path: "/sandbox/state", headers: { host: `evil.example:${sandbox.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(rebound).toBe(403);
    const typed = { user: ADMIN.id, channel: BOARD_CHANNEL.id, text: "/kpi list" };
    expect((await post("/sandbox/type", typed, { "content-type": "text/plain" })).status).toBe(415); // a form from another site
    expect((await post("/sandbox/type", typed, { "content-type": "application/json", origin: "http://evil.example" })).status).toBe(403);
    expect((await post("/sandbox/type", { ...typed, user: "U0NOBODY001" })).status).toBe(400);
    expect((await api("/files/F0000000999")).status).toBe(404);
  });

  it("keeps its data across a restart, and starts again clean with --fresh", async () => {
    expect((await post("/sandbox/type", { user: RECORDER.id, channel: BOARD_CHANNEL.id, text: `/kpi ${LEFT_FOR_THE_RECORDER} 431` })).status).toBe(200);
    const recorded = () => sandbox.ctx.db.measurement.count({ where: { indicatorKey: LEFT_FOR_THE_RECORDER, recordedBy: RECORDER.id } });
    await sandbox.slack.waitFor(() => sandbox.slack.responses.length > 0, "the reply", 30_000);
    expect(await recorded()).toBe(1);
    const count = await sandbox.ctx.db.measurement.count();
    await sandbox.stop();
    sandbox = await start();
    expect(await recorded()).toBe(1);
    expect(await sandbox.ctx.db.measurement.count()).toBe(count);
    await sandbox.stop();
    sandbox = await start(true);
    expect(await recorded()).toBe(0);
    expect(await sandbox.ctx.db.measurement.count()).toBe(count - 1);
  });
});

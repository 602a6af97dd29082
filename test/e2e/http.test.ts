// The HTTP surface: signatures, stale timestamps, content types, health.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signedHeaders, slackSignature } from "../support/slack-signer.js";
import { ADMIN, SIGNING_SECRET, blocksText, startHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const form = (text: string) =>
  new URLSearchParams({ command: "/kpi", text, user_id: ADMIN, channel_id: "C0BOARD0001", team_id: "T0123456789", response_url: "http://127.0.0.1:9/none", trigger_id: "1.2.3" }).toString();

describe("request verification", () => {
  it("refuses a forged signature with 401 and records nothing", async () => {
    const body = form("cp-plans 1 2017-06");
    const headers = signedHeaders("wrongsecretwrongsecret", body, "application/x-www-form-urlencoded");
    const res = await h.post(body, "application/x-www-form-urlencoded", headers);
    expect(res.status).toBe(401);
    expect(await h.ctx.db.measurement.count()).toBe(0);
  });

  it("refuses a stale timestamp with 401, even correctly signed", async () => {
    const body = form("cp-plans 1 2017-06");
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.post(body, "application/x-www-form-urlencoded", signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded", old));
    expect(res.status).toBe(401);
    expect(await h.ctx.db.measurement.count()).toBe(0);
  });

  it("refuses a missing signature with 401", async () => {
    const body = form("list");
    const res = await h.post(body, "application/x-www-form-urlencoded", { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)) });
    expect(res.status).toBe(401);
  });

  it("accepts a correct signature (the signer and Bolt agree)", async () => {
    const body = form("help");
    const ts = Math.floor(Date.now() / 1000);
    const res = await h.post(body, "application/x-www-form-urlencoded", {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": slackSignature(SIGNING_SECRET, ts, body),
    });
    expect(res.status).toBe(200);
  });
});

describe("health", () => {
  it("answers 200 when the database answers", async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("health when the database is down", () => {
  it("answers 503", async () => {
    const { createDb } = await import("../../src/db/client.js");
    const { createSlackApp } = await import("../../src/slack/app.js");
    const { loadConfig } = await import("../../src/config.js");
    const { createLogger } = await import("../../src/log.js");
    // Nothing listens on port 1: the database cannot answer.
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1234567890-test-token", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: h.fake.apiUrl, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none", PORT: "0" });
    const ctx = { db: createDb(config.databaseUrl), config, log: createLogger("silent"), now: () => new Date() };
    const app = createSlackApp(ctx);
    const { port } = await app.start();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable" });
    } finally {
      await app.stop();
    }
  });
});

describe("the three-second ack", () => {
  it("acks the command before the reply is sent", async () => {
    const release = h.fake.holdResponses(); // Slack is slow to take the reply: the ack must not wait for it
    try {
      const acked = h.command(ADMIN, "list", { noReply: true });
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no ack while the reply was held")), 5000));
      expect((await Promise.race([acked, timeout])).status).toBe(200);
    } finally {
      release();
    }
    const reply = await h.fake.waitFor(() => h.fake.responses.at(-1)?.body, "the reply");
    expect(reply.response_type).toBe("ephemeral");
    expect(blocksText(reply)).toContain("`cp-plans`");
  });
});

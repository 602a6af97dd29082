// The HTTP surface: signatures, stale timestamps, content types, health.
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { interactivityBody, signedHeaders, slackSignature } from "../../src/sandbox/slack-emulator/index.js";
import { ADMIN, blocksText, type Harness, SIGNING_SECRET, startHarness } from "../support/harness.js";
import { viewSubmission } from "../support/payloads.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const form = (text: string) =>
  new URLSearchParams({
    command: "/kpi",
    text,
    user_id: ADMIN,
    channel_id: "C0BOARD0001",
    team_id: "T0123456789",
    response_url: "http://127.0.0.1:9/none",
    trigger_id: "1.2.3",
  }).toString();

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
    const res = await h.post(body, "application/x-www-form-urlencoded", {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
    });
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

describe("requests that are signed but malformed", () => {
  const FORM = "application/x-www-form-urlencoded";
  const bodies: [string, string, string][] = [
    ["payload=null", FORM, "payload=null"],
    ["a payload that is a list", FORM, `payload=${encodeURIComponent("[]")}`],
    ["a payload that is a string", FORM, `payload=${encodeURIComponent('"block_actions"')}`],
    ["a payload without a type", FORM, `payload=${encodeURIComponent("{}")}`],
    ["a payload that is not JSON", FORM, "payload=%7Bnot-json"],
    ["two payloads", FORM, "payload=%7B%7D&payload=%7B%7D"],
    ["a form that is not a command", FORM, "hello=world"],
    ["a JSON null", "application/json", "null"],
    ["JSON that is not JSON", "application/json", "{"],
    ["an event without a type", "application/json", "{}"],
    ["an unknown content type", "text/plain", "hello"],
  ];

  it.each(bodies)("answers %s with 400, and the bot carries on", async (_name, type, body) => {
    const res = await h.post(body, type);
    expect(res.status).toBe(400);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const r = await h.command(ADMIN, "cp-plans");
    expect(r.status).toBe(200);
  });

  it("acks a well-formed payload that no listener expects, without crashing", async () => {
    // A button is acked as it arrives (before Bolt reads it, on the bot's thread, and fails).
    const res = await h.interact({ type: "block_actions", actions: "not-a-list", user: null, team: null });
    expect(res.status).toBe(200);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await h.command(ADMIN, "cp-plans")).text).toContain("cp-plans");
  });
});

describe("timestamps and replays", () => {
  it("refuses a request stamped more than five minutes in the future", async () => {
    const body = form("cp-plans 1 2017-06");
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await h.post(body, "application/x-www-form-urlencoded", signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded", future));
    expect(res.status).toBe(401);
    expect(await h.ctx.db.measurement.count({ where: { indicatorKey: "cp-plans", period: "2017-06" } })).toBe(0);
  });

  it("answers a replayed request without applying it again", async () => {
    const r = await h.command(ADMIN, "cp-plans 301 2017-03");
    expect(r.text).toContain("301");
    const body = new URLSearchParams({
      command: "/kpi",
      text: "cp-plans 302 2017-04", // another period: a correction would ask first
      user_id: ADMIN,
      channel_id: "C0BOARD0001",
      team_id: "T0123456789",
      response_url: h.fake.responseUrl("replay"),
      trigger_id: "1.2.3",
    }).toString();
    const headers = signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded");
    expect((await h.post(body, "application/x-www-form-urlencoded", headers)).status).toBe(200);
    await h.fake.waitForResponse("replay");
    const auditsBefore = await h.ctx.db.auditEntry.count();
    expect((await h.post(body, "application/x-www-form-urlencoded", headers)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.ctx.db.auditEntry.count()).toBe(auditsBefore);
    expect(h.fake.responses.filter((x) => x.id === "replay")).toHaveLength(1);
    expect((await h.ctx.db.measurement.findFirst({ where: { indicatorKey: "cp-plans", period: "2017-04" } }))?.value).toBe(302);
  });
});

describe("replays across replicas (one database, two bot processes behind a load balancer)", () => {
  /** A second bot on the harness's database and fake Slack, as another replica would be. */
  async function secondReplica(): Promise<{ post: (body: string, headers: Record<string, string>) => Promise<Response>; stop: () => Promise<void> }> {
    const { createDb } = await import("../../src/db/client.js");
    const { createSlackApp } = await import("../../src/slack/app.js");
    const ctx = { ...h.ctx, db: createDb(h.ctx.config.databaseUrl, h.ctx.config.database) };
    const app = createSlackApp(ctx, { retryConfig: { retries: 0 } });
    const { port } = await app.start();
    return {
      post: (body, headers) => fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers, body }),
      stop: async () => {
        await app.stop();
        await ctx.db.$disconnect();
      },
    };
  }

  const recordBody = (text: string, responseId: string) =>
    new URLSearchParams({
      command: "/kpi",
      text,
      user_id: ADMIN,
      channel_id: "C0BOARD0001",
      team_id: "T0123456789",
      response_url: h.fake.responseUrl(responseId),
      trigger_id: "1.2.3",
    }).toString();

  it("answers a replay sent to the other replica without applying it again", async () => {
    const other = await secondReplica();
    try {
      const body = recordBody("cp-plans 302 2017-04", "first");
      const headers = signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded");
      expect((await h.post(body, "application/x-www-form-urlencoded", headers)).status).toBe(200);
      await h.fake.waitForResponse("first");
      const auditsBefore = await h.ctx.db.auditEntry.count();
      expect((await other.post(body, headers)).status).toBe(200);
      // A request the other replica does apply, sent after the replay, shows that it has finished with the replay.
      const next = recordBody("cp-plans 303 2017-05", "next");
      expect((await other.post(next, signedHeaders(SIGNING_SECRET, next, "application/x-www-form-urlencoded"))).status).toBe(200);
      await h.fake.waitForResponse("next");
      expect(await h.ctx.db.auditEntry.count()).toBe(auditsBefore + 1);
      expect(h.fake.responses.filter((x) => x.id === "first")).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it("answers a form submission replayed to the other replica without applying it (forms apply before they ack)", async () => {
    const other = await secondReplica();
    try {
      await h.ctx.db.action.create({ data: { ref: "9.1", theme: "Workforce", title: "Recruit six social workers", ownerId: ADMIN, due: "2030-01-31" } });
      const submit = (note: string) =>
        interactivityBody(
          viewSubmission({
            user: ADMIN,
            callbackId: "plan_status_modal",
            privateMetadata: JSON.stringify({ ref: "9.1", status: "at_risk", t: Date.now() }),
            values: { note: { value: { type: "plain_text_input", value: note } } },
          }),
        );
      const body = submit("two posts still vacant");
      const headers = signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded");
      expect((await h.post(body, "application/x-www-form-urlencoded", headers)).status).toBe(200);
      expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "9.1" } })).toBe(1);
      const replayed = await other.post(body, headers);
      expect(replayed.status).toBe(200);
      expect(await replayed.text()).toBe(""); // acked: the form closes, as it did the first time
      expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "9.1" } })).toBe(1);
      // The same form, newly signed, is applied by that replica: the replay was refused for being a replay.
      const again = submit("one post filled");
      expect((await other.post(again, signedHeaders(SIGNING_SECRET, again, "application/x-www-form-urlencoded"))).status).toBe(200);
      expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "9.1" } })).toBe(2);
    } finally {
      await other.stop();
    }
  });

  it("applies a request sent to both replicas at once exactly once", async () => {
    const other = await secondReplica();
    try {
      const body = recordBody("cp-plans 310 2017-02", "both");
      const headers = signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded");
      const sent = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? other.post(body, headers) : h.post(body, "application/x-www-form-urlencoded", headers))),
      );
      expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      await h.fake.waitForResponse("both");
      const next = recordBody("cp-plans 311 2017-01", "after");
      expect((await h.post(next, "application/x-www-form-urlencoded", signedHeaders(SIGNING_SECRET, next, "application/x-www-form-urlencoded"))).status).toBe(
        200,
      );
      await h.fake.waitForResponse("after");
      expect(h.fake.responses.filter((x) => x.id === "both")).toHaveLength(1);
      expect(await h.ctx.db.auditEntry.count({ where: { subject: "cp-plans@2017-02" } })).toBe(1);
    } finally {
      await other.stop();
    }
  });

  it("keeps a hash of each signature, not the signature, and purges those whose time has passed", async () => {
    await h.ctx.db.seenRequest.create({ data: { signatureHash: "expired", expiresAt: new Date(Date.now() - 60_000) } });
    const r = await h.command(ADMIN, "cp-plans");
    expect(r.status).toBe(200);
    // The purge runs off the request's path: wait for it, a bounded while.
    for (let i = 0; i < 50 && (await h.ctx.db.seenRequest.count({ where: { signatureHash: "expired" } })) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await h.ctx.db.seenRequest.count({ where: { signatureHash: "expired" } })).toBe(0);
    const kept = await h.ctx.db.seenRequest.findMany();
    expect(kept.length).toBeGreaterThan(0);
    for (const k of kept) expect(k.signatureHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("health", () => {
  it("answers 200 when the database answers", async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", slack: "ok" });
  });
});

describe("health when the database is down", () => {
  it("answers 503", async () => {
    const { createDb } = await import("../../src/db/client.js");
    const { createSlackApp } = await import("../../src/slack/app.js");
    const { loadConfig } = await import("../../src/config.js");
    const { createLogger } = await import("../../src/log.js");
    // Nothing listens on port 1: the database cannot answer.
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1234567890-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: h.fake.apiUrl,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none",
      PORT: "0",
    });
    const ctx = { db: createDb(config.databaseUrl), config, log: createLogger("silent"), now: () => new Date() };
    const app = createSlackApp(ctx);
    const { port } = await app.start();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", database: "unavailable", slack: "ok" });
    } finally {
      await app.stop();
    }
  });
});

describe("the three-second ack", () => {
  it("acks a command while the bot's own thread is busy (the front thread acks it)", async () => {
    // The bot runs on this thread; a worker thread sends the command and raises a flag when it is acked.
    // This thread then blocks outright (Atomics.wait) until the flag is raised: an ack that needed the
    // bot's thread could not come until the wait gave up, after 10 s.
    const body = form("cp-plans");
    const headers = signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded");
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const sender = new Worker(
      `const { workerData: w } = require("node:worker_threads");
       fetch(w.url, { method: "POST", headers: w.headers, body: w.body }).then(
         (res) => { Atomics.store(w.flag, 1, res.status); Atomics.store(w.flag, 0, 1); Atomics.notify(w.flag, 0); },
         () => { Atomics.store(w.flag, 0, 2); Atomics.notify(w.flag, 0); });`,
      { eval: true, workerData: { url: `${h.baseUrl}/slack/events`, headers, body, flag } },
    );
    try {
      const outcome = Atomics.wait(flag, 0, 0, 10_000);
      expect(outcome === "timed-out" ? "no ack while the bot's thread was blocked" : "acked").toBe("acked");
      expect(Atomics.load(flag, 0)).toBe(1);
      expect(Atomics.load(flag, 1)).toBe(200);
    } finally {
      await sender.terminate();
    }
  });

  it("waits for the bot's ack of a form, and answers with what the bot acked (its errors)", async () => {
    await h.ctx.db.action.create({ data: { ref: "9.2", theme: "Workforce", title: "Recruit six social workers", ownerId: ADMIN, due: "2030-01-31" } });
    const res = await h.interact(
      viewSubmission({
        user: ADMIN,
        callbackId: "plan_status_modal",
        privateMetadata: JSON.stringify({ ref: "9.2", status: "at_risk", t: Date.now() }),
        values: { note: { value: { type: "plain_text_input", value: "" } } }, // at risk needs a note
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const answer = (await res.json()) as { response_action?: string; errors?: Record<string, string> };
    expect(answer.response_action).toBe("errors");
    expect(answer.errors?.note).toBeTruthy();
    expect(await h.ctx.db.actionUpdate.count({ where: { actionRef: "9.2" } })).toBe(0);
  });

  it("answers 404 to a form no listener acks, after Bolt's three seconds (Slack then shows the person an error)", async () => {
    const res = await h.interact(viewSubmission({ user: ADMIN, callbackId: "no_such_form", privateMetadata: "", values: {} }));
    expect(res.status).toBe(404);
    expect((await h.command(ADMIN, "cp-plans")).text).toContain("cp-plans"); // and carries on
  });

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

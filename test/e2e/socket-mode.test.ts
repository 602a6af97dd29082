// With SLACK_APP_TOKEN the bot uses Socket Mode (no public URL) and still serves /healthz.
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "../support/harness.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let h: Harness;
let port: number;
beforeEach(async () => {
  port = await freePort();
  h = await startHarness({ env: { SLACK_APP_TOKEN: "xapp-1-A0123456789-test", SLACK_SIGNING_SECRET: "", PORT: String(port) } });
  await h.fake.waitFor(() => h.fake.socketConnections > 0, "a Socket Mode connection");
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

describe("Socket Mode", () => {
  it("connects through apps.connections.open with the app-level token", () => {
    expect(h.fake.callsTo("apps.connections.open")).toHaveLength(1);
  });

  it("answers a slash command envelope: acks it, then replies", async () => {
    h.fake.sendEnvelope({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        token: "x",
        team_id: "T0123456789",
        team_domain: "council",
        channel_id: "C0BOARD0001",
        channel_name: "board",
        user_id: ADMIN,
        user_name: "admin",
        command: "/kpi",
        text: "cp-plans 276 2017-06",
        api_app_id: "A0123456789",
        is_enterprise_install: "false",
        response_url: h.fake.responseUrl("socket-1"),
        trigger_id: "1.2.3",
      },
    });
    await h.fake.waitFor(() => h.fake.socketAcks.find((a) => a.envelope_id === "env-1"), "the ack");
    const reply = await h.fake.waitForResponse("socket-1");
    expect(JSON.stringify(reply)).toContain("Recorded *276* for `cp-plans`");
    expect(await h.ctx.db.measurement.count()).toBe(1);
  });

  it("serves the health endpoint on PORT", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", slack: "ok" });
  });
});

describe("Socket Mode when Slack drops the connection", () => {
  const health = async () => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, string>;
  /** Ask /healthz every 50 ms until it says `slack: want`. */
  async function healthSays(want: string, timeoutMs = 10_000): Promise<Record<string, string>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const body = await health();
      if (body.slack === want) return body;
      if (Date.now() > deadline) throw new Error(`/healthz still says ${JSON.stringify(body)}, not slack: ${want}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("reports a rejected app token on reconnect, keeps running, and comes back when Slack accepts it", async () => {
    const opened = h.fake.socketsOpened;
    h.fake.script("apps.connections.open", { error: "invalid_auth" }, { error: "invalid_auth" }, { error: "invalid_auth" });
    h.fake.dropSockets();
    await healthSays("rejected");
    await h.fake.waitFor(() => h.fake.socketsOpened > opened, "a new connection once Slack accepts the token", 15_000);
    expect(await healthSays("ok")).toEqual({ status: "ok", database: "ok", slack: "ok" });
    expect(h.fake.callsTo("apps.connections.open").length).toBeGreaterThanOrEqual(4); // the first, three refused, the one that worked
  });

  it("says unreachable while the socket is down, then ok once it is back", async () => {
    h.fake.script("apps.connections.open", ...Array.from({ length: 4 }, () => ({ status: 500 })));
    h.fake.dropSockets();
    await healthSays("unreachable");
    await healthSays("ok", 20_000);
    expect(h.fake.socketConnections).toBe(1);
  });
});

// The emulator's rate limits (used by `npm run bench`): 429 with a Retry-After
// in whole seconds, as Slack answers, per channel for chat.postMessage and per
// method for the tiers; and Slack's own WebClient waiting and getting through.
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leastTimeSeconds, RateLimits, SlackEmulator } from "../../src/sandbox/slack-emulator/index.js";

const TOKEN = "xoxb-rate-limit-test";
let slack: SlackEmulator;
const clock = { now: 1_000_000 };

const post = (path: string, form: Record<string, string>) =>
  fetch(`${slack.apiUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });

beforeAll(async () => {
  slack = await new SlackEmulator({ botToken: TOKEN }).start();
  slack.rateLimits = new RateLimits(() => clock.now);
});
afterAll(async () => slack.stop());

describe("rate limits", () => {
  it("lets one message a second into a channel, answering 429 with Retry-After in whole seconds", async () => {
    slack.rateLimits!.reset();
    const refusedBefore = slack.refused.length; // the other tests' refusals, in whatever order they ran
    const first = await post("chat.postMessage", { channel: "C0RATE00001", text: "one" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true });

    clock.now += 300;
    const second = await post("chat.postMessage", { channel: "C0RATE00001", text: "two" });
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("1"); // 0.7 s to wait, rounded up
    expect(await second.json()).toEqual({ ok: false, error: "ratelimited" });
    expect(slack.refused.slice(refusedBefore).map((c) => c.args.text)).toEqual(["two"]);

    // Another channel is not held up; the first one is free again a second after its post.
    expect((await post("chat.postMessage", { channel: "C0RATE00002", text: "elsewhere" })).status).toBe(200);
    clock.now += 700;
    expect((await post("chat.postMessage", { channel: "C0RATE00001", text: "two again" })).status).toBe(200);
  });

  it("spends a tier's minute of calls at once, then one every 60/limit seconds (conversations.open: tier 3, 50 a minute)", async () => {
    slack.rateLimits!.reset();
    for (let i = 0; i < 50; i++) expect((await post("conversations.open", { users: `U0RATE${String(i).padStart(5, "0")}` })).status).toBe(200);
    const over = await post("conversations.open", { users: "U0RATE99999" });
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("2"); // 1.2 s until the next call, rounded up; 1.3 s later one more goes
    clock.now += 1300;
    expect((await post("conversations.open", { users: "U0RATE99999" })).status).toBe(200);
    expect((await post("conversations.open", { users: "U0RATE99998" })).status).toBe(429);
  });

  it("leaves methods Slack does not limit here, and is off unless set", async () => {
    slack.rateLimits!.reset();
    for (let i = 0; i < 5; i++) expect((await post("auth.test", {})).status).toBe(200);
    const limits = slack.rateLimits;
    slack.rateLimits = null;
    for (let i = 0; i < 3; i++) expect((await post("chat.postMessage", { channel: "C0RATE00003", text: `${i}` })).status).toBe(200);
    slack.rateLimits = limits;
  });

  it("is honoured by Slack's WebClient, which waits Retry-After and retries", async () => {
    const real = new SlackEmulator({ botToken: TOKEN });
    await real.start();
    real.rateLimits = new RateLimits();
    try {
      const client = new WebClient(TOKEN, { slackApiUrl: real.apiUrl, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 }, logLevel: LogLevel.ERROR });
      const started = Date.now();
      await client.chat.postMessage({ channel: "C0RATE00004", text: "a" });
      await client.chat.postMessage({ channel: "C0RATE00004", text: "b" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(real.callsTo("chat.postMessage").map((c) => c.args.text)).toEqual(["a", "b"]);
      expect(real.refused.map((c) => c.args.text)).toEqual(["b"]);
    } finally {
      await real.stop();
    }
  });
});

describe("leastTimeSeconds", () => {
  it("is the binding limit's time: posts to one channel a second apart, a tier's calls beyond its minute at its rate", () => {
    expect(leastTimeSeconds([])).toBe(0);
    const posts = (channel: string, n: number) => Array.from({ length: n }, () => ({ method: "chat.postMessage", channel }));
    expect(leastTimeSeconds([...posts("C1", 3), ...posts("C2", 1)])).toBe(2);
    const uploads = Array.from({ length: 300 }, () => ({ method: "files.completeUploadExternal" }));
    expect(leastTimeSeconds([...uploads, ...posts("C1", 50)])).toBe(120); // tier 4: 200 beyond the first 100, at 100 a minute
    expect(leastTimeSeconds(Array.from({ length: 200 }, () => ({ method: "conversations.open" })))).toBeCloseTo(180); // tier 3
  });
});

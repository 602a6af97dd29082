// DMs from the bot (src/slack/direct-messages.ts): each person's DM channel is
// asked of Slack once, asks go one at a time, and a remembered channel that
// Slack refuses is asked for again.
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RateLimits } from "../../src/sandbox/slack-emulator/index.js";
import { dm } from "../../src/slack/direct-messages.js";
import { BOT_TOKEN, FakeSlack } from "../support/fake-slack.js";

let slack: FakeSlack;
let client: WebClient;

const person = (i: number) => `U0DM${String(i).padStart(7, "0")}`;

beforeAll(async () => {
  slack = await new FakeSlack().start();
});
afterAll(async () => slack.stop());
beforeEach(() => {
  // A new client remembers nothing.
  client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } });
  slack.rateLimits = null;
});

describe("direct messages", () => {
  it("asks Slack for a person's DM channel once, however many messages follow", async () => {
    const before = slack.callsTo("conversations.open").length;
    const first = await dm(client, person(1), "one");
    const second = await dm(client, person(1), "two");
    await dm(client, person(2), "three");
    expect(second.channel).toBe(first.channel);
    expect(
      slack
        .callsTo("conversations.open")
        .slice(before)
        .map((c) => c.args.users),
    ).toEqual([person(1), person(2)]);
    expect(slack.workspace.messagesFor(first.channel, person(1)).map((m) => m.text)).toEqual(["one", "two"]);
  });

  it("asks once for a person sent two DMs at the same moment", async () => {
    const before = slack.callsTo("conversations.open").length;
    const [a, b] = await Promise.all([dm(client, person(3), "a"), dm(client, person(3), "b")]);
    expect(a.channel).toBe(b.channel);
    expect(slack.callsTo("conversations.open").length - before).toBe(1);
  });

  it("asks again when Slack refuses a remembered channel, and posts once", async () => {
    const { channel } = await dm(client, person(4), "before");
    slack.script("chat.postMessage", { error: "channel_not_found" });
    const opens = slack.callsTo("conversations.open").length;
    await dm(client, person(4), "after");
    expect(slack.callsTo("conversations.open").length - opens).toBe(1);
    expect(slack.workspace.messagesFor(channel, person(4)).map((m) => m.text)).toEqual(["before", "after"]);
  });

  it("does not ask again when Slack refuses the message itself", async () => {
    await dm(client, person(6), "short");
    slack.script("chat.postMessage", { error: "msg_too_long" });
    const opens = slack.callsTo("conversations.open").length;
    await expect(dm(client, person(6), "far too long")).rejects.toMatchObject({ data: { error: "msg_too_long" } });
    expect(slack.callsTo("conversations.open").length - opens).toBe(0);
  });

  it("passes on Slack's word when the person cannot be reached", async () => {
    await dm(client, person(5), "while here");
    slack.script("chat.postMessage", { error: "channel_not_found" });
    slack.script("conversations.open", { error: "user_not_found" });
    await expect(dm(client, person(5), "after leaving")).rejects.toMatchObject({ data: { error: "user_not_found" } });
    // Nothing remembered for them now: the next DM asks Slack again.
    const opens = slack.callsTo("conversations.open").length;
    await dm(client, person(5), "back again");
    expect(slack.callsTo("conversations.open").length - opens).toBe(1);
  });

  it("asks for DM channels one at a time, so Slack's tier-3 limit refuses each late ask once at most", async () => {
    // Slack allows conversations.open about 50 times a minute (tier 3). 55
    // people due a DM at once: 50 go straight through, then the rest each wait
    // out one 429 (about 6 s). Asked all together, every waiting ask retries at
    // each Retry-After and most are refused again.
    slack.rateLimits = new RateLimits();
    client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 10 } });
    const refused = slack.refused.length;
    const people = Array.from({ length: 55 }, (_, i) => person(100 + i));
    const sent = await Promise.all(people.map((p) => dm(client, p, "your actions this week")));
    expect(new Set(sent.map((s) => s.channel)).size).toBe(55);
    const refusals = slack.refused.slice(refused);
    expect(refusals.every((c) => c.method === "conversations.open")).toBe(true);
    expect(refusals.length).toBeGreaterThan(0); // the limit did bind
    expect(refusals.length).toBeLessThanOrEqual(5);
  }, 30_000);
});

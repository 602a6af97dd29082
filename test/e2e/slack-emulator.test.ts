// The Slack emulator shared by the sandbox and the tests: Slack's own Web API
// client against it, and what each call does to the workspace a page shows.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackEmulator } from "../../src/sandbox/slack-emulator/index.js";
import { People, SLACKBOT } from "../../src/sandbox/slack-emulator/people.js";

const TOKEN = "xoxb-emulator-test";
const ALICE = "U0ALICE0001";
const BOB = "U0BOB000001";
const CH = "C0CHAN00001";

let slack: SlackEmulator;
let client: WebClient;
/** A stand-in for the bot's /slack/events: records what Slack sent, answers as told. */
let bot: Server;
const received: { type: string; body: string; signature: string }[] = [];
let answer: { status: number; body: string } = { status: 200, body: "" };
let people: People;

beforeAll(async () => {
  slack = await new SlackEmulator({ botToken: TOKEN }).start();
  slack.workspace.addPerson({ id: ALICE, name: "Alice Adams", handle: "alice" });
  slack.workspace.addPerson({ id: BOB, name: "Bob Brown" });
  slack.workspace.addChannel(CH, "board");
  client = new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  bot = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ type: String(req.headers["content-type"]), body: Buffer.concat(chunks).toString(), signature: String(req.headers["x-slack-signature"]) });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((r) => bot.listen(0, "127.0.0.1", r));
  people = new People(slack, {
    url: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`,
    signingSecret: "8f742231b10e8888abcd99yyyzzz85a5",
  });
});

afterAll(async () => {
  bot.closeAllConnections();
  await new Promise<void>((r) => bot.close(() => r()));
  await slack.stop();
});

const lastReceived = () => received.at(-1)!;
const payloadOf = (body: string) => JSON.parse(new URLSearchParams(body).get("payload")!) as Record<string, unknown>;

describe("the Web API", () => {
  it("answers auth.test as the bot (Bolt and the start-up check call it)", async () => {
    const r = await client.auth.test();
    expect(r).toMatchObject({ ok: true, user_id: "U0BOTUSER01", team_id: "T0123456789" });
  });

  it("keeps what the bot posts, updates and deletes, ephemeral messages for one person only", async () => {
    const CH = "C0POSTS0001"; // its own channel: other tests post to the shared one, in any order
    slack.workspace.addChannel(CH, "posts");
    const posted = await client.chat.postMessage({ channel: CH, text: "hello", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*hello*" } }] });
    await client.chat.postEphemeral({ channel: CH, user: ALICE, text: "just for Alice" });
    expect(slack.workspace.messagesFor(CH, ALICE).map((m) => m.text)).toEqual(["hello", "just for Alice"]);
    expect(slack.workspace.messagesFor(CH, BOB).map((m) => m.text)).toEqual(["hello"]);
    await client.chat.update({ channel: CH, ts: posted.ts!, text: "hello again" });
    expect(slack.workspace.find(CH, posted.ts!)).toMatchObject({ text: "hello again", edited: true, version: 2 });
    await expect(client.chat.update({ channel: CH, ts: "1.000001", text: "x" })).rejects.toMatchObject({ data: { error: "message_not_found" } });
    await client.chat.delete({ channel: CH, ts: posted.ts! });
    expect(slack.workspace.messagesFor(CH, BOB)).toEqual([]);
  });

  it("opens a DM per person, and a channel argument that is a user id posts there", async () => {
    const open = await client.conversations.open({ users: ALICE });
    expect(open.channel?.id).toBe("D0ALICE0001");
    await client.chat.postMessage({ channel: ALICE, text: "a reminder" });
    expect(slack.workspace.messagesFor("D0ALICE0001", ALICE).at(-1)?.text).toBe("a reminder");
  });

  it("takes an upload in three steps and shows the file in the channel with its alt text", async () => {
    await client.filesUploadV2({
      channel_id: CH,
      file: Buffer.from("PNG bytes"),
      filename: "chart.png",
      title: "Trend",
      alt_text: "A line rising from 3 to 9",
      initial_comment: "asked for a chart",
    });
    const m = slack.workspace.messagesFor(CH, BOB).at(-1)!;
    expect(m.text).toBe("asked for a chart");
    const file = slack.workspace.files.get(m.files![0]!)!;
    expect(file).toMatchObject({ filename: "chart.png", title: "Trend", altText: "A line rising from 3 to 9", uploaded: true });
    expect(file.bytes.toString()).toBe("PNG bytes");
  });

  it("opens a modal for the person whose action gave the trigger, and publishes each person's Home", async () => {
    const trigger = slack.newTrigger(ALICE);
    const opened = await client.views.open({ trigger_id: trigger, view: { type: "modal", title: { type: "plain_text", text: "Done: 2.3" }, blocks: [] } });
    expect(slack.workspace.topModal(ALICE)?.id).toBe(opened.view?.id);
    expect(slack.workspace.topModal(BOB)).toBeUndefined();
    await client.views.publish({ user_id: BOB, view: { type: "home", blocks: [{ type: "divider" }] } });
    expect(slack.workspace.home(BOB)?.view).toMatchObject({ type: "home" });
  });

  it("flags what real Slack would refuse: unknown arguments, missing ones, oversized blocks", async () => {
    const before = slack.violations.length;
    await client.apiCall("chat.postMessage", { channel: CH, text: "x", colour: "red" });
    await client.apiCall("chat.postMessage", { text: "nowhere" });
    await client.chat.postMessage({ channel: CH, text: "x", blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }] });
    expect(slack.violations.slice(before)).toEqual([
      "chat.postMessage: unknown argument colour",
      "chat.postMessage: missing required argument channel",
      "chat.postMessage: block 0 (header): header over 150",
    ]);
    expect(slack.workspace.messagesFor(CH, BOB).at(-1)?.problems).toEqual(["chat.postMessage: block 0 (header): header over 150"]);
    slack.violations.splice(before);
  });

  it("shows an image beside context text by slack_file id, and refuses an image Slack could not show, posting nothing", async () => {
    const up = (await client.filesUploadV2({ file: Buffer.from("PNG"), filename: "icon.png", title: "Icon", alt_text: "An icon" })) as unknown as {
      files: { files: { id: string }[] }[];
    };
    const icon = up.files[0]!.files[0]!.id;
    const csv = (
      (await client.filesUploadV2({ file: Buffer.from("a,b"), filename: "data.csv", title: "Data" })) as unknown as { files: { files: { id: string }[] }[] }
    ).files[0]!.files[0]!.id;
    const before = slack.violations.length;
    const count = () => slack.workspace.messagesFor(CH, BOB).length;
    const context = (image: Record<string, unknown>) => [
      {
        type: "context",
        elements: [
          { type: "image", ...image },
          { type: "mrkdwn", text: "SPC: concern" },
        ],
      },
    ];

    // Accepted: a file uploaded and shared nowhere, by id; an image by URL; an image as a section's accessory.
    const posted = count();
    await client.chat.postMessage({
      channel: CH,
      text: "x",
      blocks: context({ slack_file: { id: icon }, alt_text: "Special cause concern, higher" }) as never,
    });
    await client.chat.postMessage({ channel: CH, text: "x", blocks: context({ image_url: "https://example.com/i.png", alt_text: "An icon" }) as never });
    await client.chat.postMessage({
      channel: CH,
      text: "x",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "x" }, accessory: { type: "image", slack_file: { id: icon }, alt_text: "An icon" } }],
    });
    await client.views.publish({ user_id: BOB, view: { type: "home", blocks: context({ slack_file: { id: icon }, alt_text: "An icon" }) as never } });
    expect(count()).toBe(posted + 3);
    expect(slack.violations.slice(before)).toEqual([]);

    // Refused as Slack refuses them: invalid_blocks (views: invalid_arguments) with a json-pointer, and nothing posted.
    const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
    const refusing = new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    const refusal = async (image: Record<string, unknown>) => {
      const e = await refusing.chat.postMessage({ channel: CH, text: "x", blocks: context(image) as never }).catch((err: { data: unknown }) => err.data);
      return e as { ok: boolean; error: string; errors: string[] };
    };
    expect(await refusal({ slack_file: { id: "F0NOSUCHFILE" }, alt_text: "An icon" })).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      errors: ["invalid slack file F0NOSUCHFILE [json-pointer:/blocks/0/elements/0/slack_file]"],
    });
    expect((await refusal({ slack_file: { id: csv }, alt_text: "Not an image" })).errors).toEqual([
      `invalid slack file ${csv} [json-pointer:/blocks/0/elements/0/slack_file]`,
    ]);
    expect((await refusal({ slack_file: { id: "not-an-id" }, alt_text: "An icon" })).errors).toEqual([
      "input must match regex pattern: ^[F][A-Z0-9]{8,}$ [json-pointer:/blocks/0/elements/0/slack_file/id]",
    ]);
    expect((await refusal({ slack_file: { id: icon, url: "https://files.slack.com/x.png" }, alt_text: "An icon" })).errors).toEqual([
      "slack_file needs exactly one of id and url [json-pointer:/blocks/0/elements/0/slack_file]",
    ]);
    expect((await refusal({ slack_file: { id: icon } })).errors).toEqual(["an image needs alt_text [json-pointer:/blocks/0/elements/0/alt_text]"]);
    expect((await refusal({ slack_file: { id: icon }, image_url: "https://example.com/i.png", alt_text: "An icon" })).errors).toEqual([
      "an image needs exactly one of image_url and slack_file [json-pointer:/blocks/0/elements/0]",
    ]);
    expect((await refusal({ slack_file: { id: icon }, alt_text: "An icon", title: { type: "plain_text", text: "t" } })).errors).toEqual([
      "unknown field title of an image element [json-pointer:/blocks/0/elements/0/title]",
    ]);
    const home = await refusing.views
      .publish({ user_id: BOB, view: { type: "home", blocks: context({ slack_file: { id: "F0NOSUCHFILE" }, alt_text: "An icon" }) as never } })
      .catch((err: { data: unknown }) => err.data);
    expect(home).toMatchObject({
      ok: false,
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] invalid slack file F0NOSUCHFILE [json-pointer:/view/blocks/0/elements/0/slack_file]"] },
    });
    expect(count()).toBe(posted + 3);
    expect(slack.violations.slice(before)).toHaveLength(8);
    slack.violations.splice(before);
  });
});

describe("what people do, sent to the bot as Slack sends it", () => {
  it("sends a slash command, signed, with @mentions and #channels as Slack escapes them", async () => {
    await people.type(ALICE, CH, "/kpi cp-plans owner @alice @Bob Brown #board <b>");
    const r = lastReceived();
    expect(r.type).toBe("application/x-www-form-urlencoded");
    expect(r.signature).toMatch(/^v0=[0-9a-f]{64}$/);
    const form = new URLSearchParams(r.body);
    expect(form.get("command")).toBe("/kpi");
    expect(form.get("text")).toBe(`cp-plans owner <@${ALICE}> <@${BOB}> <#${CH}|board> &lt;b&gt;`);
    expect(form.get("user_id")).toBe(ALICE);
  });

  it("puts the bot's reply to the response_url where Slack would: privately, or in the channel, or over the original", async () => {
    await people.type(ALICE, CH, "/kpi help");
    const url = new URLSearchParams(lastReceived().body).get("response_url")!;
    const respond = (body: object) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await respond({ text: "only for you" });
    expect(slack.workspace.messagesFor(CH, ALICE).at(-1)).toMatchObject({ text: "only for you", ephemeralTo: ALICE, inReplyTo: "/kpi help" });
    expect(slack.workspace.messagesFor(CH, BOB).at(-1)?.text).not.toBe("only for you");
    await respond({ text: "for everyone", response_type: "in_channel" });
    expect(slack.workspace.messagesFor(CH, BOB).at(-1)?.text).toBe("for everyone");
    for (let i = 0; i < 4; i++) await respond({ text: `again ${i}` });
    expect(slack.violations.at(-1)).toMatch(/used more than 5 times/);
    slack.violations.pop();
  });

  it("sends a button click with the message it was in, and replace_original rewrites that message", async () => {
    const posted = await client.chat.postMessage({
      channel: CH,
      text: "reminder",
      blocks: [
        {
          type: "actions",
          block_id: "act:2.3",
          elements: [{ type: "button", action_id: "plan:done", value: "v", text: { type: "plain_text", text: "Done" } }],
        },
      ],
    });
    await people.clickInMessage(BOB, CH, posted.ts!, { actionId: "plan:done", blockId: "act:2.3", value: "v", text: "Done" });
    const payload = payloadOf(lastReceived().body);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: BOB },
      container: { type: "message", message_ts: posted.ts, channel_id: CH },
      actions: [{ action_id: "plan:done", block_id: "act:2.3", value: "v" }],
    });
    await fetch(String(payload.response_url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "answered", replace_original: true }),
    });
    expect(slack.workspace.find(CH, posted.ts!)).toMatchObject({ text: "answered", edited: true });
  });

  it("submits a modal's values by block and action, shows the bot's field errors, and closes it on an empty ack", async () => {
    await client.views.open({
      trigger_id: slack.newTrigger(BOB),
      view: {
        type: "modal",
        callback_id: "plan_due_modal",
        title: { type: "plain_text", text: "New date" },
        blocks: [
          { type: "input", block_id: "date", label: { type: "plain_text", text: "Date" }, element: { type: "datepicker", action_id: "value" } },
          { type: "input", block_id: "reason", label: { type: "plain_text", text: "Why" }, element: { type: "plain_text_input", action_id: "value" } },
        ],
      },
    });
    answer = { status: 200, body: JSON.stringify({ response_action: "errors", errors: { date: "is not in the future" } }) };
    expect(await people.submit(BOB, { date: "2020-01-01", reason: "late" })).toEqual({ ok: false, errors: { date: "is not in the future" } });
    const payload = payloadOf(lastReceived().body);
    expect(payload).toMatchObject({
      type: "view_submission",
      view: {
        callback_id: "plan_due_modal",
        state: {
          values: { date: { value: { type: "datepicker", selected_date: "2020-01-01" } }, reason: { value: { type: "plain_text_input", value: "late" } } },
        },
      },
    });
    expect(slack.workspace.topModal(BOB)).toBeDefined();
    answer = { status: 200, body: "" };
    expect(await people.submit(BOB, { date: "2030-01-01", reason: "late" })).toEqual({ ok: true });
    expect(slack.workspace.topModal(BOB)).toBeUndefined();
  });

  it("tells the app the Home tab was opened, and has Slackbot answer what the app cannot", async () => {
    await people.openApp(ALICE, "home");
    expect(lastReceived().type).toBe("application/json");
    expect(JSON.parse(lastReceived().body)).toMatchObject({
      type: "event_callback",
      event: { type: "app_home_opened", user: ALICE, tab: "home", channel: "D0ALICE0001" },
    });
    await people.type(ALICE, CH, "/weather");
    expect(slack.workspace.messagesFor(CH, ALICE).at(-1)).toMatchObject({
      user: SLACKBOT.id,
      ephemeralTo: ALICE,
      text: expect.stringContaining("`/weather` is not a valid command"),
    });
    answer = { status: 500, body: "" };
    await people.type(ALICE, CH, "/kpi list");
    expect(slack.workspace.messagesFor(CH, ALICE).at(-1)?.text).toBe('`/kpi` failed with the error "dispatch_failed"');
    answer = { status: 200, body: "" };
  });
});

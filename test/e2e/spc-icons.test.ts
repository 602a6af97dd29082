// Making Data Count's icons beside the SPC verdict in digests and the Home tab:
// drawn by the bot, uploaded to the workspace once (shared nowhere), shown by
// file id with alt text naming the icon, the words kept beside them; and when
// an icon cannot be uploaded or Slack refuses it, the words alone, sent once.
import { Writable } from "node:stream";
import { WebClient } from "@slack/web-api";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boltLogger, createLogger } from "../../src/log.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { importMetrics } from "../../src/services/imports.js";
import { BOT_TOKEN } from "../support/fake-slack.js";
import { ADMIN, type Harness, READER, runCli, startHarness } from "../support/harness.js";

const CH = "C0ICONS0001";
const MONDAYS = ["2017-07-10T08:00:30Z", "2017-07-17T08:00:30Z", "2017-07-24T08:00:30Z"];

type Json = Record<string, unknown>;
type Element = { type: string; text?: string; alt_text?: string; slack_file?: { id: string } };
type Block = { type: string; text?: { text: string }; elements?: Element[] };

let h: Harness;
let logs: Json[];
beforeEach(async () => {
  logs = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  h = await startHarness({ log: createLogger("warn", stream) });
  // Fifteen months of assessments around 86% against a target of 90%, then 60%: below the lower process
  // limit (special cause concern, low) and the target never met (consistent fail): red, and an exception.
  // Children on CP plans steady for twelve months: common cause.
  const assess = [86, 87, 85, 88, 86, 87, 86, 85, 87, 86, 88, 87, 86, 85, 60];
  const cp = [301, 305, 298, 303, 300, 306, 299, 302, 304, 297, 301, 303];
  const month = (i: number, of: number) => {
    const d = new Date(Date.UTC(2017, 5 - (of - 1 - i), 1)); // the last is June 2017
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  };
  const csv = [
    "key,period,value,note",
    ...assess.map((v, i) => `assess-45wd,${month(i, assess.length)},${v},`),
    ...cp.map((v, i) => `cp-plans,${month(i, cp.length)},${v},`),
  ].join("\n");
  expect(await importMetrics(h.ctx, csv, ADMIN)).toMatchObject({ ok: true });
  expect((await h.command(ADMIN, "assess-45wd target 90%")).text).toContain("90%");
  expect((await h.command(ADMIN, "digest add weekly mon 09:00 assess-45wd cp-plans", { channel: CH })).text).toContain("added");
});
afterEach(async () => h.stop());

const client = () => new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 }, logger: boltLogger(h.ctx.log) });
/** What the channel shows: each message posted there (a refused call posts nothing). */
const shown = () => h.fake.workspace.messagesFor(CH, READER).filter((m) => m.blocks);
const digests = () => shown().map((m) => m.blocks as Block[]);
/** Icons uploaded: files completed without a channel (charts go to the channel). */
const iconUploads = () => h.fake.callsTo("files.completeUploadExternal").filter((c) => !c.args.channel_id);
const images = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "context" ? (b.elements ?? []).filter((e) => e.type === "image") : []));
const contextWith = (blocks: Block[], text: string) => blocks.find((b) => b.type === "context" && b.elements?.some((e) => e.text?.includes(text)));

async function sendDigest(at: string): Promise<void> {
  const report = await runDue(h.ctx, client(), new Date(at));
  expect(report.failed).toEqual([]);
  expect(report.sent.filter((s) => s.startsWith("digest:"))).toHaveLength(1);
}

async function openHome(user: string): Promise<Json> {
  const before = h.fake.callsTo("views.publish").length;
  const body = JSON.stringify({
    token: "x",
    team_id: "T0123456789",
    api_app_id: "A0123456789",
    type: "event_callback",
    event_id: `Ev${Date.now()}`,
    event_time: 1,
    event: { type: "app_home_opened", user, channel: "D0000000002", tab: "home", event_ts: "1.2" },
  });
  expect((await h.post(body, "application/json")).status).toBe(200);
  await h.fake.waitFor(() => h.fake.callsTo("views.publish").length > before, "views.publish");
  return h.fake.workspace.home(user)!.view;
}

describe("the SPC icons", () => {
  it("stand beside an exception's verdict in the digest, and in the scorecard's key, as uploaded images with alt text", async () => {
    await sendDigest(MONDAYS[0]!);
    expect(digests()).toHaveLength(1);
    const blocks = digests()[0]!;

    // The exception: its verdict in words, after the images of its two icons.
    const verdict = contextWith(blocks, "SPC: Special cause variation, a concern: the latest figure is beyond the lower process limit")!;
    expect(verdict.elements!.map((e) => e.type)).toEqual(["image", "image", "mrkdwn"]);
    const [variation, assurance] = verdict.elements! as Element[];
    expect(variation!.alt_text).toBe("Special cause concern, lower");
    expect(assurance!.alt_text).toBe("Consistently failing the target");
    const file = h.fake.uploads.get(variation!.slack_file!.id)!;
    expect(file).toMatchObject({ filename: "spc-concern-low.png", altText: "Special cause concern, lower", uploaded: true, completed: true });
    expect(PNG.sync.read(file.bytes)).toMatchObject({ width: 64, height: 64 });
    expect(h.fake.uploads.get(assurance!.slack_file!.id)!.filename).toBe("spc-fail.png");

    // The scorecard keeps its words, and ends with the verdicts by icon.
    const text = JSON.stringify(blocks);
    expect(text).toContain("SPC: Concern (low) (trial limits), Target: fail");
    const key = (label: string) => contextWith(blocks, label)!.elements!;
    expect(key("SPC *Concern (low)*: `assess-45wd`")[0]).toEqual(variation);
    expect(key("SPC *Target: fail*: `assess-45wd`")[0]).toEqual(assurance);
    expect(key("SPC *Common cause*: `cp-plans`")[0]).toMatchObject({ type: "image", alt_text: "Common cause variation" });

    // Three icons, each uploaded once and shared nowhere; Slack accepted every block.
    expect(iconUploads()).toHaveLength(3);
    expect(h.fake.violations).toEqual([]);
  });

  it("stand beside the verdict on the Home tab, using the files the digest uploaded", async () => {
    await sendDigest(MONDAYS[0]!);
    const view = await openHome(READER);
    const blocks = view.blocks as Block[];
    const at = (s: string) => JSON.stringify(view).indexOf(s);
    expect(at("Indicators that need attention")).toBeGreaterThan(-1);
    const verdict = contextWith(blocks, "SPC: Concern (low) (trial limits), Target: fail")!;
    expect(verdict.elements!.map((e) => [e.type, e.alt_text])).toEqual([
      ["image", "Special cause concern, lower"],
      ["image", "Consistently failing the target"],
      ["mrkdwn", undefined],
    ]);
    expect(images(digests()[0]!).map((e) => e.slack_file!.id)).toContain(verdict.elements![0]!.slack_file!.id);
    expect(contextWith(blocks, "SPC *Common cause*: `cp-plans`")).toBeDefined();
    expect(at("SPC *Common cause*")).toBeGreaterThan(at("Indicators at a glance"));
    expect(iconUploads()).toHaveLength(3); // none again
    expect(h.fake.violations).toEqual([]);
  });

  it("leave the Home tab in words when Slack will not take the upload, published once", async () => {
    h.fake.script("files.getUploadURLExternal", { error: "ratelimited" });
    const view = await openHome(READER);
    expect(images(view.blocks as Block[])).toEqual([]);
    expect(contextWith(view.blocks as Block[], "SPC: Concern (low) (trial limits), Target: fail")).toBeDefined();
    expect(h.fake.callsTo("views.publish")).toHaveLength(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, error: "ratelimited", msg: expect.stringContaining("could not upload an SPC icon") }));
    expect(h.fake.violations).toEqual([]);
  });

  it("are uploaded once across two digests and a restart", async () => {
    await sendDigest(MONDAYS[0]!);
    await sendDigest(MONDAYS[1]!);
    // A restart: `run-due` in a process of its own, on the same database and workspace.
    const r = await runCli(h, ["run-due", "--now", MONDAYS[2]!]);
    expect(r.code, r.stderr).toBe(0);
    expect(digests()).toHaveLength(3);
    const ids = digests().map((b) =>
      images(b)
        .map((e) => e.slack_file!.id)
        .sort(),
    );
    expect(ids[0]!.length).toBeGreaterThan(0);
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    expect(iconUploads()).toHaveLength(3);
    expect(await h.ctx.db.slackImage.count()).toBe(3);
    expect(h.fake.violations).toEqual([]);
  });

  it("leave the words alone when an upload fails, the digest sent once and the failure logged; the next digest has them", async () => {
    h.fake.script("files.getUploadURLExternal", { error: "missing_scope" });
    await sendDigest(MONDAYS[0]!);
    expect(digests()).toHaveLength(1);
    const blocks = digests()[0]!;
    expect(images(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain("SPC: Special cause variation, a concern");
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CH)).toHaveLength(1);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 40, icon: "common_cause", error: "missing_scope", msg: expect.stringContaining("could not upload an SPC icon") }),
    );
    expect(await h.ctx.db.slackImage.count()).toBe(0);

    await sendDigest(MONDAYS[1]!);
    expect(images(digests()[1]!).length).toBeGreaterThan(0);
    expect(h.fake.violations).toEqual([]);
  });

  it("leave the words alone, sent once, when Slack refuses a remembered file, and are uploaded afresh next time", async () => {
    await sendDigest(MONDAYS[0]!);
    const first = images(digests()[0]!).map((e) => e.slack_file!.id);
    // Someone deleted the bot's files in Slack: a message naming one is refused (invalid_blocks), and posts nothing.
    for (const id of first) h.fake.uploads.delete(id);
    await sendDigest(MONDAYS[1]!);
    expect(digests()).toHaveLength(2);
    expect(images(digests()[1]!)).toEqual([]);
    expect(JSON.stringify(digests()[1])).toContain("SPC: Special cause variation, a concern");
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CH)).toHaveLength(3); // first, refused, words only
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, error: "invalid_blocks", forgotten: 3, msg: expect.stringContaining("Slack refused") }));
    // Each image of the refused message (two beside the verdict, three in the key) is one thing Slack refused.
    expect(h.fake.violations).toHaveLength(5);
    for (const v of h.fake.violations)
      expect(v).toMatch(/^chat\.postMessage: block \d+ \(context\): invalid slack file F\w+ \[json-pointer:\/blocks\/\d+\/elements\/\d\/slack_file\]$/);
    h.fake.violations.length = 0;

    await sendDigest(MONDAYS[2]!);
    const third = images(digests()[2]!).map((e) => e.slack_file!.id);
    expect(third.length).toBe(first.length);
    expect(third.some((id) => first.includes(id))).toBe(false);
    expect(iconUploads()).toHaveLength(6);
    expect(h.fake.violations).toEqual([]);
  });
});

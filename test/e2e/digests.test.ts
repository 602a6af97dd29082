// Digests end to end: added by slash command, sent by `npm run cli -- run-due`
// (a separate process on the same database), received by the fake Slack.
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDue as runDueNow } from "../../src/scheduler/run-due.js";
import { chartsDrawn } from "../../src/services/chart-pool.js";
import { createWebClient } from "../../src/slack/client.js";
import { ADMIN, type Harness, READER, runCli, startHarness } from "../support/harness.js";

// Each test: its own app, database and fake Slack, with these figures; it adds the digests it sends.
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  for (const text of [
    "assess-45wd target 90%",
    "assess-45wd 91 2017-04",
    "assess-45wd 88 2017-05",
    "assess-45wd 84 2017-06 two teams short",
    "cp-plans 307 2017-03",
    "cp-plans 276 2017-06",
    "s47 3 2017-06",
  ]) {
    await h.command(ADMIN, text);
  }
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const runDue = (now: string, env: Record<string, string> = {}) => runCli(h, ["run-due", "--now", now], env);
/** run-due in this process (to count the charts it draws), with the scheduler's own Web API client. */
const runDueHere = (harness: Harness, now: string) =>
  runDueNow({ ...harness.ctx, now: () => new Date(now) }, createWebClient(harness.ctx.config, harness.ctx.log), new Date(now));

const posts = (channel: string) => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);

describe("adding a digest", () => {
  it("is for admins only", async () => {
    const r = await h.command(READER, "digest add weekly mon 09:00", { channel: "C0BOARD0002" });
    expect(r.text).toContain("only admins can add or remove digests");
    expect(await h.ctx.db.digestSchedule.count()).toBe(0);
  });

  it("checks the bot can post there, and says how to invite it", async () => {
    h.fake.notInChannel.add("C0NOTIN0001");
    const r = await h.command(ADMIN, "digest add weekly mon 09:00", { channel: "C0NOTIN0001" });
    expect(r.text).toContain("invite me there with `/invite @Board Bot`");
    expect(await h.ctx.db.digestSchedule.count()).toBe(0);
  });
});

describe("run-due", () => {
  const CH = "C0BOARD0002";
  /** The Monday 09:00 digest of every indicator, in CH, first due Monday 10 July 2017 (the clock says 3 July). */
  async function addMondayDigest(): Promise<string> {
    return (await h.command(ADMIN, "digest add weekly mon 09:00", { channel: CH })).text;
  }
  const uploadsTo = (channel: string) => h.fake.callsTo("files.completeUploadExternal").filter((c) => c.args.channel_id === channel);

  it("sends the Monday 09:00 digest once, with its chart, and never twice", async () => {
    expect(await addMondayDigest()).toMatch(
      /Digest #\d+ added: <#C0BOARD0002> gets all indicators every Monday at 09:00 \(UK time\)\. The first is due Monday 10 July 2017 at 09:00/,
    );

    const first = await runDue("2017-07-10T08:00:30Z"); // 09:00:30 BST
    expect(first.code, first.stderr).toBe(0);
    expect(posts(CH)).toHaveLength(1);
    const msg = JSON.stringify(posts(CH)[0]!.args.blocks);
    expect(msg).toContain("Board scorecard: figures to June 2017");
    expect(msg).toContain("Single assessments completed within 45 working days");
    expect(msg).toContain("two teams short");
    const uploads = uploadsTo(CH);
    expect(uploads).toHaveLength(1);
    const fileId = (uploads[0]!.args.files as { id: string }[])[0]!.id;
    const file = h.fake.uploads.get(fileId)!;
    const png = PNG.sync.read(file.bytes);
    expect(png.width).toBeGreaterThan(800);
    expect(file.altText).toContain("latest 84% in June 2017");

    const again = await runDue("2017-07-10T08:00:30Z");
    expect(again.code).toBe(0);
    const later = await runDue("2017-07-10T08:20:00Z");
    expect(later.code).toBe(0);
    expect(posts(CH)).toHaveLength(1);
    expect(uploadsTo(CH)).toHaveLength(1);
  });

  it("sends one digest when the CLI and another run race for the same slot", async () => {
    await addMondayDigest();
    const [a, b] = await Promise.all([runDue("2017-07-10T08:00:00Z"), runDue("2017-07-10T08:00:00Z")]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(posts(CH)).toHaveLength(1);
    expect(uploadsTo(CH)).toHaveLength(1);
  });

  it("catches up once, marked late, after a restart less than a day late; older is recorded as missed", async () => {
    await addMondayDigest();
    const late = await runDue("2017-07-24T15:00:00Z"); // Monday 24 July's slot, six hours late
    expect(JSON.parse(late.stdout).late).toHaveLength(1);
    expect(posts(CH)).toHaveLength(1);
    expect(JSON.stringify(posts(CH)[0]!.args.blocks)).toContain("Sent late");
    const missed = await runDue("2017-08-01T12:00:00Z"); // Monday 31 July's slot is over a day old
    expect(JSON.parse(missed.stdout).missed).toHaveLength(1);
    expect(posts(CH)).toHaveLength(1);
    const row = await h.ctx.db.delivery.findFirst({ where: { slot: new Date("2017-07-31T08:00:00Z") } });
    expect(row?.status).toBe("missed");
  });

  it("sends many channels' digests at once: each once, each distinct image drawn once, a rate-limited post waited out", async () => {
    const all = ["C0FANOUT001", "C0FANOUT002", "C0FANOUT003", "C0FANOUT004", "C0FANOUT005", "C0FANOUT006"];
    const some = ["C0FANOUT007", "C0FANOUT008"];
    for (const channel of all) await h.command(ADMIN, "digest add weekly mon 09:00", { channel });
    for (const channel of some) await h.command(ADMIN, "digest add weekly mon 09:00 cp-plans s47", { channel });
    h.fake.script("chat.postMessage", { status: 429, retryAfter: 1 }); // Slack's limit of about a post a second
    const drawnBefore = chartsDrawn();
    const report = await runDueHere(h, "2017-07-10T08:00:30Z");
    expect(report.sent).toHaveLength(8);
    expect(report.retry).toEqual([]);
    expect(chartsDrawn() - drawnBefore).toBe(2); // one image for all indicators, one for the two: not eight
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(8 + 1); // the 429 was tried again, once
    for (const channel of [...all, ...some]) {
      expect(posts(channel)).not.toHaveLength(0);
      expect(uploadsTo(channel)).toHaveLength(1);
    }
    const bytes = (channel: string) => h.fake.uploads.get((uploadsTo(channel)[0]!.args.files as { id: string }[])[0]!.id)!.bytes;
    expect(bytes("C0FANOUT006").equals(bytes("C0FANOUT001"))).toBe(true);
    expect(bytes("C0FANOUT007").equals(bytes("C0FANOUT001"))).toBe(false);
    const statuses = await h.ctx.db.delivery.findMany({ where: { job: { startsWith: "digest:" } }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(Array(8).fill("sent"));
  });

  it("waits out a 429 and retries a 500, and posts exactly one digest", async () => {
    await addMondayDigest();
    h.fake.script("chat.postMessage", { status: 429, retryAfter: 1 }, { status: 500 });
    const r = await runDue("2017-07-10T08:00:00Z");
    expect(r.code, r.stderr).toBe(0);
    expect(posts(CH)).toHaveLength(3); // the 429, the 500, and the one that succeeded
    expect(uploadsTo(CH)).toHaveLength(1);
    expect(
      (await h.ctx.db.delivery.findMany({ where: { job: { startsWith: "digest:" }, slot: new Date("2017-07-10T08:00:00Z") } })).map((d) => d.status),
    ).toEqual(["sent"]);
  });

  it("records not_in_channel as a failure, stops retrying, and tells the digest's creator", async () => {
    await addMondayDigest();
    h.fake.notInChannel.add(CH); // the bot was removed from the channel after the digest was added
    const r = await runDue("2017-07-10T08:00:00Z");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).failed[0]).toContain("not_in_channel");
    const row = await h.ctx.db.delivery.findFirst({ where: { slot: new Date("2017-07-10T08:00:00Z") } });
    expect(row).toMatchObject({ status: "failed", error: "not_in_channel" });
    const dm = h.fake.callsTo("chat.postMessage").at(-1)!;
    expect(String(dm.args.channel)).toMatch(/^D/);
    expect(String(dm.args.text)).toContain("invite me there");
    const before = h.fake.callsTo("chat.postMessage").length;
    await runDue("2017-07-10T08:30:00Z");
    expect(h.fake.callsTo("chat.postMessage").length).toBe(before);
  });
});

describe("listing and removing digests", () => {
  it("refuses unknown keys, lists digests with their next slot, and removes one, audited", async () => {
    expect((await h.command(ADMIN, "digest add weekly fri 16:00 cp-plan", { channel: "C0BOARD0004" })).text).toContain("Did you mean `cp-plans`");
    const add = await h.command(ADMIN, "digest add monthly 1 09:00 cla", { channel: "C0BOARD0004" });
    const id = Number(/Digest #(\d+)/.exec(add.text)![1]);
    const list = await h.command(READER, "digest list");
    expect(list.text).toContain(`#${id}: <#C0BOARD0004> on day 1 of every month at 09:00, cla; next Tuesday 1 August 2017 at 09:00`);
    expect((await h.command(READER, `digest remove ${id}`)).text).toContain("only admins");
    expect((await h.command(ADMIN, `digest remove ${id}`)).text).toContain(`Digest #${id} for <#C0BOARD0004> removed`);
    expect((await h.command(ADMIN, `digest remove ${id}`)).text).toContain(`There is no digest #${id}`);
    expect((await h.command(READER, "digest list")).text).not.toContain(`#${id}:`);
    expect(await h.ctx.db.auditEntry.count({ where: { subject: `digest:${id}` } })).toBe(2);
  });
});

describe("small counts", () => {
  it("never shows counts of 1 to 5 in a channel when suppression is on", async () => {
    const CH = "C0SMALLS001";
    await h.command(ADMIN, "digest add weekly tue 09:00 s47 cp-plans", { channel: CH });
    const r = await runDue("2017-07-11T08:00:00Z", { SUPPRESS_SMALL_COUNTS: "true" });
    expect(r.code, r.stderr).toBe(0);
    const msg = JSON.stringify(posts(CH)[0]!.args.blocks);
    expect(msg).toContain("*fewer than 6*");
    expect(msg).not.toContain("*3*");
    const fileId = (h.fake.callsTo("files.completeUploadExternal").filter((c) => c.args.channel_id === CH)[0]!.args.files as { id: string }[])[0]!.id;
    const alt = h.fake.uploads.get(fileId)!.altText!;
    expect(alt).toContain("latest fewer than 6");
    expect(alt).not.toMatch(/latest 3\b/);
  });
});

describe("/kpi chart and export", () => {
  it("posts a chart PNG with alt text to the channel", async () => {
    const before = h.fake.callsTo("files.completeUploadExternal").length;
    const r = await h.command(READER, "assess-45wd chart", { channel: "C0BOARD0003", noReply: true });
    expect(r.status).toBe(200); // acked before the chart is drawn
    await h.fake.waitFor(() => h.fake.callsTo("files.completeUploadExternal").length > before, "the chart upload");
    const call = h.fake.callsTo("files.completeUploadExternal").at(-1)!;
    expect(call.args.channel_id).toBe("C0BOARD0003");
    const file = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!;
    expect(PNG.sync.read(file.bytes).width).toBe(1120); // 560 px at twice the density: legible at Slack's preview width
    expect(file.altText).toContain("target 90%, status Red");
  });

  it("says plainly when there is nothing to draw", async () => {
    expect((await h.command(READER, "adoptions chart")).text).toContain("nothing to draw");
  });

  it("uploads a CSV of every value to the user who asked", async () => {
    const r = await h.command(READER, "export");
    expect(r.text).toContain("sent you the CSV");
    const call = h.fake.callsTo("files.completeUploadExternal").at(-1)!;
    expect(String(call.args.channel_id)).toMatch(/^D/);
    const file = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!;
    expect(file.bytes.toString("utf8")).toContain("assess-45wd,2017-06,June 2017,84");
  });
});

// With SUPPRESS_SMALL_COUNTS on, nothing posted to a channel shows a count of 1 to 5.
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDue } from "../../src/scheduler/run-due.js";
import { BOT_TOKEN } from "../support/fake-slack.js";
import { ADMIN, type Harness, READER, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { SUPPRESS_SMALL_COUNTS: "true" } });
  for (const t of ["s47 12 2017-04", "s47 9 2017-05", "s47 3 2017-06"]) await h.command(ADMIN, t);
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

describe("suppression in channels", () => {
  it("keeps the figure in a private answer to the person who asked", async () => {
    expect((await h.command(READER, "s47")).text).toContain("*3* in June 2017");
  });

  it("draws the chart without the small count, and says so in the alt text", async () => {
    await h.command(READER, "s47 chart", { noReply: true });
    const call = await h.fake.waitFor(() => h.fake.callsTo("files.completeUploadExternal")[0], "the chart upload");
    const alt = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!.altText!;
    expect(alt).toContain("latest fewer than 6 in June 2017");
    expect(alt).toContain("Counts of fewer than 6 are not shown");
    expect(alt).not.toMatch(/\b3\b(?! periods)/); // "3 periods" counts the months, not children
  });

  it("will not post an SPC chart that would show small counts", async () => {
    const before = h.fake.callsTo("files.completeUploadExternal").length;
    const r = await h.command(READER, "s47 spc");
    expect(r.text).toContain("counts of fewer than 6, which are not shown in channels");
    expect(h.fake.callsTo("files.completeUploadExternal")).toHaveLength(before);
  });
});

describe("small percentages", () => {
  it("suppresses 75% (3 of 4) in a digest, its chart and alt text, but not in a private answer", async () => {
    const CH = "C0SMALLP001";
    for (const t of ["icpc-15wd 14/15 2017-05", "icpc-15wd 3/4 2017-06"]) await h.command(ADMIN, t);
    expect((await h.command(READER, "icpc-15wd")).text).toContain("75% (3 of 4)");
    expect((await h.command(ADMIN, "digest add weekly mon 09:00 icpc-15wd", { channel: CH })).text).toContain("added");
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.apiUrl });
    const report = await runDue(h.ctx, client, new Date("2017-07-10T08:00:30Z"));
    expect(report.failed).toEqual([]);
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.args.channel === CH)!;
    const msg = JSON.stringify(post.args);
    expect(msg).toContain("suppressed: small numbers");
    expect(msg).not.toMatch(/75%|3 of 4|93\.3%|14 of 15/);
    const upload = h.fake.callsTo("files.completeUploadExternal").find((c) => c.args.channel_id === CH)!;
    const alt = h.fake.uploads.get((upload.args.files as { id: string }[])[0]!.id)!.altText!;
    expect(alt).toContain("suppressed: small numbers");
    expect(alt).not.toMatch(/75%|93\.3%/);
  });
});

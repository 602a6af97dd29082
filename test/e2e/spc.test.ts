// SPC end to end: the reading in /kpi <key>, the XmR chart upload, rebase, digests, and too few points or missing months.
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { composeDigest } from "../../src/services/digest-content.js";
import { importMetrics } from "../../src/services/imports.js";
import { ADMIN, type Harness, READER, RECORDER, startHarness } from "../support/harness.js";

let h: Harness;
// Re-referrals (lower is better): stable, then eight months in a row above the average while still under target.
// Each test gets them on its own database (one test rebases them).
const values = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 21, 19, 21.5, 21.6, 21.4, 21.7, 21.8, 21.5, 21.6, 21.9];
beforeEach(async () => {
  h = await startHarness({ now: new Date("2018-09-03T09:00:00Z") });
  const rows = values.map((v, i) => {
    const month = i + 1;
    const year = 2017 + Math.floor((month - 1) / 12);
    return `re-referrals,${year}-${String(((month - 1) % 12) + 1).padStart(2, "0")},${v},`;
  });
  expect(await importMetrics(h.ctx, ["key,period,value,note", ...rows].join("\n"), ADMIN)).toMatchObject({ ok: true });
  await h.command(ADMIN, "re-referrals target 25%");
  // Too few points for a verdict: the council's real CP plan figures (March and June 2017), and three red months.
  await importMetrics(
    h.ctx,
    "key,period,value,note\ncp-plans,2017-03,307,\ncp-plans,2017-06,276,\nassess-45wd,2018-06,70%,\nassess-45wd,2018-07,71%,\nassess-45wd,2018-08,72%,",
    ADMIN,
  );
  await h.command(ADMIN, "assess-45wd target 90%");
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

describe("SPC", () => {
  it("reads the latest figure in words, with assurance against the target", async () => {
    const q = await h.command(READER, "re-referrals");
    expect(q.text).toContain("SPC: Special cause variation, a concern: 8 months in a row above the average");
    expect(q.text).toContain("the target of 25% will be met consistently");
    expect(q.text).toContain(":large_green_circle: *Green*"); // green on RAG, yet a real deterioration
  });

  it("lists special-cause concern among a digest's exceptions whatever the RAG", async () => {
    const { content } = await composeDigest(h.ctx, ["re-referrals", "cp-plans"]);
    expect(content.exceptions.map((r) => r.key)).toEqual(["re-referrals"]);
    expect(content.exceptions[0]!.reasons).toContain("special-cause concern");
    expect(content.exceptions[0]!.spcWords).toContain("8 months in a row above the average");
  });

  it("posts an XmR chart with both readings in its alt text", async () => {
    const before = h.fake.callsTo("files.completeUploadExternal").length;
    await h.command(READER, "re-referrals spc", { noReply: true });
    const call = await h.fake.waitFor(() => h.fake.callsTo("files.completeUploadExternal")[before], "the SPC upload");
    const file = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!;
    expect(PNG.sync.read(file.bytes).width).toBe(1280); // 640 px at twice the density: legible at Slack's preview width
    expect(file.altText).toContain("XmR (SPC) chart of Re-referrals within 12 months of a previous referral");
    expect(file.altText).toContain("Special cause variation, a concern");
    expect(file.altText).toContain("Assurance: the target of 25% will be met consistently");
  });

  it("lets only admins rebase, audits it, and shows it on the chart", async () => {
    expect((await h.command(RECORDER, "re-referrals rebase 2018-01 new front door")).text).toContain("only admins");
    expect(await h.ctx.db.rebase.count()).toBe(0);
    expect((await h.command(ADMIN, "re-referrals rebase 2018/19 Q1 new front door")).text).toContain("is a quarter, but re-referrals is recorded monthly");
    const r = await h.command(ADMIN, "re-referrals rebase 2018-01 new front door opened");
    expect(r.text).toContain("SPC limits for `re-referrals` now restart from January 2018: new front door opened");
    const audit = await h.ctx.db.auditEntry.findFirst({ where: { action: "rebase" } });
    expect(audit).toMatchObject({ actor: ADMIN, subject: "re-referrals@2018-01" });
    const before = h.fake.callsTo("files.completeUploadExternal").length;
    await h.command(READER, "re-referrals spc", { noReply: true });
    const call = await h.fake.waitFor(() => h.fake.callsTo("files.completeUploadExternal")[before], "the SPC upload");
    const alt = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!.altText!;
    expect(alt).toContain("Rebased from January 2018: new front door opened");
    expect(alt).toContain("Not enough points for SPC yet (8 of the 12 needed, counting from the rebase in January 2018)");
    expect((await h.command(READER, "re-referrals")).text).toContain(
      "SPC: Not enough points for SPC yet (8 of the 12 needed, counting from the rebase in January 2018).",
    );
  });

  it("gives no verdict from two points, says how many are needed, and names the missing months", async () => {
    const q = await h.command(READER, "cp-plans");
    expect(q.text).toContain("SPC: Not enough points for SPC yet (2 of the 12 needed). No figures for April to May 2017.");
    expect(q.text).not.toContain("common cause");
    const before = h.fake.callsTo("files.completeUploadExternal").length;
    await h.command(READER, "cp-plans spc", { noReply: true });
    const call = await h.fake.waitFor(() => h.fake.callsTo("files.completeUploadExternal")[before], "the SPC upload");
    const file = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!;
    expect(file.altText).toContain("March 2017 to June 2017 (2 points)");
    expect(file.altText).toContain(
      "Not enough points for SPC yet (2 of the 12 needed). The figures are shown without limits. No figures for April to May 2017.",
    );
    expect(file.altText).not.toContain("process limits");
  });

  it("explains, rather than draws, a single figure", async () => {
    await h.command(ADMIN, "sw-caseload 18 2018-08");
    const r = await h.command(READER, "sw-caseload spc");
    expect(r.text).toContain("`sw-caseload`: not enough points for SPC yet (1 of the 12 needed), and a chart needs at least two figures.");
  });

  it("says in a digest's exceptions when there are too few points for SPC, and never calls that special cause", async () => {
    const { content } = await composeDigest(h.ctx, ["assess-45wd", "cp-plans"]);
    expect(content.exceptions.map((r) => [r.key, r.reasons])).toEqual([["assess-45wd", ["red"]]]);
    expect(content.exceptions[0]!.spcWords).toBe("Not enough points for SPC yet (3 of the 12 needed).");
  });
});

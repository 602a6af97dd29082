// What the board reads, end to end: a digest built from the council's real
// figures of different ages and groups, with comparators and bands, and its
// exceptions linked to the plan actions meant to fix them; the same in /kpi,
// /kpi list and the Home tab.
import { readFileSync } from "node:fs";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importBenchmarks, importMetrics } from "../../src/services/imports.js";
import { importPlan } from "../../src/services/plan-import.js";
import { ADMIN, type Harness, READER, runCli, startHarness } from "../support/harness.js";

const OWNER = "U0OWNER0001";
const BOARD = "C0BOARDDG01";

// Each test: its own app, database and fake Slack on Monday 4 September 2017, 08:00 UK time, with the
// council's real figures (a year and more of them), comparators, targets and a small plan; a test that
// reads the band of concern sets it (withBand).
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: new Date("2017-09-04T07:00:00Z") });
  const seed = readFileSync(new URL("../../resources/seed-figures.csv", import.meta.url), "utf8");
  expect(await importMetrics(h.ctx, seed, ADMIN)).toMatchObject({ ok: true, value: { rows: 16 } });
  const more = [
    "key,period,value,note",
    "cp-second,2017-06,14,",
    "cp-second,2017-07,9,",
    "cp-second,2017-08,2,three sibling groups stepped down",
    "icpc-15wd,2017-07,7/9,two families' conferences moved",
  ].join("\n");
  expect(await importMetrics(h.ctx, more, ADMIN)).toMatchObject({ ok: true });
  const bench = [
    "key,period,comparator,value",
    "assess-45wd,2016/17,england,85.7",
    "assess-45wd,2017-06,region,82.5",
    "icpc-15wd,2016/17,england,77.2",
    "cp-second,2015/16,england,17.9",
  ].join("\n");
  expect(await importBenchmarks(h.ctx, bench, ADMIN)).toMatchObject({ ok: true, value: { rows: 4 } });
  const plan = [
    "ref,theme,action,owner,sponsor,due,measure",
    `2.1,Front-line practice,Book conference chairs two weeks ahead,${OWNER},,2017-08-31,icpc-15wd`,
    `2.2,Front-line practice,Audit conference invitations,${OWNER},,2017-10-31,icpc-15wd`,
    `3.1,Workforce,Recruit permanent team managers,${OWNER},,2017-12-31,sw-vacancy`,
  ].join("\n");
  expect(await importPlan(h.ctx, plan, ADMIN, async () => null)).toMatchObject({ ok: true });
  for (const t of ["icpc-15wd target 90%", "assess-45wd target 90%", "cp-second target 20%", "cp-second tolerance 2"]) {
    expect((await h.command(ADMIN, t)).text).toMatch(/is now/);
  }
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

/** The band of concern of `cp-second`, 10% to 23%, set as an admin sets it (August's 2% is then red). */
async function withBand(): Promise<void> {
  expect((await h.command(ADMIN, "cp-second band 10%-23%")).text).toContain("The band of concern of `cp-second` is now 10% to 23% (was none)");
}

describe("the board reading", () => {
  describe("bands of concern", () => {
    it("are for admins, audited, and turn a very low repeat-plan figure red with the reason", async () => {
      expect((await h.command(READER, "cp-second band 10%-23%")).text).toContain("only admins can set a band of concern");
      expect((await h.command(ADMIN, "cp-plans band 250-350")).text).toContain("is neutral");
      expect((await h.command(ADMIN, "cp-second band 23-10")).text).toContain("must be below the high bound");
      const set = await h.command(ADMIN, "cp-second band 10%-23%");
      expect(set.text).toContain("The band of concern of `cp-second` is now 10% to 23% (was none)");
      expect(set.text).toContain("The latest figure, 2% for August 2017, is *Red*: 2% is 8 points below its lower bound of 10%");
      const audit = await h.ctx.db.auditEntry.findFirst({ where: { action: "band", subject: "cp-second" } });
      expect(audit).toMatchObject({ actor: ADMIN });
      expect(JSON.parse(audit!.newValue!)).toEqual({ low: 10, high: 23 });
    });
  });

  describe("/kpi <key>", () => {
    it("shows the guidance, the band's reason, the comparators with their periods, and what is being done", async () => {
      await withBand();
      const q = await h.command(READER, "cp-second");
      expect(q.text).toContain("*2%* in August 2017");
      expect(q.text).toContain("Target 20%, band of concern 10% to 23%: :red_circle: *Red* because 2% is 8 points below its lower bound of 10%");
      expect(q.text).toContain("a very low figure can mean children are not being protected");
      expect(q.text).toContain("England 2015/16: 17.9% _(context only: not the same period as August 2017)_");
      expect(q.text).toContain("*What are we doing about it?* No open plan action names `cp-second` as its measure.");
      const about = await h.command(READER, "cp-second about");
      expect(about.text).toContain("Group: Child protection");
      expect(about.text).toContain("band of concern: 10% to 23%");
      expect(about.text).toContain("*Guidance*: a very low figure can mean children are not being protected");
    });

    it("lists an exception's open actions with owner, due date and RAG, and marks a small base", async () => {
      const q = await h.command(READER, "icpc-15wd");
      expect(q.text).toContain("*77.78% (7 of 9)* in July 2017");
      expect(q.text).toContain("A small base of 9: one child moves it 11.11 points");
      expect(q.text).toContain("England 2016/17: 77.2%");
      expect(q.text).toContain("*What are we doing about it?* 2 open plan actions:");
      expect(q.text).toContain(
        `\`2.1\` Book conference chairs two weeks ahead · <@${OWNER}> · due 31 Aug 2017 *overdue* · Not started · :red_circle: Red (overdue by 4 days)`,
      );
      expect(q.text.indexOf("`2.1`")).toBeLessThan(q.text.indexOf("`2.2`"));
    });

    it("says a figure is out of date when later ones were due", async () => {
      expect((await h.command(READER, "sw-vacancy")).text).toContain(":hourglass: *out of date*: no figure recorded since November 2014");
      expect((await h.command(READER, "audits-good")).text).not.toContain("out of date");
    });
  });

  describe("/kpi list and the Home tab", () => {
    it("follow the board's groups and order", async () => {
      const list = (await h.command(READER, "list")).text;
      const at = (s: string) => list.indexOf(s);
      expect(at("*Early help and the front door*")).toBeGreaterThan(-1);
      expect(at("*Early help and the front door*")).toBeLessThan(at("*Assessment*"));
      expect(at("*Assessment*")).toBeLessThan(at("*Child protection*"));
      expect(at("*Child protection*")).toBeLessThan(at("*Children looked after*"));
      expect(at("*Care leavers*")).toBeLessThan(at("*Workforce*"));
      expect(at("*Workforce*")).toBeLessThan(at("*Quality of practice*"));
      expect(at("`icpc-15wd`")).toBeLessThan(at("`cp-plans`"));
      expect(list).toContain("`not-known` Young people whose education or training status is not known: *0.05%* (Jun 2017: :hourglass: out of date)");
    });

    it("puts the indicators that need attention on the Home tab, with their actions", async () => {
      await withBand();
      const body = JSON.stringify({
        token: "x",
        team_id: "T0123456789",
        api_app_id: "A0123456789",
        type: "event_callback",
        event_id: "Ev0002",
        event_time: 1,
        event: { type: "app_home_opened", user: READER, channel: "D0000000002", tab: "home", event_ts: "1.2" },
      });
      expect((await h.post(body, "application/json")).status).toBe(200);
      const pub = await h.fake.waitFor(() => h.fake.callsTo("views.publish").find((c) => c.args.user_id === READER), "views.publish");
      const text = JSON.stringify(pub.args.view);
      expect(text).toContain("Indicators that need attention");
      expect(text).toContain("[red, worsening]");
      expect(text).toContain("`2.1` Book conference chairs");
      expect(text).toContain("No open plan action names `cp-second` as its measure.");
      expect(text.indexOf("Indicators that need attention")).toBeLessThan(text.indexOf("Indicators at a glance"));
    });
  });

  describe("the digest", () => {
    it("is the scorecard in the board's order, every figure with its age, comparators, and exceptions linked to actions", async () => {
      await withBand();
      expect((await h.command(ADMIN, "digest add weekly mon 09:00", { channel: BOARD })).text).toContain("Digest #");
      const r = await runCli(h, ["run-due", "--now", "2017-09-04T08:00:30Z"], { COUNCIL_NAME: "Stockton-on-Tees" }, 90_000);
      expect(r.code, r.stderr).toBe(0);
      const posts = h.fake.postsIn(BOARD);
      expect(posts).toHaveLength(1);
      const blocks = posts[0]!.args.blocks as { text?: { text: string } }[];
      const text = blocks.map((b) => b.text?.text ?? JSON.stringify(b)).join("\n");

      // The newest figure is August 2017; older ones are marked, each with its own period.
      expect(text).toContain("Board scorecard: figures to August 2017");
      expect(text).toContain(
        "`cp-plans` Children subject to a child protection plan: *276* (Jun 2017: :hourglass: out of date) · ↓ down 31 (10.1%) since Mar 2017, decreasing",
      );
      expect(text).toContain("*10%* (Nov 2014: :hourglass: out of date)");
      expect(text).toContain("*63%* (Q1 2017/18) · SPC"); // the latest quarter that had ended
      expect(text).toContain("*65%* (Aug 2017) · ↑ up 33 points since Apr 2016, improving");
      expect(text).toContain("*0.05%*");
      // Comparators: compared when of the same or the nearest earlier period within a year; context otherwise.
      expect(text).toContain("England 2016/17: 85.7%");
      expect(text).toContain("England 2023: 18.9% (context only)");
      // Groups in the board's order; indicators without figures in one line.
      const at = (s: string) => text.indexOf(s);
      expect(at("*Early help and the front door*")).toBeLessThan(at("*Assessment*"));
      expect(at("*Child protection*")).toBeLessThan(at("*Workforce*"));
      expect(at("*Workforce*")).toBeLessThan(at("*Quality of practice*"));
      expect(text).toMatch(/No figures yet \(15\): `contacts`, `referrals`, `re-referrals`, `s47`, `cin-rate`, `cp-rate`/);
      expect(text).not.toContain("_no figures yet_");
      // Exceptions, red first, with the reason, the SPC reading and what is being done.
      const exceptions = text.slice(at("*Exceptions*"), at("*Scorecard*"));
      expect(exceptions).toContain("*Exceptions* (red, worsening or special-cause concern): 2");
      expect(exceptions).toContain(
        "(`cp-second`) :red_circle: Red [red, worsening]: *2%* (Aug 2017). 2% is 8 points below its lower bound of 10%, outside the band of concern (10% to 23%), beyond the tolerance of 2 points",
      );
      expect(exceptions).toContain("Change: down 7 points since Jul 2017, worsening"); // further below the band
      expect(exceptions).toContain("No open plan action names `cp-second` as its measure.");
      expect(exceptions).toContain("[red, worsening]: *77.78% (7 of 9)* (Jul 2017: :hourglass: out of date)");
      expect(exceptions).toContain("a small base of 9: one child moves it 11.11 points");
      expect(exceptions).toContain(`\`2.1\` Book conference chairs two weeks ahead · <@${OWNER}> · due 31 Aug 2017 *overdue*`);
      expect(exceptions).toContain("SPC: Not enough points for SPC yet (2 of the 12 needed)");
      expect(exceptions).not.toContain("`3.1`");

      // Charts: four panels to an image, one title with the council and period, alt text with the numbers.
      const uploads = h.fake.callsTo("files.completeUploadExternal").filter((c) => c.args.channel_id === BOARD);
      expect(uploads).toHaveLength(4); // 14 indicators with figures
      const files = uploads.map((u) => h.fake.uploads.get((u.args.files as { id: string }[])[0]!.id)!);
      for (const f of files) expect(PNG.sync.read(f.bytes).width).toBe(1280);
      expect(files[0]!.altText).toContain("Board scorecard, Stockton-on-Tees: figures to August 2017 (1 of 4)");
      expect(files.map((f) => f.altText).join(" ")).toContain("Children subject to a child protection plan: latest 276 in June 2017 (out of date)");
    });
  });
});

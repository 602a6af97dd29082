// Issue 9, safe to hold a board's data, end to end through the real app and the fake Slack.
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainWords } from "../../src/domain/words.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { importIndicators, importMetrics } from "../../src/services/imports.js";
import { BOT_TOKEN } from "../support/fake-slack.js";
import { ADMIN, type Harness, RECORDER, startHarness } from "../support/harness.js";

// Each test has its own app, database and fake Slack, and makes the data it reads.
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

async function exported(): Promise<string> {
  const r = await h.command(ADMIN, "export");
  expect(r.text).toContain("sent you the CSV");
  const call = h.fake.callsTo("files.completeUploadExternal").at(-1)!;
  return h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!.bytes.toString("utf8");
}

describe("export", () => {
  it("neutralises a note that a spreadsheet would run as a formula", async () => {
    await h.command(ADMIN, 'cp-plans 276 2017-06 =HYPERLINK("http://evil.example","Click")');
    const csv = await exported();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});

describe("periods the bot cannot read", () => {
  it("refuses them with the forms it reads, and stores nothing over the default period", async () => {
    await h.command(ADMIN, "cla 433 2017-06 relatively stable");
    const before = { measurements: await h.ctx.db.measurement.count(), audit: await h.ctx.db.auditEntry.count() };
    for (const lookalike of ["2017–06", "06/2017", "2017.06", "06-2017", "Jun-2017", "June2017", "Juin 2017"]) {
      const r = await h.command(ADMIN, `cla 27 ${lookalike} recount`);
      expect(r.text).toContain(`"${lookalike}" looks like a period, but not one I can read`);
      expect(r.text).toContain("2017-06, Jun 2017, June 2017, 2017/18 Q1, Q1 2017/18 or 2017-W23");
      expect(r.text).toContain("Nothing was changed");
    }
    expect(await h.ctx.db.measurement.count()).toBe(before.measurements);
    expect(await h.ctx.db.auditEntry.count()).toBe(before.audit);
    expect(await h.ctx.db.measurement.findFirst({ where: { indicatorKey: "cla", period: "2017-06" } })).toMatchObject({
      value: 433,
      note: "relatively stable",
    });
  });
});

describe("imports that identify someone", () => {
  it("refuses the file with the line and what looked identifying, and stores nothing", async () => {
    const before = await h.ctx.db.measurement.count();
    const csv = [
      "key,period,value,note",
      "cp-plans,2017-05,280,Signs of Safety rollout",
      "cla,2017-05,430,Jayden Smith (DOB 03/04/2012) placed out of area",
      "s47,2017-05,41,call mum on 07700 900123",
    ].join("\n");
    const r = await importMetrics(h.ctx, csv, "cli:test");
    expect(r.ok).toBe(false);
    const problems = r.ok
      ? []
      : plainWords(r.error.text)
          .split("\n")
          .slice(1)
          .map((l) => l.trim());
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^line 3: the note may identify someone: "Jayden Smith" looks like a person's name.*"DOB 03\/04\/2012" looks like a date of birth/,
    );
    expect(problems[1]).toMatch(/^line 4: the note may identify someone: "07700 900123" looks like a telephone number/);
    expect(await h.ctx.db.measurement.count()).toBe(before);
  });
});

describe("/kpi audit in words", () => {
  it("says what changed: corrections, notes, targets and withdrawals", async () => {
    await h.command(ADMIN, "assess-45wd target 90%");
    await h.command(ADMIN, "assess-45wd 84 2017-05");
    await h.click(ADMIN, await h.command(ADMIN, "assess-45wd 85 2017-05 two teams short"), "confirm:yes");
    await h.command(ADMIN, "assess-45wd delete 2017-05");
    const a = await h.command(ADMIN, "audit assess-45wd");
    expect(a.text).toContain("`assess-45wd` target set to 90%");
    expect(a.text).toContain("`assess-45wd` 84% recorded for May 2017");
    expect(a.text).toContain("`assess-45wd` 84% → 85% for May 2017, note added: “two teams short”");
    expect(a.text).toContain("`assess-45wd` figure for May 2017 withdrawn (was 85%, note: “two teams short”)");
    expect(a.text).not.toMatch(/[{}]|"value"/);
  });
});

describe("escaping text from imports and users", () => {
  it("never lets an imported indicator's name ping the channel or disguise a link, in blocks or the text fallback", async () => {
    const evil = "<!channel> <https://x.example|click>";
    const csv = `key,name,unit,polarity,frequency\nevil-one,"${evil}",count,neutral,monthly\nevil-two,"${evil} two",count,neutral,monthly\n`;
    await importIndicators(h.ctx, csv, "cli:test");
    const CH = "C0ESCAPE001";
    const before = { calls: h.fake.calls.length, responses: h.fake.responses.length };
    const replies = [
      await h.command(ADMIN, "evil-one"), // no figures yet
      await h.command(ADMIN, "evil-one history"),
      await h.command(ADMIN, "evil-one 12 2017-06 &lt;!channel&gt; see &lt;https://x.example|here&gt;"),
      await h.command(ADMIN, "evil-one"),
      await h.command(ADMIN, "evil-one history"),
      await h.command(ADMIN, "list"),
      await h.command(ADMIN, `evil-two owner <@${RECORDER}>`),
      await h.command(ADMIN, "digest add weekly wed 09:00 evil-one evil-two", { channel: CH }),
    ];
    expect(replies[2]!.text).toContain("Recorded *12*");
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.apiUrl });
    await runDue(h.ctx, client, new Date("2017-07-12T08:00:30Z")); // the digest, and figures due for evil-two
    expect(h.fake.callsTo("chat.postMessage").some((c) => c.args.channel === CH)).toBe(true);
    expect(h.fake.callsTo("chat.postMessage").some((c) => String(c.args.text).includes("Figures for June 2017 are due"))).toBe(true);

    const sent = [...h.fake.calls.slice(before.calls).map((c) => c.args), ...h.fake.responses.slice(before.responses).map((r) => r.body)];
    const texts = sent.flatMap((a) => [a.text, JSON.stringify(a.blocks ?? [])]).map(String);
    expect(texts.join("\n")).toContain("&lt;!channel&gt;");
    for (const t of texts) {
      expect(t).not.toContain("<!channel>");
      expect(t).not.toContain("<https://x.example");
    }
  });
});

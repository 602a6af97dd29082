// The board pack end to end: /kpi pack through the real app posts one file to
// the channel; the CLI writes PDF and Word; both are read back as a reader's
// tools read them (pdftotext and pdfinfo; the .docx's XML).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boardPack } from "../../src/services/board-pack.js";
import { importBenchmarks, importMetrics } from "../../src/services/imports.js";
import { importPlan } from "../../src/services/plan-import.js";
import { tmpDir } from "../support/cli.js";
import { ADMIN, CHANNEL, type Harness, READER, RECORDER, runCli, startHarness } from "../support/harness.js";
import { pdfFonts, pdfInfo, pdfStructure, pdfText } from "../support/pdf.js";
import { unzip } from "../support/zip.js";

const OWNER = "U0OWNER0001";
const NOTE = "more families returning after step-down";
const UPLOAD_WAIT = 90_000; // rendering a pack on a busy machine takes a few seconds

// Each test: its own app, database and fake Slack on 2 October 2017 (after the seed figures, the latest
// of which is August 2017), with the council's real figures, one indicator that turned red with a note,
// a comparator, a small plan, a target and a recorder; a test that reads the corrected figure makes
// the correction (withCorrection).
let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    env: { COUNCIL_NAME: "Stockton-on-Tees", BOARD_NAME: "Children's Services Improvement Board", PACK_MARKING: "OFFICIAL-SENSITIVE" },
    now: new Date("2017-10-02T09:00:00Z"),
  });
  expect(await importMetrics(h.ctx, readFileSync("resources/seed-figures.csv", "utf8"), ADMIN)).toMatchObject({ ok: true });
  const extra = ["key,period,value,note", "cp-second,2017-04,19,", "cp-second,2017-05,20,", `cp-second,2017-06,24,${NOTE}`].join("\n");
  expect(await importMetrics(h.ctx, extra, ADMIN)).toMatchObject({ ok: true });
  expect(await importBenchmarks(h.ctx, "key,period,comparator,value\ncp-second,2017-06,region,18.5\n", ADMIN)).toMatchObject({ ok: true });
  const plan = [
    "ref,theme,action,owner,sponsor,due,measure",
    `4.1,Front-line practice,Review step-down decisions with partners,${OWNER},,2017-09-30,cp-second`,
    `1.1,Leadership and management,Publish the practice framework,${OWNER},,2017-06-01,`,
  ].join("\n");
  expect(await importPlan(h.ctx, plan, ADMIN, async () => null)).toMatchObject({ ok: true });
  expect((await h.command(ADMIN, "cp-second target 20%")).text).toContain("now 20%");
  expect((await h.command(ADMIN, `cla owner <@${RECORDER}>`)).text).toContain("can now be recorded by");
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

/** June 2017's repeat-plan figure corrected from 24% to 25%, with a new note in place of NOTE. */
async function withCorrection(): Promise<void> {
  expect(await importMetrics(h.ctx, "key,period,value,note\ncp-second,2017-06,25,corrected figure\n", ADMIN)).toMatchObject({ ok: true });
}

describe("the board pack", () => {
  const uploads = () => h.fake.callsTo("files.completeUploadExternal");

  describe("/kpi pack", () => {
    it("is for admins and recorders", async () => {
      const r = await h.command(READER, "pack 2017/18 Q1");
      expect(r.text).toContain("only admins and recorders can produce the board pack");
      expect(uploads()).toHaveLength(0);
    });

    it("answers bad input clearly and posts nothing", async () => {
      expect((await h.command(ADMIN, "pack 2017/18 Q3")).text).toContain("October to December 2017, Q3 2017/18 has not ended yet, so it has no pack.");
      expect((await h.command(ADMIN, "pack 2017/18 Q5")).text).toContain("is not a period I can read");
      expect((await h.command(ADMIN, "pack 2017-06 xlsx")).text).toContain('"xlsx" is not a format I can write: pdf or docx.');
      expect(uploads()).toHaveLength(0);
    });

    it("posts the pack for 2017/18 Q1 to the channel as one tagged PDF with a one-line message", async () => {
      await h.command(RECORDER, "pack 2017/18 Q1", { noReply: true });
      const call = await h.fake.waitFor(() => uploads()[0], "the pack's upload", UPLOAD_WAIT);
      await new Promise((r) => setTimeout(r, 200));
      expect(uploads()).toHaveLength(1);
      expect(call.args.channel_id).toBe(CHANNEL);
      expect(String(call.args.initial_comment)).toMatch(
        new RegExp(`^:page_facing_up: Board pack for April to June 2017, Q1 2017/18 \\(PDF, \\d+ pages; 1 exception\\), asked for by <@${RECORDER}>\\.$`),
      );
      const file = h.fake.uploads.get((call.args.files as { id: string }[])[0]!.id)!;
      expect(file.filename).toBe("board-pack-q1-2017-18.pdf");
      expect(file.bytes.subarray(0, 5).toString()).toBe("%PDF-");

      const info = await pdfInfo(file.bytes);
      expect(info.Tagged).toBe("yes");
      expect(info.Title).toBe("Children's Services Improvement Board: performance report, April to June 2017, Q1 2017/18");
      const fonts = await pdfFonts(file.bytes);
      expect(fonts).toContain("DejaVuSans");
      expect(
        fonts
          .split("\n")
          .slice(2)
          .filter((l) => l.trim() && !/ yes +yes +yes /.test(l)),
      ).toEqual([]); // every font embedded

      // Tagged for a screen reader: headings, a table with header cells for columns and rows, figures with alt text, en-GB.
      const tags = await pdfStructure(file.bytes);
      expect(tags).toMatch(/H1 \(block\)\n\s+"Performance report: April to June 2017, Q1 2017\/18"/);
      expect(tags).toMatch(/H1 \(block\)\n\s+"3\. Scorecard"/);
      expect(tags).toMatch(/TH:\n\s+\/Scope \/Column\n\s+"Indicator"/);
      expect(tags).toMatch(/TH:\n\s+\/Scope \/Row\n\s+"Children subject to a child protection plan"/);
      expect(tags).toContain("Figure");
      const raw = file.bytes.toString("latin1");
      expect(raw).toContain("/Alt (XmR \\(SPC\\) chart of Child protection plans starting for a second or subsequent time");
      expect(raw).toContain("/Lang (en-GB)");

      const text = await pdfText(file.bytes);
      for (const expected of [
        "OFFICIAL-SENSITIVE",
        "Stockton-on-Tees",
        "Period: April to June 2017, Q1 2017/18",
        "Figures as recorded up to",
        "1. Summary",
        "2. Exceptions",
        "Child protection plans starting for a second or subsequent time",
        NOTE,
        "4.1 Review step-down decisions with partners",
        "3. Scorecard",
        "276", // CP plans, June 2017
        "433", // children looked after
        "93%", // care leavers in suitable accommodation, Q1
        "63%", // care leavers in education, employment or training, Q1
        "4. Improvement plan",
        "Publish the practice framework",
        "5. Notes",
        "Reading the SPC charts",
        "Small numbers",
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).toContain("Someone"); // the owner's name from Slack (users.info real_name), not an id
      expect(text.indexOf("1. Summary")).toBeLessThan(text.indexOf("2. Exceptions"));
      expect(text.indexOf("2. Exceptions")).toBeLessThan(text.indexOf("3. Scorecard"));
      expect(text.indexOf("3. Scorecard")).toBeLessThan(text.indexOf("4. Improvement plan"));
      expect(text.indexOf("4. Improvement plan")).toBeLessThan(text.indexOf("5. Notes"));
    });

    it("shows a correction in the next pack, and says so when the period has no figures", async () => {
      const q1 = { period: { frequency: "quarterly", fyStart: 2017, quarter: 1 }, format: "pdf" } as const;
      const first = await boardPack(h.ctx, { kind: "cli" }, q1);
      if (!first.ok) throw new Error("no pack");
      const asRecorded = await pdfText(first.value.bytes);
      expect(asRecorded).toContain(NOTE);
      expect(asRecorded).toContain("24%");
      expect(asRecorded).not.toContain("corrected figure");

      await withCorrection();
      const again = await boardPack(h.ctx, { kind: "cli" }, q1);
      if (!again.ok) throw new Error("no pack");
      const text = await pdfText(again.value.bytes);
      expect(text).toContain("corrected figure");
      expect(text).toContain("25%");
      expect(text).not.toContain(NOTE);

      // January 2016: one indicator has an earlier figure (November 2014), none has one for the month.
      const none = await boardPack(h.ctx, { kind: "cli" }, { period: { frequency: "monthly", year: 2016, month: 1 }, format: "pdf" });
      if (!none.ok) throw new Error("no pack");
      expect(await pdfText(none.value.bytes)).toContain("No figures have been recorded for January 2016.");
      const before = await boardPack(h.ctx, { kind: "cli" }, { period: { frequency: "monthly", year: 2014, month: 1 }, format: "docx" });
      if (!before.ok) throw new Error("no pack");
      expect(unzip(before.value.bytes).get("word/document.xml")!.toString()).toContain("No indicators have figures recorded up to January 2014");
    });
  });

  describe("npm run cli -- pack", () => {
    const cli = (args: string[]) => runCli(h, args, { COUNCIL_NAME: "Stockton-on-Tees", TIMEZONE: "Europe/London" }, 120_000);

    it("writes the pack as PDF and as Word, both holding the scorecard's values", async () => {
      await withCorrection();
      const dir = tmpDir("pack-");
      const pdf = join(dir, "q1.pdf");
      const r = await cli(["pack", "--period", "Q1 2017/18", "--out", pdf]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^pack: wrote .*q1\.pdf \(PDF, \d+ pages; 1 exception\) for April to June 2017, Q1 2017\/18\.\n$/);
      expect((await pdfInfo(pdf)).Tagged).toBe("yes");
      const text = await pdfText(pdf);
      for (const v of ["276", "433", "93%", "63%", "corrected figure", "OFFICIAL"]) expect(text).toContain(v);

      const docx = join(dir, "q1.docx");
      const w = await cli(["pack", "--period", "2017/18 Q1", "--format", "docx", "--out", docx]);
      expect(w.stdout).toContain("(Word; 1 exception) for April to June 2017, Q1 2017/18.");
      const files = unzip(readFileSync(docx));
      const xml = files.get("word/document.xml")!.toString("utf8");
      for (const v of ["276", "433", "93%", "63%", "corrected figure", "Review step-down decisions with partners"]) expect(xml).toContain(v);
      expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
      expect(xml).toContain("<w:tblHeader/>");
      const pictures = [...xml.matchAll(/<wp:docPr [^>]*>/g)].map((m) => m[0]);
      expect(pictures.length).toBeGreaterThan(0);
      for (const p of pictures) expect(p).toMatch(/descr="XmR \(SPC\) chart of [^"]+"/);
      expect(files.get("word/styles.xml")!.toString("utf8")).toContain('<w:lang w:val="en-GB"/>');
      expect(files.get("word/header1.xml")!.toString("utf8")).toContain("OFFICIAL");
    });

    it("writes nothing for a period not yet ended, an unknown period or an unknown format", async () => {
      const dir = tmpDir("pack-bad-");
      const notEnded = await cli(["pack", "--period", "2030/31 Q1", "--out", join(dir, "a.pdf")]);
      expect(notEnded.code).toBe(1);
      expect(notEnded.stderr).toContain("April to June 2030, Q1 2030/31 has not ended yet, so it has no pack. Nothing was written.");
      const unknown = await cli(["pack", "--period", "Spring 2017", "--out", join(dir, "b.pdf")]);
      expect(unknown.code).toBe(64);
      expect(unknown.stderr).toContain('--period: "Spring 2017" is not a period I can read');
      const format = await cli(["pack", "--format", "xlsx", "--out", join(dir, "c.xlsx")]);
      expect(format.code).toBe(64);
      expect(format.stderr).toContain('--format: "xlsx" is not a format I can write.');
      for (const f of ["a.pdf", "b.pdf", "c.xlsx"]) expect(existsSync(join(dir, f))).toBe(false);
    });
  });
});

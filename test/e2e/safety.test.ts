// Issue 9, safe to hold a board's data, end to end through the real app and the fake Slack.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
afterEach(() => expect(h.fake.violations).toEqual([]));

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

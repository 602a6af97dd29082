// With SUPPRESS_SMALL_COUNTS on, nothing posted to a channel shows a count of 1 to 5.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, type Harness, READER, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

describe("/kpi record and query", () => {
  it("records a figure and answers the query with the change since the previous one", async () => {
    const first = await h.command(ADMIN, "cp-plans 307 2017-03");
    expect(first.text).toContain("Recorded *307* for `cp-plans`");
    expect(first.text).toContain("March 2017");
    const second = await h.command(ADMIN, "cp-plans 276 Jun 2017 Signs of Safety rollout");
    expect(second.text).toContain("June 2017");
    const q = await h.command(READER, "cp-plans");
    expect(q.body.response_type).toBe("ephemeral");
    expect(q.text).toContain("*276* in June 2017");
    expect(q.text).toContain("Down 31 (10.1%) since the previous figure, for March 2017");
    expect(q.text).toContain("(307): *decreasing*");
    expect(q.text).not.toMatch(/improving|worsening/);
    expect(q.text).toContain("Signs of Safety rollout");
  });
});

// One log line per request handled, at info: what it was, who, how long, how it ended; never the text typed.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { ADMIN, type Harness, startHarness } from "../support/harness.js";

const lines: string[] = [];
let h: Harness;
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  h = await startHarness({ log: createLogger("info", stream) });
});
afterAll(async () => h.stop());

const handled = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "handled");

describe("the request log", () => {
  it("logs a command with its duration and outcome, and none of the note", async () => {
    await h.command(ADMIN, "cp-plans 276 2017-06 Signs of Safety roll-out");
    await h.command(ADMIN, "cp-plans 2x6 2017-06");
    await h.fake.waitFor(() => handled().length >= 2, "two log lines");
    const [good, bad] = handled();
    expect(good).toMatchObject({ level: 30, kind: "command", command: "/kpi", sub: "cp-plans", user: ADMIN, outcome: "ok" });
    expect(typeof good!.ms).toBe("number");
    expect(bad).toMatchObject({ kind: "command", sub: "cp-plans", outcome: "invalid" });
    expect(lines.join("")).not.toContain("Signs of Safety");
  });
});

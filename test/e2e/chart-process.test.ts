// The chart-drawing process (services/chart-pool.ts): started by the first
// chart, a child of the bot's process, given none of the bot's secrets,
// replaced if it dies, and gone after half a minute without work, so that what
// canvas took goes back to the system. This file has its own process
// (vitest's forks pool), so no other test's chart started it first.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_POOL_IDLE_MS } from "../../src/services/chart-pool.js";
import { ADMIN, type Harness, READER, SIGNING_SECRET, startHarness } from "../support/harness.js";

const SECRETS = { SLACK_BOT_TOKEN: "xoxb-0000-chart-process-secret", SLACK_SIGNING_SECRET: SIGNING_SECRET, DATABASE_URL: "" };
const saved: Record<string, string | undefined> = {};
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // As a council's server gives them to the bot: in its environment.
  SECRETS.DATABASE_URL = h.ctx.config.databaseUrl;
  for (const [k, v] of Object.entries(SECRETS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  for (const text of ["cp-plans 307 2017-03", "cp-plans 290 2017-04", "cp-plans 276 2017-06"]) await h.command(ADMIN, text);
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await h.stop();
});

/** This process's children that are drawing processes (tinypool's entry runs our worker). */
function drawingProcesses(): number[] {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${process.pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("tinypool");
    } catch {
      return false; // it has just ended
    }
  });
}

async function chart(channel: string): Promise<void> {
  const before = h.fake.callsTo("files.completeUploadExternal").length;
  await h.command(READER, "cp-plans chart", { channel, noReply: true });
  await h.fake.waitFor(() => h.fake.callsTo("files.completeUploadExternal").length > before, "the chart upload", 30_000); // the first starts the process
}

/** Until the process has ended and been reaped: the pool has then seen it end (a zombie is not yet that). */
async function gone(pid: number): Promise<void> {
  await h.fake.waitFor(() => !existsSync(`/proc/${pid}`), `process ${pid} to end`, 10_000);
}

describe("the chart-drawing process", () => {
  it("is started by the first chart, holds none of the bot's secrets, is replaced when killed, and ends when idle", async () => {
    expect(drawingProcesses()).toEqual([]);
    await chart("C0CHARTS001");
    const [first, ...more] = drawingProcesses();
    expect(first).toBeDefined();
    expect(more).toEqual([]);

    const environ = readFileSync(`/proc/${first}/environ`, "utf8").split("\0");
    expect(environ.some((v) => v.startsWith("PATH="))).toBe(true);
    for (const secret of Object.values(SECRETS)) expect(environ.filter((v) => v.includes(secret))).toEqual([]);

    // Killed while idle (as the kernel's OOM killer might): the bot goes on, and the next chart starts another.
    process.kill(first!, "SIGKILL");
    await gone(first!);
    await chart("C0CHARTS002");
    const [second, ...others] = drawingProcesses();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(others).toEqual([]);

    // Half a minute without work: it ends, and what it held goes with it.
    await new Promise((r) => setTimeout(r, CHART_POOL_IDLE_MS + 3_000));
    expect(drawingProcesses()).toEqual([]);
    expect(h.fake.violations).toEqual([]);
  }, 90_000);
});

// Fan-out: scheduled deliveries sent through the bot's own cron tick, against
// a Slack that enforces its rate limits (429 and Retry-After), timed from the
// tick to the last Slack call landing.
// - Digests: 50 channels due at one instant (each a message and its images of
//   charts). Acks of `/kpi <key>` are probed one at a time meanwhile, and the
//   bot's resident memory is sampled.
// - Reminders: 1,000 actions for 200 owners, one DM each.
// The floor of each run: the same Slack calls replayed one after another by a
// bare WebClient with the bot's retry settings (bench/floor/replay.ts, its own
// process), plus for digests one direct chartjs-node-canvas render of the
// digest's charts; or the rate limits' least time, where that is longer.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import { DateTime } from "luxon";
import { lineChartConfig, PANEL_SIZE } from "../../src/charts/line-chart.js";
import { PALETTE } from "../../src/charts/palette.js";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/client.js";
import { createLogger } from "../../src/log.js";
import { leastTimeSeconds } from "../../src/sandbox/slack-emulator/index.js";
import { MAX_CHARTS_IN_DIGEST } from "../../src/services/charts.js";
import { composeDigest } from "../../src/services/digest-content.js";
import { SCHEDULER_RETRIES } from "../../src/slack/client.js";
import type { ReplayPlan, ReplayStep } from "../floor/replay.js";
import { BOT_TOKEN } from "../lib/bench-slack.js";
import { type Bot, botEnv, nextTick } from "../lib/bot.js";
import { DATA_DIR, digestChannel, QUIET_UNTIL_TOLD } from "../lib/data.js";
import { cpuMsOf, memoryOf, RssSampler, sleep, startNode } from "../lib/processes.js";
import { type Row, row } from "../lib/report.js";
import { median, summarize } from "../lib/stats.js";
import { compileFloor } from "../lib/transpile.js";
import { p50, p99, queryCommand, type Setup, type Target } from "./common.js";

const ZONE = "Europe/London";

/** The next tick to use: at least 15 s away (time to set things up), and at least 15 s after the one before (its work has started and read what it reads). */
async function nextQuietTick(bot: Bot): Promise<{ at: number; fakeMinute: Date }> {
  for (;;) {
    const t = nextTick(bot, 15_000);
    const lead = t.at - Date.now();
    if (lead <= 45_000) return t;
    await sleep(lead - 45_000 + 50);
  }
}

async function until(what: string, test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** `/kpi <key>` one at a time, with a pause between, for as long as it runs: its acks. */
class AckProbe {
  readonly acks: number[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly setup: Setup,
    private readonly target: Target,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      let i = 0;
      while (this.running) {
        const s = await this.target.sender.send(queryCommand(this.setup, i++, "C0BENCHPRB1"));
        this.acks.push(s.ackMs);
        await sleep(50);
      }
    })();
  }

  async stop(): Promise<number[]> {
    this.running = false;
    await this.loop;
    return this.acks;
  }
}

/** The calls of a fan-out as a bare WebClient makes them: uploads as one filesUploadV2 each (its three steps), the rest as they were. */
function replaySteps(setup: Setup, calls: { method: string; args: Record<string, unknown> }[]): ReplayStep[] {
  const steps: ReplayStep[] = [];
  for (const c of calls) {
    if (c.method === "files.getUploadURLExternal" || c.method === "auth.test") continue;
    if (c.method === "files.completeUploadExternal") {
      for (const f of (c.args.files as { id: string; title?: string }[]) ?? []) {
        const file = setup.slack.uploads.get(f.id);
        if (!file) throw new Error(`no bytes kept for file ${f.id}`);
        steps.push({
          kind: "upload",
          channelId: String(c.args.channel_id),
          bytesBase64: file.bytes.toString("base64"),
          filename: file.filename,
          title: f.title ?? file.title,
          ...(file.altText ? { altText: file.altText } : {}),
          ...(typeof c.args.initial_comment === "string" ? { comment: c.args.initial_comment } : {}),
        });
      }
      continue;
    }
    const { token: _token, ...args } = c.args;
    steps.push({ kind: "call", method: c.method, args });
  }
  return steps;
}

/** Replay the calls from a bare WebClient in its own process; ms from "go" to the last call landing at Slack. */
async function replay(setup: Setup, steps: ReplayStep[], name: string): Promise<{ ms: number; calls: number; refused: number }> {
  const plan: ReplayPlan = { apiUrl: setup.slack.apiUrl, token: BOT_TOKEN, retryConfig: SCHEDULER_RETRIES, steps };
  const file = join(DATA_DIR, `replay-${name}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const proc = startNode(compileFloor("replay"), [file], {}, DATA_DIR);
  await proc.line((l) => l === "ready");
  setup.slack.resetRateLimits();
  const from = setup.slack.calls.length;
  const refusedFrom = setup.slack.refused.length;
  const go = performance.now();
  proc.child.stdin?.write("go\n");
  await proc.line((l) => l.startsWith("done"), 30 * 60_000);
  await proc.exited;
  const calls = setup.slack.callsSince(from);
  return { ms: Math.max(...calls.map((c) => c.landed)) - go, calls: calls.length, refused: setup.slack.refused.length - refusedFrom };
}

/** One direct chartjs-node-canvas render of the digest's charts (each panel once, to PNG), warm: the charts' share of the floor. */
async function renderOnce(databaseUrl: string, db: Db, fakeNow: Date): Promise<number> {
  const config = loadConfig(botEnv("http://127.0.0.1:9/api/", databaseUrl));
  const ctx = { db, config, log: createLogger("error"), now: () => fakeNow };
  const { content, series } = await composeDigest(ctx, []);
  const rows = new Set(content.rows.map((r) => r.key));
  const shown = series.filter((s) => s.latest !== null && rows.has(s.indicator.key)).slice(0, MAX_CHARTS_IN_DIGEST);
  const canvas = new ChartJSNodeCanvas({ ...PANEL_SIZE, backgroundColour: PALETTE.background });
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    for (const s of shown) await canvas.renderToBuffer(lineChartConfig(s, { where: null, compact: true }) as never, "image/png");
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export interface FanoutRun {
  ms: number;
  calls: number;
  refused: number;
  leastMs: number;
  replayMs: number;
  replayRefused: number;
  renderMs: number;
  floorMs: number;
  botCpuMs: number;
  /** Highest resident memory of the bot and its chart-drawing process, pages they share counted once. */
  peakRssMb?: number;
  /** The same, their VmRSS simply summed (shared pages counted twice). */
  peakRssSumMb?: number;
  probeAcks?: number[];
}

function hhmm(d: Date): { time: string; weekday: number } {
  const local = DateTime.fromJSDate(d, { zone: ZONE });
  return { time: local.toFormat("HH:mm"), weekday: local.weekday };
}

export async function digestFanout(
  setup: Setup,
  bot: Bot,
  probeTarget: Target,
  db: Db,
  databaseUrl: string,
  o: { reps: number; channels: number },
): Promise<FanoutRun[]> {
  const channels = Array.from({ length: o.channels }, (_, i) => digestChannel(i));
  const runs: FanoutRun[] = [];
  for (let rep = 1; rep <= o.reps; rep++) {
    const tick = await nextQuietTick(bot);
    const { time, weekday } = hhmm(tick.fakeMinute);
    setup.log(
      `digests: run ${rep} of ${o.reps}: ${o.channels} channels due at ${time} on the bot's clock, its tick in ${Math.round((tick.at - Date.now()) / 1000)} s`,
    );
    await db.delivery.deleteMany({ where: { job: { startsWith: "digest:" } } });
    await db.digestSchedule.updateMany({
      where: { channelId: { in: channels } },
      data: { active: true, time, dayOfWeek: weekday, createdAt: new Date(tick.fakeMinute.getTime() - 3_600_000) },
    });
    setup.slack.setRateLimits(true);
    const from = setup.slack.calls.length;
    const refusedFrom = setup.slack.refused.length;
    await sleep(tick.at - Date.now() - 2000);
    const probe = new AckProbe(setup, probeTarget);
    const sampler = new RssSampler(bot.pid, 50).start();
    const cpu0 = cpuMsOf(bot.pid);
    probe.start();
    const tickAt = performance.now() + (tick.at - Date.now());
    await until(
      "every digest sent",
      async () => (await db.delivery.count({ where: { job: { startsWith: "digest:" }, status: { in: ["sent", "failed"] } } })) >= o.channels,
      30 * 60_000,
    );
    const acks = await probe.stop();
    const { onceMb: peakRssMb, sumMb: peakRssSumMb } = sampler.stop();
    const botCpuMs = cpuMsOf(bot.pid) - cpu0;
    const failed = await db.delivery.count({ where: { job: { startsWith: "digest:" }, status: "failed" } });
    if (failed) setup.log(`digests: ${failed} deliveries failed`);
    const late = await db.delivery.count({ where: { job: { startsWith: "digest:" }, late: true } });
    if (late) setup.log(`digests: ${late} deliveries were sent as late: the bot's clock is not where the benchmark thinks`);
    await db.digestSchedule.updateMany({ where: { channelId: { in: channels } }, data: { active: false } });
    const calls = setup.slack.callsSince(from).filter((c) => c.method !== "auth.test" && c.landed >= tickAt);
    const ms = Math.max(...calls.map((c) => c.landed)) - tickAt;
    const leastMs = leastTimeSeconds(calls.map((c) => ({ method: c.method, channel: String(c.args.channel ?? c.args.channel_id ?? "") }))) * 1000;
    setup.log(
      `digests: the bot took ${Math.round(ms)} ms for ${calls.length} calls (${setup.slack.refused.length - refusedFrom} refused with 429); replaying them`,
    );
    const renderMs = await renderOnce(databaseUrl, db, tick.fakeMinute);
    const r = await replay(setup, replaySteps(setup, calls), `digest-${rep}`);
    const floorMs = Math.max(r.ms + renderMs, leastMs);
    setup.log(
      `digests: floor ${Math.round(floorMs)} ms (replay ${Math.round(r.ms)} + render ${Math.round(renderMs)}; rate limits' least time ${Math.round(leastMs)})`,
    );
    runs.push({
      ms,
      calls: calls.length,
      refused: setup.slack.refused.length - refusedFrom - r.refused,
      leastMs,
      replayMs: r.ms,
      replayRefused: r.refused,
      renderMs,
      floorMs,
      botCpuMs,
      peakRssMb,
      peakRssSumMb,
      probeAcks: acks,
    });
    setup.slack.forget();
  }
  setup.slack.setRateLimits(false);
  return runs;
}

export async function reminderFanout(setup: Setup, bot: Bot, db: Db, o: { reps: number; owners: number }): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  for (let rep = 1; rep <= o.reps; rep++) {
    const tick = await nextQuietTick(bot);
    setup.log(`reminders: run ${rep} of ${o.reps}: ${o.owners} owners due at the tick in ${Math.round((tick.at - Date.now()) / 1000)} s`);
    await db.delivery.deleteMany({ where: { job: { startsWith: "reminder:" } } });
    await db.reminderItem.deleteMany({});
    await db.action.updateMany({ data: { lastUpdateAt: null } }); // no longer quiet: every owner is due a reminder
    setup.slack.setRateLimits(true);
    const from = setup.slack.calls.length;
    const refusedFrom = setup.slack.refused.length;
    await sleep(tick.at - Date.now() - 1000);
    const sampler = new RssSampler(bot.pid, 50).start();
    const cpu0 = cpuMsOf(bot.pid);
    const tickAt = performance.now() + (tick.at - Date.now());
    await until(
      "every reminder sent",
      async () => (await db.delivery.count({ where: { job: { startsWith: "reminder:" }, status: { in: ["sent", "failed"] } } })) >= o.owners,
      30 * 60_000,
    );
    const { onceMb: peakRssMb, sumMb: peakRssSumMb } = sampler.stop();
    const botCpuMs = cpuMsOf(bot.pid) - cpu0;
    await db.action.updateMany({ data: { lastUpdateAt: QUIET_UNTIL_TOLD } });
    const failed = await db.delivery.count({ where: { job: { startsWith: "reminder:" }, status: "failed" } });
    if (failed) setup.log(`reminders: ${failed} deliveries failed`);
    const calls = setup.slack.callsSince(from).filter((c) => c.method !== "auth.test" && c.landed >= tickAt);
    const ms = Math.max(...calls.map((c) => c.landed)) - tickAt;
    const leastMs = leastTimeSeconds(calls.map((c) => ({ method: c.method, channel: String(c.args.channel ?? "") }))) * 1000;
    setup.log(
      `reminders: the bot took ${Math.round(ms)} ms for ${calls.length} calls (the first at ${Math.round(Math.min(...calls.map((c) => c.landed)) - tickAt)} ms; ${setup.slack.refused.length - refusedFrom} refused with 429); replaying them`,
    );
    const r = await replay(setup, replaySteps(setup, calls), `reminders-${rep}`);
    const floorMs = Math.max(r.ms, leastMs);
    setup.log(`reminders: floor ${Math.round(floorMs)} ms (replay ${Math.round(r.ms)}; rate limits' least time ${Math.round(leastMs)})`);
    runs.push({
      ms,
      calls: calls.length,
      refused: setup.slack.refused.length - refusedFrom - r.refused,
      leastMs,
      replayMs: r.ms,
      replayRefused: r.refused,
      renderMs: 0,
      floorMs,
      botCpuMs,
      peakRssMb,
      peakRssSumMb,
    });
    setup.slack.forget();
  }
  setup.slack.setRateLimits(false);
  return runs;
}

export function fanoutRows(kind: "digest" | "reminder", runs: FanoutRun[], floorQueryP99: number[], what: string): Row[] {
  const measured = summarize(runs.map((r) => r.ms / 1000));
  const floor = summarize(runs.map((r) => r.floorMs / 1000));
  const ratio = measured.median / floor.median;
  const rows: Row[] = [
    row({
      section: "fan-out",
      benchmark: `${kind} fan-out, ${what}`,
      unit: "s",
      measured,
      floor,
      target: "≤ 1.2x floor",
      pass: ratio <= 1.2,
      note: `floor: the same calls from a bare WebClient${kind === "digest" ? " + one direct render of the digest's charts" : ""}, or the rate limits' least time (${Math.round(runs[0]!.leastMs / 1000)} s) where longer; ${runs[0]!.calls} calls, ${Math.round(median(runs.map((r) => r.refused)))} refused with 429`,
    }),
  ];
  if (kind === "digest") {
    const probe = summarize(runs.map((r) => p99(r.probeAcks ?? [])));
    const floorP99 = summarize(floorQueryP99);
    rows.push(
      row({
        section: "fan-out",
        benchmark: "ack p99, /kpi <key>, 1 at a time, during the digest fan-out",
        unit: "ms",
        measured: probe,
        floor: floorP99,
        target: "p99 ≤ 1.5x floor",
        pass: probe.median / floorP99.median <= 1.5,
        note: "floor: the bare Bolt app's p99, one at a time, in the acks section",
      }),
    );
    rows.push(
      row({
        section: "fan-out",
        benchmark: "ack p50, /kpi <key>, 1 at a time, during the digest fan-out",
        unit: "ms",
        measured: summarize(runs.map((r) => p50(r.probeAcks ?? []))),
        floor: null,
        target: "—",
        pass: null,
      }),
    );
  }
  return rows;
}

export function memoryNow(pid: number): number {
  return memoryOf(pid).rssMb;
}

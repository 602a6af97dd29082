// A CPU profile of the compiled bot answering one kind of command, one at a
// time:  tsx bench/probes/profile.ts "<text>" [count]  → scratch/profiles/*.cpuprofile
import { mkdirSync, writeFileSync } from "node:fs";
import { createDb } from "../../src/db/client.js";
import { projectPath } from "../../src/paths.js";
import { ADMIN, benchIndicators } from "../lib/data.js";
import { SlackSender } from "../lib/load.js";
import { cpuMsOf } from "../lib/processes.js";
import { percentile } from "../lib/stats.js";
import { startProbeBot } from "./probe-bot.js";

const text = process.argv[2] ?? "cp-plans";
const count = Number(process.argv[3] ?? 300);
const dir = projectPath("scratch", "profiles");
mkdirSync(dir, { recursive: true });

// PAUSE_MS=n: a pause after each answer lands, so the bot is idle when the next command comes.
// NO_PROFILE=1: no profile, only the figures; BENCH_BOT_NODE_ARGS then adds node arguments (e.g. --trace-gc), and BOT_OUTPUT=<file> keeps what the bot printed.
const probe = await startProbeBot("profileprobe", process.env.NO_PROFILE ? {} : { BOT_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${dir}` });
const { bot, slack } = probe;
const sender = new SlackSender(bot.eventsUrl, slack);
// "ALL": each indicator with figures in turn, as the ack benchmark asks.
const db = createDb(probe.databaseUrl);
const keys = text === "ALL" ? (await benchIndicators(db)).map((i) => i.key) : [text];
await db.$disconnect();
const perKey = new Map<string, number[]>();
for (let i = 0; i < 30; i++) await sender.send({ text: keys[i % keys.length]!, user: ADMIN, channel: "C0PROBE0001", answer: "response" });
const cpu0 = cpuMsOf(bot.pid);
const acks: number[] = [];
for (let i = 0; i < count; i++) {
  const key = keys[i % keys.length]!;
  const c0 = cpuMsOf(bot.pid);
  acks.push((await sender.send({ text: key, user: ADMIN, channel: "C0PROBE0001", answer: "response" })).ackMs);
  if (process.env.PAUSE_MS) await new Promise((r) => setTimeout(r, Number(process.env.PAUSE_MS)));
  perKey.set(key, [...(perKey.get(key) ?? []), cpuMsOf(bot.pid) - c0]);
}
if (keys.length > 1)
  for (const [k, v] of [...perKey].sort((a, b) => b[1].reduce((x, y) => x + y) - a[1].reduce((x, y) => x + y)).slice(0, 8))
    console.log(`${k}: ${(v.reduce((x, y) => x + y) / v.length).toFixed(1)} ms CPU`);
const cpu = cpuMsOf(bot.pid) - cpu0;
console.log(
  `/kpi ${text}: ${(cpu / count).toFixed(2)} ms CPU a command; ack p50 ${percentile(acks, 50).toFixed(2)} p99 ${percentile(acks, 99).toFixed(2)} max ${Math.max(...acks).toFixed(2)}`,
);
await probe.stop();
if (process.env.BOT_OUTPUT) writeFileSync(process.env.BOT_OUTPUT, bot.proc.output());

// A CPU profile of the compiled bot answering one kind of command, one at a
// time:  tsx bench/probes/profile.ts "<text>" [count]  → scratch/profiles/*.cpuprofile
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb } from "../../src/db/client.js";
import { projectPath } from "../../src/paths.js";
import { BenchSlack } from "../lib/bench-slack.js";
import { startBot } from "../lib/bot.js";
import { ADMIN, benchIndicators, DATA_DIR } from "../lib/data.js";
import { SlackSender } from "../lib/load.js";
import { cpuMsOf } from "../lib/processes.js";

const text = process.argv[2] ?? "cp-plans";
const count = Number(process.argv[3] ?? 300);
const dir = projectPath("scratch", "profiles");
mkdirSync(dir, { recursive: true });

const slack = await new BenchSlack().start();
const db = join(DATA_DIR, "profileprobe.db");
copyFileSync(join(DATA_DIR, "years35.db"), db);
const bot = await startBot(slack, `file:${db}`, process.env.NO_PROFILE ? {} : { BOT_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${dir}` });
const sender = new SlackSender(bot.eventsUrl, slack);
// "ALL": each indicator with figures in turn, as the ack benchmark asks.
const keys = text === "ALL" ? (await benchIndicators(createDb(`file:${db}`))).map((i) => i.key) : [text];
const perKey = new Map<string, number[]>();
for (let i = 0; i < 30; i++) await sender.send({ text: keys[i % keys.length]!, user: ADMIN, channel: "C0PROBE0001", answer: "response" });
const cpu0 = cpuMsOf(bot.pid);
const acks: number[] = [];
for (let i = 0; i < count; i++) {
  const key = keys[i % keys.length]!;
  const c0 = cpuMsOf(bot.pid);
  acks.push((await sender.send({ text: key, user: ADMIN, channel: "C0PROBE0001", answer: "response" })).ackMs);
  perKey.set(key, [...(perKey.get(key) ?? []), cpuMsOf(bot.pid) - c0]);
}
if (keys.length > 1)
  for (const [k, v] of [...perKey].sort((a, b) => b[1].reduce((x, y) => x + y) - a[1].reduce((x, y) => x + y)).slice(0, 8))
    console.log(`${k}: ${(v.reduce((x, y) => x + y) / v.length).toFixed(1)} ms CPU`);
const cpu = cpuMsOf(bot.pid) - cpu0;
acks.sort((a, b) => a - b);
console.log(
  `/kpi ${text}: ${(cpu / count).toFixed(2)} ms CPU a command; ack p50 ${acks[Math.floor(count / 2)]!.toFixed(2)} p99 ${acks[Math.floor(count * 0.99)]!.toFixed(2)} max ${acks.at(-1)!.toFixed(2)}`,
);
if (process.env.SHOW)
  console.log(
    bot.proc
      .output()
      .split("\n")
      .filter((l) => l.includes(process.env.SHOW!))
      .join("\n"),
  );
await bot.stop();
await slack.stop();

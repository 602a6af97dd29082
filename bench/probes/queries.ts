// The SQL one /kpi query and one record send, as the compiled bot runs them:
//   SQL_TRACE=1 tsx bench/probes/queries.ts  (with a write-watch that prints them)
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { BenchSlack } from "../lib/bench-slack.js";
import { startBot } from "../lib/bot.js";
import { ADMIN, DATA_DIR } from "../lib/data.js";
import { SlackSender } from "../lib/load.js";
import { sleep } from "../lib/processes.js";

const slack = await new BenchSlack().start();
const db = join(DATA_DIR, "queryprobe.db");
copyFileSync(join(DATA_DIR, "years35.db"), db);
const bot = await startBot(slack, `file:${db}`, { SQL_TRACE: "1" });
const sender = new SlackSender(bot.eventsUrl, slack);
const texts = (process.argv[2] ?? "cp-plans|cp-plans|cp-plans 300 2026-05").split("|");
for (const text of texts) {
  const before = bot.proc.output().split("\n").length;
  await sender.send({ text, user: ADMIN, channel: "C0PROBE0001", answer: "response" });
  await sleep(300);
  const lines = bot.proc
    .output()
    .split("\n")
    .slice(before - 1)
    .filter((l) => l.startsWith("SQL"));
  console.log(`== /kpi ${text}: ${lines.length} statements\n${lines.join("\n")}`);
}
await bot.stop();
await slack.stop();

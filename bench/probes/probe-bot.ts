// What the probes share: the benchmark's Slack and the compiled bot on a copy
// of the 35-year database that `npm run bench` made (bench/.data/years35.db).
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { BenchSlack } from "../lib/bench-slack.js";
import { type Bot, startBot } from "../lib/bot.js";
import { DATA_DIR } from "../lib/data.js";

export interface ProbeBot {
  slack: BenchSlack;
  bot: Bot;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** Environment for the bot from NAME=value words (a value may itself hold "=", as in BOT_NODE_ARGS=--flag=1). */
export function envFrom(words: readonly string[]): Record<string, string> {
  return Object.fromEntries(words.filter(Boolean).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
}

export async function startProbeBot(name: string, env: Record<string, string> = {}): Promise<ProbeBot> {
  const slack = await new BenchSlack().start();
  const file = join(DATA_DIR, `${name}.db`);
  copyFileSync(join(DATA_DIR, "years35.db"), file);
  const bot = await startBot(slack, `file:${file}`, env);
  return {
    slack,
    bot,
    databaseUrl: `file:${file}`,
    async stop() {
      await bot.stop();
      await slack.stop();
    },
  };
}

// What every section shares: the Slack, the load generator, the data, the log.
import type { Db } from "../../src/db/client.js";
import type { BenchSlack } from "../lib/bench-slack.js";
import { ADMIN, LAST_PERIOD, RECORD_PERIODS } from "../lib/data.js";
import type { Command, SlackSender } from "../lib/load.js";
import { percentile } from "../lib/stats.js";

/** An app under load: the bot or the bare Bolt floor. */
export interface Target {
  pid: number;
  sender: SlackSender;
  /** The bot's database, for removing recorded figures between rounds; null for the bare Bolt app. */
  db: Db | null;
}

export interface Setup {
  slack: BenchSlack;
  /** The 30 indicators with figures. */
  keys: string[];
  /** Each one's figure for LAST_PERIOD: recorded again for May or June, it never looks like a slip. */
  latest: Map<string, number>;
  log: (line: string) => void;
}

export const p50 = (xs: number[]) => percentile(xs, 50);
export const p99 = (xs: number[]) => percentile(xs, 99);

export function queryCommand(setup: Setup, i: number, channel = "C0BENCHQRY1"): Command {
  return { text: setup.keys[i % setup.keys.length]!, user: ADMIN, channel, answer: "response" };
}

/** The i-th of the 60 figures the record benchmarks may write (30 indicators × May and June 2026), each a fresh record. */
export function recordCommand(setup: Setup, i: number, channel = "C0BENCHREC1"): Command {
  const n = i % (setup.keys.length * RECORD_PERIODS.length);
  const key = setup.keys[n % setup.keys.length]!;
  const period = RECORD_PERIODS[Math.floor(n / setup.keys.length)]!;
  return { text: `${key} ${setup.latest.get(key)} ${period}`, user: ADMIN, channel, answer: "response" };
}

export const RECORD_SLOTS = (setup: Setup) => setup.keys.length * RECORD_PERIODS.length;

/** Remove what the record benchmarks wrote (the figures for May and June 2026 and their audit entries), so the next record is a fresh one again. */
export async function forgetRecords(db: Db, setup: Setup): Promise<void> {
  const subjects = setup.keys.flatMap((k) => RECORD_PERIODS.map((p) => `${k}@${p}`));
  await db.measurement.deleteMany({ where: { period: { in: RECORD_PERIODS } } });
  await db.auditEntry.deleteMany({ where: { subject: { in: subjects } } });
}

export { LAST_PERIOD };

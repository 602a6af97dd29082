// When slow acks happen: /kpi commands back to back (each after the last one's
// answer) against the compiled bot on the 35-year database, for a while; the
// ack p50 and p99, and each ack over 3 ms with the time it was sent, to see
// whether they bunch (at the minute's delivery tick, say) or spread.
//   tsx bench/probes/ack-spread.ts [seconds] [ENV=value for the bot]
import { createDb } from "../../src/db/client.js";
import { ADMIN, benchIndicators } from "../lib/data.js";
import { SlackSender } from "../lib/load.js";
import { percentile } from "../lib/stats.js";
import { envFrom, startProbeBot } from "./probe-bot.js";

const seconds = Number(process.argv[2] ?? 60);
const probe = await startProbeBot("ackspread", envFrom(process.argv.slice(3)));
const sender = new SlackSender(probe.bot.eventsUrl, probe.slack);
const db = createDb(probe.databaseUrl);
const keys = (await benchIndicators(db)).map((i) => i.key);
await db.$disconnect();
const acks: { at: number; ms: number }[] = [];
const end = Date.now() + seconds * 1000;
for (let i = 0; Date.now() < end; i++) {
  const at = Date.now();
  acks.push({ at, ms: (await sender.send({ text: keys[i % keys.length]!, user: ADMIN, channel: "C0PROBE0001", answer: "response" })).ackMs });
}
const ms = acks.map((a) => a.ms);
console.log(`${acks.length} commands: ack p50 ${percentile(ms, 50).toFixed(2)} ms, p99 ${percentile(ms, 99).toFixed(2)} ms`);
for (const a of acks) if (a.ms > 3) console.log(`${new Date(a.at).toISOString().slice(11, 23)}  ${a.ms.toFixed(2)} ms`);
await probe.stop();

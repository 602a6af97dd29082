// Reminder fan-out once the bot knows its DM channels (the weekly run after
// the first): run-due in this process twice, timing the second from its start
// to the last Slack call, with the count of database writes it made.
//   npx tsx bench/probes/reminders-known.ts [--actions 1000] [--owners 200]
import { parseArgs } from "node:util";
import { bootstrap } from "../../src/bootstrap.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { createWebClient } from "../../src/slack/client.js";
import { startFakeSlack } from "../../test/support/fake-slack.js";
import { addPlan, probeDatabase, probeEnv } from "./world.js";

const { values: args } = parseArgs({ options: { actions: { type: "string", default: "1000" }, owners: { type: "string", default: "200" } } });
const A = Number(args.actions);
const O = Number(args.owners);
const NOW = new Date("2026-11-23T10:00:30Z"); // Monday 10:00 UK time: the weekly reminder

const fake = await startFakeSlack();
const file = await probeDatabase(1);
const ctx = await bootstrap(probeEnv(fake.apiUrl, file));
const db = ctx.db;
await addPlan(db, A, O);
const client = createWebClient(ctx.config, ctx.log);
const at = { ...ctx, now: () => NOW };
for (const rep of [0, 1, 2, 3]) {
  await db.delivery.deleteMany({});
  await db.reminderItem.deleteMany({});
  const from = fake.calls.length;
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const report = await runDue(at, client, NOW);
  const cpu = process.cpuUsage(cpu0);
  const calls = fake.calls.slice(from);
  console.log(
    `${rep ? "known" : "first"}: sent ${report.sent.length}, ${calls.length} calls, start to last call ${(calls.at(-1)?.at ?? 0) - t0} ms, to first call ${(calls[0]?.at ?? 0) - t0} ms, cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms`,
  );
}
if (process.env.PROBE_KEEP_DB) console.log("database", file);
await db.$disconnect();
await fake.stop();
process.exit(0);

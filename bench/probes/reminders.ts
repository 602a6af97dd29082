// Reminder fan-out: `actions` open actions owned by `owners` people, all due
// within the reminder window, sent by `run-due` of a compiled build at the
// weekly reminder slot (Monday 10:00). Timed from the first Slack call to the
// last, with the floor: the same calls (conversations.open and
// chat.postMessage a person) from a bare WebClient, all at once.
//   npx tsx bench/probes/reminders.ts [--cli dist/src/cli/main.js] [--actions 1000] [--owners 200]
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs, promisify } from "node:util";
import { WebClient } from "@slack/web-api";
import { createDb } from "../../src/db/client.js";
import { BOT_TOKEN, startFakeSlack } from "../../test/support/fake-slack.js";
import { addPlan, probeDatabase, probeEnv } from "./world.js";

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    cli: { type: "string", default: "dist/src/cli/main.js" },
    actions: { type: "string", default: "1000" },
    owners: { type: "string", default: "200" },
  },
});
const NOW = "2026-11-23T10:00:30Z"; // Monday 10:00 UK time: the weekly reminder
const A = Number(args.actions);
const O = Number(args.owners);

const fake = await startFakeSlack();
const file = await probeDatabase(1);
const db = createDb(`file:${file}`);
await addPlan(db, A, O);
if (process.env.PROBE_WAL) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // as branch atomic sets it
await db.$disconnect();
if (process.env.PROBE_KEEP_DB) console.log("database", file);

const env = probeEnv(fake.apiUrl, file);
const t0 = Date.now();
const r = await run(process.execPath, [...(process.env.PROBE_NODE_ARGS?.split(" ").filter(Boolean) ?? []), args.cli!, "run-due", "--now", NOW], {
  env,
  maxBuffer: 1 << 24,
}).catch((e) => e);
if (!r.stdout || process.env.PROBE_VERBOSE) console.error(r.stdout, r.stderr ?? r);
const wall = Date.now() - t0;
const calls = fake.calls;
const first = calls[0]?.at ?? 0;
const last = calls.at(-1)?.at ?? 0;
const report = JSON.parse(r.stdout || "{}");
console.log(
  `${args.cli}: ${A} actions, ${O} owners: sent ${report.sent?.length}, first call to last ${last - first} ms, process ${wall} ms, ${calls.length} calls; load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
);

const posted = calls.filter((c) => c.method === "chat.postMessage");
const client = new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl });
const f0 = Date.now();
await Promise.all(
  posted.map(async (c, i) => {
    const open = await client.conversations.open({ users: `U0BARE${String(i).padStart(5, "0")}` });
    await client.chat.postMessage({ channel: open.channel!.id!, text: String(c.args.text), blocks: c.args.blocks as never });
  }),
);
console.log(`bare WebClient: the same ${posted.length} conversations.open and chat.postMessage at once: ${Date.now() - f0} ms`);
await fake.stop();
process.exit(0);

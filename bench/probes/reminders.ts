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
import { probeDatabase } from "./world.js";

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
await db.planTheme.create({ data: { name: "Practice", position: 1 } }).catch(() => undefined);
const keys = (await db.indicator.findMany({ select: { key: true } })).map((i) => i.key);
const created = new Date("2026-10-01T00:00:00Z");
for (let i = 0; i < A; i += 500) {
  await db.action.createMany({
    data: Array.from({ length: Math.min(500, A - i) }, (_, j) => {
      const n = i + j;
      return {
        ref: `A${String(n).padStart(4, "0")}`,
        theme: "Practice",
        position: n,
        title: `Action ${n}: audit a sample of case files and report to the board`,
        ownerId: `U0OWN${String(n % O).padStart(6, "0")}`,
        sponsorId: "U0SPONSOR01",
        due: `2026-12-${String(1 + (n % 6)).padStart(2, "0")}`,
        measureKey: n % 3 === 0 ? keys[n % keys.length]! : null,
        status: "on_track",
        createdAt: created,
      };
    }),
  });
}
if (process.env.PROBE_WAL) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // as branch atomic sets it
await db.$disconnect();
if (process.env.PROBE_KEEP_DB) console.log("database", file);

const env = {
  ...process.env,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: "x".repeat(32),
  SLACK_API_URL: fake.apiUrl,
  DATABASE_URL: `file:${file}`,
  LOG_LEVEL: "error",
};
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

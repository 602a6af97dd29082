// Digest fan-out: N channels' Monday digests due at one instant, sent by
// `run-due` of a compiled build (--main-cli) against the fake Slack; timed from
// the first Slack call to the last, with the floor: the same calls (a message
// and one upload a channel) from a bare WebClient, all at once, plus one
// render of the digest's images. A probe, not the benchmark (`npm run bench`):
//   npx tsx bench/probes/fanout.ts [--cli dist/src/cli/main.js] [--channels 50] [--years 1]
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs, promisify } from "node:util";
import { WebClient } from "@slack/web-api";
import { createDb } from "../../src/db/client.js";
import { BOT_TOKEN, startFakeSlack } from "../../test/support/fake-slack.js";
import { ADMIN, probeDatabase, probeEnv } from "./world.js";

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    cli: { type: "string", default: "dist/src/cli/main.js" },
    channels: { type: "string", default: "50" },
    years: { type: "string", default: "1" },
  },
});
const N = Number(args.channels);
const NOW = "2026-11-23T09:00:30Z"; // a Monday, 09:00 UK time

const fake = await startFakeSlack();
const file = await probeDatabase(Number(args.years));
const db = createDb(`file:${file}`);
for (let i = 0; i < N; i++) {
  await db.digestSchedule.create({
    data: {
      channelId: `C0FAN${String(i).padStart(6, "0")}`,
      cadence: "weekly",
      dayOfWeek: 1,
      time: "09:00",
      keys: "",
      createdBy: ADMIN,
      createdAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
}
if (process.env.PROBE_WAL) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // as branch atomic sets it
await db.$disconnect();

const env = probeEnv(fake.apiUrl, file);
const t0 = Date.now();
const pending = run(process.execPath, [...(process.env.PROBE_NODE_ARGS?.split(" ").filter(Boolean) ?? []), args.cli!, "run-due", "--now", NOW], {
  env,
  maxBuffer: 1 << 24,
});
// Peak resident memory of the run-due process, sampled every 20 ms.
let peak = 0;
const sampler = setInterval(() => {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pending.child.pid}/status`, "utf8"));
    if (m) peak = Math.max(peak, Number(m[1]) / 1024);
  } catch {}
}, 20);
const r = await pending.catch((e) => e);
clearInterval(sampler);
if (!r.stdout) console.error(r.stderr ?? r);
const wall = Date.now() - t0;
const calls = fake.calls;
const first = calls.find((c) => c.method === "chat.postMessage")?.at ?? 0;
const last = calls.at(-1)?.at ?? 0;
const report = JSON.parse(r.stdout || "{}");
console.log(
  `${args.cli}: ${N} channels, ${args.years} years: sent ${report.sent?.length}, first post to last call ${last - first} ms, process ${wall} ms, ${calls.filter((c) => c.method === "files.completeUploadExternal").length} uploads, peak RSS ${Math.round(peak)} MB; load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
);

// The floor: the same Slack calls from a bare WebClient, all at once, with one image of the same size.
const uploads = calls.filter((c) => c.method === "files.completeUploadExternal").length / N;
const png = fake.uploads.values().next().value?.bytes ?? Buffer.alloc(100_000);
const client = new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl });
const f0 = Date.now();
await Promise.all(
  Array.from({ length: N }, async (_, i) => {
    const channel = `C0BARE${String(i).padStart(5, "0")}`;
    await client.chat.postMessage({ channel, text: "digest", blocks: [] });
    for (let u = 0; u < uploads; u++) await client.filesUploadV2({ channel_id: channel, file: png, filename: "s.png", title: "s" });
  }),
);
console.log(`bare WebClient: the same ${N} messages and ${uploads * N} uploads at once: ${Date.now() - f0} ms`);
await fake.stop();
process.exit(0);

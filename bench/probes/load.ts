// Ack and answer latency of /kpi commands, against a bot process (the compiled
// bot, or the bare Bolt floor) over loopback, and the bot's CPU time per
// request (from /proc). A probe, not the benchmark (`npm run bench`):
//   npx tsx bench/probes/load.ts [--main dist/src/main.js] [--years 1] [--kinds query,list] [--conc 1,50] [--waves 4]
//   npx tsx bench/probes/load.ts --bare
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { signedHeaders, slashCommandBody } from "../../src/sandbox/slack-emulator/index.js";
import { BOT_TOKEN, type FakeSlack, startFakeSlack, TEAM_ID } from "../../test/support/fake-slack.js";
import { ADMIN, probeDatabase } from "./world.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "C0BOARD0001";

const { values: args } = parseArgs({
  options: {
    main: { type: "string", default: "dist/src/main.js" },
    bare: { type: "boolean", default: false },
    years: { type: "string", default: "1" },
    kinds: { type: "string", default: "query,history,list,record,chart,spc" },
    conc: { type: "string", default: "1,50" },
    waves: { type: "string", default: "4" },
    serial: { type: "string", default: "30" },
  },
});

const KIND_TEXT: Record<string, string> = {
  query: "cp-plans",
  history: "cp-plans history",
  list: "list",
  record: "cp-plans 301",
  chart: "cp-plans chart",
  spc: "assess-45wd spc",
  help: "help",
};

/** response_url posts, timed on arrival. */
class Replies {
  readonly arrived = new Map<string, number>();
  private waiters = new Map<string, () => void>();
  server: Server | null = null;
  url = "";
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const id = (req.url ?? "").split("/").at(-1)!;
      req.resume();
      req.on("end", () => {
        this.arrived.set(id, performance.now());
        this.waiters.get(id)?.();
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/r/`;
  }
  wait(id: string, timeoutMs = 30_000): Promise<number> {
    const at = this.arrived.get(id);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no reply to ${id}`)), timeoutMs);
      this.waiters.set(id, () => {
        clearTimeout(t);
        resolve(this.arrived.get(id)!);
      });
    });
  }
}

function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

let seq = 0;

async function main(): Promise<void> {
  const fake: FakeSlack = await startFakeSlack();
  const replies = new Replies();
  await replies.start();
  const port = 40000 + (process.pid % 20000);
  const dbFile = await probeDatabase(Number(args.years));
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/root",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: `file:${dbFile}`,
    PORT: String(port),
    ADMIN_USER_IDS: ADMIN,
    LOG_LEVEL: "info",
    NODE_ENV: "production",
  };
  const script = args.bare ? "bench/probes/bare-bolt.mjs" : args.main!;
  const child: ChildProcess = spawn(process.execPath, [...(process.env.PROBE_NODE_ARGS?.split(" ").filter(Boolean) ?? []), script], {
    env,
    stdio: ["ignore", "ignore", process.env.PROBE_VERBOSE ? "inherit" : "ignore"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(args.bare ? `${base}/slack/events` : `${base}/healthz`, { method: args.bare ? "POST" : "GET" });
      if (args.bare || r.ok) break;
    } catch {
      if (i > 600) throw new Error("the bot did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await new Promise((r) => setTimeout(r, 1500)); // let start-up settle
  const pid = child.pid!;
  console.log(
    `${args.bare ? "bare Bolt" : script}, ${args.years} years; idle RSS ${rssMb(pid).toFixed(0)} MB; load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );

  const send = async (text: string): Promise<{ ack: number; answer: number | null }> => {
    const id = `p${++seq}`;
    const body = slashCommandBody({
      teamId: TEAM_ID,
      user: ADMIN,
      userName: "admin",
      channel: CHANNEL,
      channelName: "board",
      command: "/kpi",
      text,
      responseUrl: `${replies.url}${id}`,
      triggerId: `1.2.${id}`,
    });
    const t0 = performance.now();
    const res = await fetch(`${base}/slack/events`, { method: "POST", headers: signedHeaders(SECRET, body, "application/x-www-form-urlencoded"), body });
    await res.arrayBuffer();
    const ack = performance.now() - t0;
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    if (args.bare) return { ack, answer: null };
    // A chart's answer is its upload's completion (a file in the channel), timed per wave below.
    if (text.endsWith("chart") || text.endsWith("spc")) return { ack, answer: null };
    const at = await replies.wait(id);
    return { ack, answer: at - t0 };
  };

  const kinds = args.kinds!.split(",");
  for (const conc of args.conc!.split(",").map(Number)) {
    for (const kind of kinds) {
      const text = KIND_TEXT[kind]!;
      const posting = text.endsWith("chart") || text.endsWith("spc");
      const acks: number[] = [];
      const answers: number[] = [];
      const rounds = conc === 1 ? Number(args.serial) : Number(args.waves);
      // Warm up (for a chart: until it is uploaded, so the chart thread has started).
      const uploadsBefore = fake.callsTo("files.completeUploadExternal").length;
      await send(text);
      if (posting && !args.bare) await fake.waitFor(() => fake.callsTo("files.completeUploadExternal").length > uploadsBefore, "the warm-up chart", 30_000);
      const cpu0 = cpuMs(pid);
      let peak = rssMb(pid);
      for (let w = 0; w < rounds; w++) {
        const uploads0 = fake.callsTo("files.completeUploadExternal").length;
        const t0 = performance.now();
        const done: number[] = [];
        let watching = true;
        const watch = posting
          ? (async () => {
              while (watching) {
                const n = fake.callsTo("files.completeUploadExternal").length - uploads0;
                while (done.length < n) done.push(performance.now() - t0);
                if (n >= conc) break;
                await new Promise((r) => setTimeout(r, 2));
              }
            })()
          : Promise.resolve();
        const results = await Promise.all(Array.from({ length: conc }, () => send(text)));
        for (const r of results) {
          acks.push(r.ack);
          if (r.answer !== null) answers.push(r.answer);
        }
        if (posting && !args.bare) {
          const deadline = Date.now() + 60_000;
          while (done.length < conc && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
          watching = false;
          await watch;
          answers.push(...done);
        }
        peak = Math.max(peak, rssMb(pid));
      }
      const cpu = (cpuMs(pid) - cpu0) / (rounds * conc);
      const a = answers.length ? `answer p50 ${pct(answers, 50).toFixed(1)} p99 ${pct(answers, 99).toFixed(1)} ms` : "";
      console.log(
        `${kind.padEnd(8)} x${String(conc).padEnd(3)} ack p50 ${pct(acks, 50).toFixed(1).padStart(7)} p99 ${pct(acks, 99).toFixed(1).padStart(7)} ms  ${a}  cpu ${cpu.toFixed(1)} ms/req  rss ${peak.toFixed(0)} MB`,
      );
    }
  }
  child.kill("SIGTERM");
  await fake.stop();
  replies.server?.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

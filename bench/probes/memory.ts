// Where the compiled bot's resident memory goes, idle after start: RSS at a few
// moments and the biggest mappings (anonymous heap, shared libraries, code),
// and the RSS of the processes it started (the chart-drawing process).
//   tsx bench/probes/memory.ts [seconds...]
// CHARTS=n: first draw n charts and n SPC charts, one at a time; the seconds
// then count from the last. PROBE_ENV='A=1 B=2': more environment for the bot.
import { ADMIN } from "../lib/data.js";
import { SlackSender } from "../lib/load.js";
import { processTree, residentByMapping, sleep } from "../lib/processes.js";
import { envFrom, startProbeBot } from "./probe-bot.js";

const at = process.argv.slice(2).map(Number);
let t0 = Date.now();
const probe = await startProbeBot("memprobe", envFrom((process.env.PROBE_ENV ?? "").split(/\s+/)));
const { bot } = probe;
const charts = Number(process.env.CHARTS ?? 0);
if (charts) {
  const sender = new SlackSender(bot.eventsUrl, probe.slack);
  for (let i = 0; i < charts; i++)
    for (const kind of ["chart", "spc"])
      await sender.send({
        text: `cp-plans ${kind}`,
        user: ADMIN,
        channel: `C0MEM${String(i).padStart(3, "0")}${kind === "chart" ? "A" : "B"}`,
        answer: "upload",
      });
  console.log(`drew ${charts * 2} charts`);
  t0 = Date.now();
}
for (const s of at.length ? at : [5, 15, 30]) {
  await sleep(Math.max(0, s * 1000 - (Date.now() - t0)));
  for (const [i, pid] of processTree(bot.pid).entries()) {
    const m = new Map([...residentByMapping(pid)].map(([name, { rss }]) => [name, rss]));
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`${s} s: ${Math.round(total / 1024)} MB${i === 0 ? "" : `, process ${pid}, started by the bot`}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, i === 0 ? 12 : 6)) console.log(`   ${String(Math.round(v / 1024)).padStart(5)} MB  ${k}`);
  }
}
await probe.stop();

// Charts are drawn in a child process (charts/worker.ts, run by a tinypool
// pool), so drawing and PNG encoding (tens of milliseconds a chart) never hold
// up the thread that acks Slack's requests, and canvas never loads into the
// bot's own process. The pool starts with the first chart, keeps at most one
// process fewer than the machine has cores (and never more than two), and lets
// a process go after a while without work: it exits, and everything canvas and
// chart.js took (Cairo, Pango, fonts, their heaps) goes back to the system,
// which a worker thread's end did not do (the libraries stayed mapped).

import { availableParallelism } from "node:os";
import type Tinypool from "tinypool";
import type { ChartJob } from "../charts/chart-job.js";
import { threadEntry } from "../thread-entry.js";

/** A drawing process with nothing to draw for this long ends. */
export const CHART_POOL_IDLE_MS = 30_000;

/**
 * What the drawing process is given of the environment: nothing secret (it
 * needs no token, no database), only what finding fonts and temporary files
 * may read, and glibc's malloc settings (scripts/run.sh), which matter most
 * where the pixels are.
 */
const DRAWING_ENV = [
  "PATH",
  "HOME",
  "LANG",
  "TZ",
  "TMPDIR",
  "FONTCONFIG_PATH",
  "FONTCONFIG_FILE",
  "XDG_CACHE_HOME",
  "MALLOC_ARENA_MAX",
  "MALLOC_MMAP_THRESHOLD_",
];

let pool: Tinypool | null = null;
let drawn = 0;

/** Charts drawn by this process so far (tests and benchmarks read it to see drawings shared). */
export function chartsDrawn(): number {
  return drawn;
}

async function chartPool(): Promise<Tinypool> {
  if (pool) return pool;
  const { default: Tinypool } = await import("tinypool"); // with the first chart, not at start-up (memory)
  if (pool) return pool;
  const entry = threadEntry(new URL("../charts/worker.js", import.meta.url), new URL("../charts/worker.ts", import.meta.url));
  pool = new Tinypool({
    runtime: "child_process",
    filename: entry.filename,
    // A young generation of 6 MB a half, not V8's 16: drawing makes a lot of short-lived garbage. Smaller
    // (1 to 4 MB) drew each chart 25 to 35 ms slower, timed in the drawing process (a trend chart 81 ms, not 53).
    execArgv: [...(entry.execArgv ?? []), "--max-semi-space-size=6"],
    env: Object.fromEntries(DRAWING_ENV.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k] as string]]))),
    // Structured clone over the IPC channel, so a PNG arrives as bytes rather than as JSON.
    serialization: "advanced",
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
    idleTimeout: CHART_POOL_IDLE_MS,
  });
  // A drawing process that ends with no chart in hand (killed while idle) loses nothing: the next chart
  // starts another. One that ends while drawing fails those charts, and their callers say so. Without a
  // listener, the first would be an unhandled "error" event, and end the bot.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * Start a drawing process now, when charts will be wanted shortly (a digest run
 * has digests due): it loads canvas and chart.js (a few hundred milliseconds)
 * while the digests are composed, not after.
 */
export function warmChartPool(): void {
  chartPool()
    .then((p) => (p.threads.length ? undefined : p.run({ kind: "warm" } satisfies ChartJob)))
    .catch(() => undefined); // the charts themselves report any failure to start
}

/** The chart's PNG, drawn in the drawing process. */
export async function drawChart(job: ChartJob): Promise<Buffer> {
  drawn++;
  const png: Uint8Array = await (await chartPool()).run(job);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/** Ends the drawing processes (at shutdown, and at the end of a CLI command, so the process can exit). */
export async function closeChartPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}

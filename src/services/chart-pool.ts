// Charts are drawn in worker threads (charts/worker.ts), so drawing and PNG
// encoding (tens of milliseconds a chart) never hold up the thread that acks
// Slack's requests. The pool starts with the first chart, keeps at most one
// thread fewer than the machine has cores (and never more than two), and lets
// a thread go after a while without work: canvas and chart.js then leave memory.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import type { ChartJob } from "../charts/chart-job.js";
import { threadEntry } from "../thread-entry.js";

/** A thread with nothing to draw for this long ends. */
export const CHART_POOL_IDLE_MS = 30_000;

let pool: Piscina | null = null;
let drawn = 0;

/** Charts drawn by this process so far (tests and benchmarks read it to see drawings shared). */
export function chartsDrawn(): number {
  return drawn;
}

async function chartPool(): Promise<Piscina> {
  if (pool) return pool;
  const { Piscina } = await import("piscina"); // with the first chart, not at start-up (memory)
  if (pool) return pool;
  // node-canvas crashes the process at exit if only a worker thread ever loaded
  // it (its native module is torn down with the thread). Loading it here too
  // costs little: the thread maps the same Cairo and Pango libraries anyway.
  createRequire(import.meta.url)("canvas");
  pool = new Piscina({
    ...threadEntry(new URL("../charts/worker.js", import.meta.url), new URL("../charts/worker.ts", import.meta.url)),
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
    idleTimeout: CHART_POOL_IDLE_MS,
    // A small young generation: drawing makes a lot of short-lived garbage, collected sooner (about 40 MB less at peak).
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  return pool;
}

/**
 * Start a drawing thread now, when charts will be wanted shortly (a digest run
 * has digests due): the thread loads canvas and chart.js (a few hundred
 * milliseconds) while the digests are composed, not after.
 */
export function warmChartPool(): void {
  chartPool()
    .then((p) => (p.threads.length ? undefined : p.run({ kind: "warm" } satisfies ChartJob)))
    .catch(() => undefined); // the charts themselves report any failure to start
}

/** The chart's PNG, drawn in a worker thread. */
export async function drawChart(job: ChartJob): Promise<Buffer> {
  drawn++;
  const png: Uint8Array = await (await chartPool()).run(job);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/** Ends the threads (at shutdown, and at the end of a CLI command, so the process can exit). */
export async function closeChartPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}

// `import-metrics` of 18,000 figures into a fresh database, by the compiled CLI
// in its own process (as `npm run cli -- import-metrics` runs it, without the
// set-up and build checks). Rows a second over the import itself: the same
// CLI importing a file of one row, on another fresh copy, is timed in each run
// and taken off (start-up, migration check, catalogue check).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { BOT_TOKEN } from "../lib/bench-slack.js";
import { CLI } from "../lib/bot.js";
import { ADMIN, DATA_DIR } from "../lib/data.js";
import { SIGNING_SECRET } from "../lib/load.js";
import { type Row, row } from "../lib/report.js";
import { summarize } from "../lib/stats.js";

const run = promisify(execFile);

export interface ImportRun {
  rows: number;
  wallMs: number;
  startupMs: number;
  /** NaN when the import failed. */
  rowsPerSecond: number;
  /** What the CLI said when it failed (its first lines). */
  failure?: string;
}

async function importFile(databaseUrl: string, csv: string): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, [CLI, "import-metrics", csv], {
    cwd: DATA_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: "http://127.0.0.1:9/api/",
      DATABASE_URL: databaseUrl,
      ADMIN_USER_IDS: ADMIN,
      LOG_LEVEL: "error",
    },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  return { ms: performance.now() - t0, stdout };
}

/** `fresh(i)` gives the URL of a new copy of the base database (no figures) and a function that disposes of it. */
export async function importBenchmark(
  o: { reps: number; rows: number; csv: string; oneRowCsv: string },
  fresh: (name: string) => Promise<{ url: string; dispose: () => Promise<void> }>,
  log: (l: string) => void,
  label: string,
): Promise<ImportRun[]> {
  const runs: ImportRun[] = [];
  for (let rep = 1; rep <= o.reps; rep++) {
    const small = await fresh(`one-${rep}`);
    const startup = await importFile(small.url, o.oneRowCsv);
    await small.dispose();
    const big = await fresh(`full-${rep}`);
    const t0 = performance.now();
    const full = await importFile(big.url, o.csv).catch((e: { stdout?: string; stderr?: string; message?: string }) => ({
      ms: performance.now() - t0,
      stdout: "",
      failure: `${e.stderr || e.stdout || e.message || e}`.replace(/\s+/g, " ").trim().slice(0, 400),
    }));
    await big.dispose();
    if ("failure" in full || !full.stdout.includes(`${o.rows} rows imported`)) {
      const failure = "failure" in full ? full.failure : full.stdout.slice(0, 500);
      log(`import (${label}): run ${rep} of ${o.reps} FAILED after ${Math.round(full.ms)} ms: ${failure}`);
      runs.push({ rows: o.rows, wallMs: full.ms, startupMs: startup.ms, rowsPerSecond: Number.NaN, failure });
      continue;
    }
    const rowsPerSecond = o.rows / ((full.ms - startup.ms) / 1000);
    log(
      `import (${label}): run ${rep} of ${o.reps}: ${Math.round(full.ms)} ms in all, ${Math.round(startup.ms)} ms for a one-row file: ${Math.round(rowsPerSecond)} rows/s`,
    );
    runs.push({ rows: o.rows, wallMs: full.ms, startupMs: startup.ms, rowsPerSecond });
  }
  return runs;
}

export function importRows(runs: ImportRun[], label: string, target: number): Row {
  const failed = runs.filter((r) => r.failure !== undefined);
  // A failed import counts as 0 rows a second.
  const measured = summarize(runs.map((r) => (Number.isNaN(r.rowsPerSecond) ? 0 : r.rowsPerSecond)));
  return row({
    section: "import",
    benchmark: `import-metrics, ${runs[0]?.rows ?? 0} figures, ${label}`,
    unit: "rows/s",
    measured,
    floor: null,
    target: `≥ ${target.toLocaleString("en-GB")} rows/s`,
    pass: measured.median >= target && failed.length === 0,
    note: `rows / (the import's wall time − the same CLI's wall time for a one-row file)${failed.length ? `; ${failed.length} of ${runs.length} runs FAILED (counted as 0): ${failed[0]!.failure!.slice(0, 300)}` : ""}`,
  });
}

export const ONE_ROW = (dir: string) => join(dir, "one-row.csv");

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
  rowsPerSecond: number;
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
    const full = await importFile(big.url, o.csv);
    await big.dispose();
    if (!full.stdout.includes(`${o.rows} rows imported`)) throw new Error(`import-metrics did not import ${o.rows} rows: ${full.stdout}`);
    const rowsPerSecond = o.rows / ((full.ms - startup.ms) / 1000);
    log(`import (${label}): run ${rep} of ${o.reps}: ${Math.round(full.ms)} ms in all, ${Math.round(startup.ms)} ms for a one-row file: ${Math.round(rowsPerSecond)} rows/s`);
    runs.push({ rows: o.rows, wallMs: full.ms, startupMs: startup.ms, rowsPerSecond });
  }
  return runs;
}

export function importRows(runs: ImportRun[], label: string, target: number): Row {
  const measured = summarize(runs.map((r) => r.rowsPerSecond));
  return row({
    section: "import",
    benchmark: `import-metrics, ${runs[0]?.rows ?? 0} figures, ${label}`,
    unit: "rows/s",
    measured,
    floor: null,
    target: `≥ ${target.toLocaleString("en-GB")} rows/s`,
    pass: measured.median >= target,
    note: "rows / (the import's wall time − the same CLI's wall time for a one-row file)",
  });
}

export const ONE_ROW = (dir: string) => join(dir, "one-row.csv");

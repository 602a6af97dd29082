// Import speed, measured: `npx tsx bench/import.ts [rows…] [--postgres]`.
// Each run imports `rows` monthly figures (as many local indicators as 36
// years of months need) into a fresh migrated, seeded database, then the same file again (every
// figure a correction), and prints rows a second for each.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { loadConfig } from "../src/config.js";
import { createDb } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { seedCatalogue } from "../src/db/seed.js";
import { createLogger } from "../src/log.js";
import { PROJECT_ROOT, projectPath } from "../src/paths.js";
import type { Context } from "../src/services/context.js";
import { importMetrics } from "../src/services/imports.js";

const args = process.argv.slice(2);
const postgres = args.includes("--postgres");
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const SERVER = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const MONTHS = 36 * 12; // January 1990 to December 2025

/** `rows` monthly figures from January 1990 on, over as many local count indicators (bench-001…) as they need. */
async function csvOf(ctx: Context, rows: number): Promise<string> {
  const indicators = Math.ceil(rows / MONTHS);
  const keys = Array.from({ length: indicators }, (_, i) => `bench-${String(i + 1).padStart(3, "0")}`);
  await ctx.db.indicator.createMany({ data: keys.map((key) => ({ key, name: key, unit: "count", polarity: "neutral", frequency: "monthly" })) });
  const lines = ["key,period,value,note"];
  for (let i = 0; i < rows; i++) {
    const m = Math.floor(i / indicators);
    lines.push(`${keys[i % indicators]},${1990 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")},${100 + (i % 37)},`);
  }
  return `${lines.join("\n")}\n`;
}

async function run(rows: number): Promise<void> {
  const name = `kpibot_bench_${process.pid}_${rows}`;
  const file = join(tmpdir(), `${name}.db`);
  const url = postgres ? SERVER.replace(/\/[^/]*$/, `/${name}`) : `file:${file}`;
  if (postgres) await onServer(`CREATE DATABASE ${name}`);
  try {
    await migrate(url, PROJECT_ROOT);
    const db = createDb(url);
    await seedCatalogue(db, projectPath("resources", "indicators.csv"));
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5", DATABASE_URL: url });
    const ctx: Context = { db, config, log: createLogger("error"), now: () => new Date() };
    const csv = await csvOf(ctx, rows);
    for (const pass of ["new", "corrections"]) {
      const t0 = performance.now();
      const r = await importMetrics(ctx, csv, "bench");
      const s = (performance.now() - t0) / 1000;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      console.log(
        `${postgres ? "postgresql" : "sqlite"} ${String(rows).padStart(6)} rows, ${pass.padEnd(11)} ${s.toFixed(2).padStart(6)} s  ${Math.round(rows / s)
          .toLocaleString("en-GB")
          .padStart(7)} rows/s  (rss ${Math.round(process.memoryUsage().rss / 1e6)} MB)`,
      );
    }
    await db.$disconnect();
  } finally {
    if (postgres) await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

for (const rows of sizes.length ? sizes : [18_000, 50_400]) await run(rows);

// Apply pending migrations. Start-up first asks the database, in-process, which
// migrations it has (Prisma's own `_prisma_migrations` table) and spawns
// Prisma's `migrate deploy` (the JS schema engine, nothing downloaded) only
// when one is missing or unfinished: spawning it costs a second or more even
// with nothing to do.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createDb, isPostgresUrl, sqlitePath } from "./client.js";

const run = promisify(execFile);

export interface MigrateResult {
  /** Migrations the database lacked before this run (applied now). */
  applied: string[];
}

/** Migration folders shipped with the code, in order. */
export function shippedMigrations(root: string, databaseUrl: string): string[] {
  const dir = join(root, "prisma", isPostgresUrl(databaseUrl) ? "postgres" : "sqlite", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/**
 * Migrations the database still needs: those it has not finished. A migration
 * that failed half-way also counts, so that Prisma itself reports it.
 */
export async function pendingMigrations(root: string, databaseUrl: string): Promise<string[]> {
  const shipped = shippedMigrations(root, databaseUrl);
  if (!isPostgresUrl(databaseUrl) && !existsSync(sqlitePath(databaseUrl))) return shipped;
  const db = createDb(databaseUrl);
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }[]>(
      "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations",
    );
    if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return shipped;
    const done = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
    return shipped.filter((name) => !done.has(name));
  } catch {
    return shipped; // no migrations table yet: a new database
  } finally {
    await db.$disconnect();
  }
}

export async function migrate(databaseUrl: string, root: string): Promise<MigrateResult> {
  let url = databaseUrl;
  if (!isPostgresUrl(url)) {
    const path = sqlitePath(url);
    mkdirSync(dirname(path), { recursive: true });
    url = `file:${path}`;
  }
  const pending = await pendingMigrations(root, url);
  if (pending.length === 0) return { applied: [] };
  const require = createRequire(join(root, "package.json"));
  const prismaCli = require.resolve("prisma/build/index.js");
  // Prisma's schema engine sets a 10 s timer when it takes PostgreSQL's advisory
  // lock and never clears it, so the CLI lingers 10 s after its work is done.
  // The preload lets such timers stop holding the process open (see the file).
  const preload = join(root, "scripts", "unref-long-timers.cjs");
  try {
    await run(process.execPath, ["--require", preload, prismaCli, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    // The URL may hold a password: report Prisma's words without it.
    const text = `${out.stdout ?? ""}\n${out.stderr ?? ""}`.replaceAll(databaseUrl, "[DATABASE_URL]").replaceAll(url, "[DATABASE_URL]");
    throw new Error(`Database migration failed:\n${text.trim()}`);
  }
  return { applied: pending };
}

// One migrated, seeded database per test run, and a private copy of it per test,
// on SQLite (a file copy) or PostgreSQL (CREATE DATABASE … TEMPLATE, dropped after).
// TEST_DATABASE=postgres runs the suite on PostgreSQL at TEST_POSTGRES_URL
// (default: postgres@127.0.0.1:5432, as on these machines).
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createDb } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";
import { freshDatabaseFile, TEMPLATE_DB, TMP_DIR } from "./template-db.js";

export type TestDatabaseKind = "sqlite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the test PostgreSQL server. */
export function postgresUrl(name: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withServer<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A council's managed PostgreSQL sorts text by a language's rules (en_GB,
 * en_US), not byte by byte as C does, and this machine's server defaults to C:
 * so the run's databases use ICU's en-GB where the server has it (PostgreSQL 15
 * or later, built with ICU), and an ORDER BY that only happens to agree with
 * SQLite's byte order shows up in the tests.
 */
async function createDatabase(c: pg.Client, name: string): Promise<void> {
  const icu = await c.query("SELECT 1 FROM pg_collation WHERE collname = 'en-GB-x-icu' AND current_setting('server_version_num')::int >= 150000");
  await c.query(icu.rowCount ? `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-GB'` : `CREATE DATABASE ${name}`);
}

/** Whether the test PostgreSQL server answers. */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await withServer((c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

// Names carry the run's id (set by global set-up, inherited by the test workers),
// so parallel runs on one server never meet, and a run's leftovers can be found and dropped.
process.env.TEST_RUN_ID ??= `${process.pid}_${Date.now().toString(36)}`;
const RUN_ID = process.env.TEST_RUN_ID;
const TEMPLATE_PG = `kpibot_tmpl_${RUN_ID}`;
let copies = 0;

/** Global set-up: migrate and seed the run's template database(s). */
export async function prepareTemplates(kind: TestDatabaseKind): Promise<void> {
  await migrateAndSeed(`file:${TEMPLATE_DB}`);
  if (kind === "postgres") {
    // A PostgreSQL run without PostgreSQL must fail, never pass on SQLite or skip.
    if (!(await postgresAnswers())) {
      throw new Error(
        `TEST_DATABASE=postgres, but PostgreSQL does not answer at ${new URL(SERVER_URL).host} (TEST_POSTGRES_URL): start it, or run the suite on SQLite`,
      );
    }
    await withServer((c) => createDatabase(c, TEMPLATE_PG));
    await migrateAndSeed(postgresUrl(TEMPLATE_PG));
  }
}

async function migrateAndSeed(url: string): Promise<void> {
  await migrate(url, PROJECT_ROOT);
  const db = createDb(url);
  await seedCatalogue(db, projectPath("resources", "indicators.csv"));
  await db.$disconnect();
}

export interface TestDatabase {
  url: string;
  /** Drop the copy (PostgreSQL; a SQLite file goes with the run's temporary folder). */
  drop(): Promise<void>;
}

/** A private, migrated and seeded database for one test, of the run's kind unless one is asked for. */
export async function freshTestDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === "sqlite") return { url: `file:${freshDatabaseFile()}`, drop: async () => {} };
  const name = `kpibot_t_${RUN_ID}_${process.pid}_${++copies}`;
  await withServer((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_PG}`));
  return { url: postgresUrl(name), drop: () => dropDatabase(name) };
}

/**
 * An empty database (no tables), for tests of what start-up or a CLI command
 * does on a new one: on SQLite a file in a folder that does not exist yet, on
 * PostgreSQL a new database, dropped after.
 */
export async function emptyTestDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === "sqlite") return { url: `file:${join(mkdtempSync(join(TMP_DIR, "empty-")), "sub", "bot.db")}`, drop: async () => {} };
  const name = `kpibot_e_${RUN_ID}_${process.pid}_${++copies}`;
  await withServer((c) => createDatabase(c, name));
  return { url: postgresUrl(name), drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Global tear-down: drop every database this run made, the template last. */
export async function dropRunDatabases(): Promise<void> {
  if (!(await postgresAnswers())) return;
  const { rows } = await withServer((c) => c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`kpibot_%${RUN_ID}%`]));
  const names = rows.map((r) => r.datname);
  for (const name of [...names.filter((n) => n !== TEMPLATE_PG), ...names.filter((n) => n === TEMPLATE_PG)]) await dropDatabase(name);
}

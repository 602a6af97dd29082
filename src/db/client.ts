// One Prisma client for the URL's provider: SQLite (embedded default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { PrismaClient as PgPrismaClient } from "../generated/postgres/client.js";
import { type Prisma, PrismaClient } from "../generated/sqlite/client.js";
import { registerWatch, WriteWatch } from "./write-watch.js";

/** Both generated clients have the same models; the SQLite one's types stand for both. */
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Path of a file: URL, resolved against the working directory (as Prisma's CLI does). */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** DATABASE_POOL_SIZE and DATABASE_STATEMENT_TIMEOUT_MS; PostgreSQL only (SQLite has one connection, and no statement time-out). */
export interface DbOptions {
  poolSize?: number;
  /** 0: no limit. */
  statementTimeoutMs?: number;
}

/** How long to wait for a new connection, or for a free one in a full pool, before the query fails. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The pg pool behind PrismaPg. The server cuts off a statement that runs longer
 * than the time-out (lock waits included); the client gives up a little later
 * on an answer that never comes (a lost connection), and drops that connection,
 * so the pool reconnects on its own.
 */
export function pgPoolConfig(url: string, options: DbOptions = {}): PoolConfig {
  const timeout = options.statementTimeoutMs ?? 0;
  return {
    connectionString: url,
    ...(options.poolSize ? { max: options.poolSize } : {}),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(timeout > 0 ? { statement_timeout: timeout, query_timeout: timeout + 5000 } : {}),
  };
}

/**
 * How long a SQLite statement waits for another process's write lock (an
 * import applying its file) before it fails. better-sqlite3 waits without
 * letting the process do anything else, so this is short; locked transactions
 * then try again after a pause that does let it (locks.ts, retried).
 */
export const SQLITE_BUSY_TIMEOUT_MS = 2_000;

/**
 * SQLite in WAL mode: readers go on while another process (an import) writes,
 * and a writer waits up to the busy time-out instead of failing at once.
 * journal_mode is kept in the file; the busy time-out is per connection.
 */
class WalSQLite extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3["connect"]> {
    const adapter = await super.connect();
    await adapter.executeScript("PRAGMA journal_mode = WAL;");
    return adapter;
  }
}

export function createDb(url: string, options: DbOptions = {}): Db {
  // "minimal": Prisma's errors without a source excerpt (they are logged, never shown to a user).
  if (isPostgresUrl(url)) {
    const watch = new WriteWatch("postgres");
    const db = new PgPrismaClient({ adapter: watch.wrap(new PrismaPg(pgPoolConfig(url, options))), errorFormat: "minimal" }) as unknown as Db;
    registerWatch(db, watch);
    return db;
  }
  const path = sqlitePath(url);
  mkdirSync(dirname(path), { recursive: true });
  const watch = new WriteWatch("sqlite");
  const db = new PrismaClient({ adapter: watch.wrap(new WalSQLite({ url: `file:${path}`, timeout: SQLITE_BUSY_TIMEOUT_MS })), errorFormat: "minimal" });
  registerWatch(db, watch);
  return db;
}

/** The provider behind a client or a transaction, for the few statements written for each. */
export function providerOf(db: Db | Tx): "sqlite" | "postgresql" {
  return (db as unknown as { _activeProvider: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

// One Prisma client for the URL's provider: SQLite (embedded default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
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

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    const watch = new WriteWatch("postgres");
    const db = new PgPrismaClient({ adapter: watch.wrap(new PrismaPg({ connectionString: url })) }) as unknown as Db;
    registerWatch(db, watch);
    return db;
  }
  const path = sqlitePath(url);
  mkdirSync(dirname(path), { recursive: true });
  const watch = new WriteWatch("sqlite");
  const db = new PrismaClient({ adapter: watch.wrap(new PrismaBetterSQLite3({ url: `file:${path}` })) });
  registerWatch(db, watch);
  return db;
}

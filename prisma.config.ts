// Prisma CLI configuration. The JS (WebAssembly) schema engine with a driver
// adapter downloads nothing, which matters on locked-down council networks.
// The database URL's scheme picks the schema, its migrations and its adapter.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/bot.db";
const isPostgres = /^postgres(ql)?:\/\//.test(url);
const provider = isPostgres ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    return isPostgres
      ? new PrismaPg({ connectionString: url, idleTimeoutMillis: 200 }) // lets the CLI exit promptly
      : new PrismaBetterSQLite3({ url });
  },
});

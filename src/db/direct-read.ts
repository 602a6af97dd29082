// Reads that answers make on every request (and the replay guard's one
// write before an ack), sent straight to the driver adapter (direct-write.ts
// does the same for the scheduler's batches of writes). Prisma's client compiles every query it is given, raw ones too:
// about half a millisecond of CPU a query, ten times what the driver itself
// takes, on the same thread that acks. The SQL is a Prisma.sql template that
// both SQLite and PostgreSQL accept; values come back converted by column.
// Inside a transaction (whose connection only Prisma knows) it goes through Prisma.
import type { Prisma } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./client.js";
import { type Adapter, watchOf } from "./write-watch.js";

export type ColumnKind = "text" | "number" | "date" | "boolean";

/** How to convert each column of a row of type T. */
export type Columns<T> = { [K in keyof T]: ColumnKind };

/** A timestamp as a driver returns it (ISO text with or without a zone, or "YYYY-MM-DD HH:MM:SS" meaning UTC), as a Date. */
function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  const text = String(v).replace(" ", "T");
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
}

function convert(v: unknown, kind: ColumnKind): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case "text":
      return String(v);
    case "number":
      return Number(v);
    case "date":
      return toDate(v);
    case "boolean":
      return v === true || v === 1 || v === 1n || v === "1" || v === "t" || v === "true"; // SQLite keeps 0 or 1
  }
}

/** How the driver adapter is to bind a value (it writes a Date as each database stores instants). */
function scalarType(v: string | number | Date): string {
  if (v instanceof Date) return "datetime";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  return "string";
}

/** The client's driver adapter (connected first if no query has run yet), or null for a transaction client or one createDb did not make. */
export async function driverOf(db: Db | Tx): Promise<{ adapter: Adapter; provider: "sqlite" | "postgres" } | null> {
  const watch = watchOf(db);
  if (!watch) return null;
  if (!watch.connection()) await (db as Db).$connect();
  const adapter = watch.connection();
  return adapter ? { adapter, provider: watch.provider } : null;
}

/** A Prisma.sql template as the driver adapter takes it. */
export function driverQuery(query: Prisma.Sql, provider: "sqlite" | "postgres") {
  const values = query.values as (string | number | Date)[];
  return {
    sql: provider === "postgres" ? query.text : query.sql, // $1… for PostgreSQL, ? for SQLite
    args: values,
    argTypes: values.map((v) => ({ scalarType: scalarType(v), arity: "scalar" as const })),
  };
}

export async function directRead<T>(db: Db | Tx, query: Prisma.Sql, columns: Columns<T>): Promise<T[]> {
  const driver = await driverOf(db);
  if (!driver) return (db as Db).$queryRaw<T[]>(query);
  const result = await driver.adapter.queryRaw(driverQuery(query, driver.provider));
  const kinds = result.columnNames.map((name) => (columns as Record<string, ColumnKind>)[name] ?? "text");
  return result.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < kinds.length; i++) out[result.columnNames[i]!] = convert(row[i], kinds[i]!);
    return out as T;
  });
}

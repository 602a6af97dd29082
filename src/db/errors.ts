// What kind of database failure an error is, so that a person is told
// something true and clear instead of Prisma's or the driver's own text
// (which goes to the log, with its stack).
export type DatabaseFailure = "busy" | "unreachable" | "failed";

// Prisma: operation, pool and interactive-transaction time-outs; write conflicts and deadlocks.
const BUSY_PRISMA = new Set(["P1008", "P2024", "P2028", "P2034"]);
// Prisma: cannot reach the server, timed out reaching it, connection closed.
const UNREACHABLE_PRISMA = new Set(["P1001", "P1002", "P1017"]);
// PostgreSQL: lock and statement time-outs, deadlocks, serialisation failures.
const BUSY_SQLSTATE = new Set(["55P03", "57014", "40P01", "40001"]);
// PostgreSQL: the server is shutting down or not accepting connections (class 08 is lost connections).
const UNREACHABLE_SQLSTATE = new Set(["57P01", "57P02", "57P03"]);
// Driver adapter error kinds (SQLITE_BUSY arrives as SocketTimeout).
const BUSY_KINDS = new Set(["SocketTimeout", "TransactionWriteConflict", "TransactionAlreadyClosed"]);
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "DatabaseDoesNotExist", "TooManyConnections"]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);

type Layer = { name?: unknown; code?: unknown; errorCode?: unknown; kind?: unknown; originalCode?: unknown; cause?: unknown; meta?: unknown };

/** The error and what it wraps: Prisma's error, the driver adapter's, the driver's. */
function layers(e: unknown): Layer[] {
  const out: Layer[] = [];
  const visit = (x: unknown) => {
    if (typeof x !== "object" || x === null || out.includes(x as Layer) || out.length > 8) return;
    const l = x as Layer;
    out.push(l);
    visit(l.cause);
    visit((l.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
  };
  visit(e);
  return out;
}

/**
 * Whether running the transaction again may well succeed: on SQLite, the write
 * lock was held by another process (an import) past the busy time-out; on
 * PostgreSQL, the server broke a deadlock or a serialisation conflict.
 */
export function worthRetrying(e: unknown, provider: "sqlite" | "postgresql"): boolean {
  if (databaseFailure(e) !== "busy") return false;
  if (provider === "sqlite") return true;
  const codes = layers(e).flatMap((l) => [l.code, l.kind]);
  return codes.some((c) => c === "40P01" || c === "40001" || c === "P2034" || c === "TransactionWriteConflict");
}

/** Whether `e` came from the database (Prisma or its driver adapter), and how; null when it did not. */
export function databaseFailure(e: unknown): DatabaseFailure | null {
  const all = layers(e);
  const fromDatabase = all.some((l) => typeof l.name === "string" && (l.name.startsWith("PrismaClient") || l.name === "DriverAdapterError"));
  if (!fromDatabase) return null;
  const codes = all.flatMap((l) => [l.code, l.errorCode, l.kind, l.originalCode]).filter((c): c is string => typeof c === "string");
  if (codes.some((c) => BUSY_PRISMA.has(c) || BUSY_SQLSTATE.has(c) || BUSY_KINDS.has(c) || c.startsWith("SQLITE_BUSY") || c.startsWith("SQLITE_LOCKED")))
    return "busy";
  if (codes.some((c) => UNREACHABLE_PRISMA.has(c) || UNREACHABLE_SQLSTATE.has(c) || UNREACHABLE_KINDS.has(c) || NETWORK.has(c) || /^08/.test(c))) {
    return "unreachable";
  }
  return "failed";
}

// Which database errors are the database's state rather than a bug: a statement
// cut off by DATABASE_STATEMENT_TIMEOUT_MS (or a lock it waited for), and a
// server that cannot be reached or dropped the connection. Read from Prisma's
// error and the driver adapter's cause, never from its text, which is not for users.

export type DatabaseTrouble = "timeout" | "unavailable";

// PostgreSQL's SQLSTATEs: query_canceled (the statement time-out), lock_not_available;
// admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now.
// Also: SQLite's write lock held by another process past the busy time-out; an interactive
// transaction that timed out or could not start; a deadlock or serialisation failure.
const TIMEOUT_CODES = new Set(["57014", "55P03", "P1008", "P2024", "SQLITE_BUSY", "SQLITE_LOCKED", "P2028", "P2034", "40P01", "40001"]);
const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03", "P1001", "P1002", "P1017"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TlsConnectionError"]);

/** The error, its cause and the driver adapter's cause that Prisma keeps in `meta`. */
function layers(e: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<unknown>();
  const queue = [e];
  while (queue.length && out.length < 10) {
    const x = queue.shift();
    if (!x || typeof x !== "object" || seen.has(x)) continue;
    seen.add(x);
    const o = x as Record<string, unknown>;
    out.push(o);
    queue.push(o.cause, (o.meta as Record<string, unknown> | undefined)?.driverAdapterError);
  }
  return out;
}

export function databaseTrouble(e: unknown): DatabaseTrouble | null {
  for (const o of layers(e)) {
    const codes = [o.code, o.originalCode].filter((c): c is string => typeof c === "string");
    if (codes.some((c) => TIMEOUT_CODES.has(c))) return "timeout";
    if (codes.some((c) => UNAVAILABLE_CODES.has(c) || c.startsWith("08"))) return "unavailable";
    if (typeof o.kind === "string" && UNAVAILABLE_KINDS.has(o.kind)) return "unavailable";
    // node-postgres' own words when no answer comes (a lost connection) or no connection can be had in time.
    if (typeof o.message === "string" && /^(Query read timeout|timeout exceeded when trying to connect|Connection terminated)/.test(o.message)) {
      return o.message.startsWith("Connection terminated") ? "unavailable" : "timeout";
    }
  }
  return null;
}

/**
 * Whether running the transaction again may well succeed: on SQLite, another
 * process (an import) held the write lock past the busy time-out; on
 * PostgreSQL, the server broke a deadlock or a serialisation conflict.
 */
export function worthRetrying(e: unknown, provider: "sqlite" | "postgresql"): boolean {
  const codes = layers(e).flatMap((o) => [o.code, o.originalCode]);
  if (provider === "sqlite") return codes.some((c) => c === "SQLITE_BUSY" || c === "SQLITE_LOCKED");
  return codes.some((c) => c === "40P01" || c === "40001" || c === "P2034");
}

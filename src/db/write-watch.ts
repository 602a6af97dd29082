// Has anything written to the tables that rarely change (the catalogue,
// targets, bands, rebases, benchmarks, admins, recorders) since a cache of them
// was read? This process's writes are seen where every statement passes, in
// the driver adapter, so a write from any module, a test or a raw statement
// counts; other processes' writes (the CLI, another replica) are seen by
// asking the database for a stamp that changes when another connection commits.

/** Tables whose rows answers read on every request and people change rarely. */
const TABLES = ["Indicator", "Admin", "Recorder", "Rebase", "Benchmark"];
const WATCHED = new RegExp(`["\`](${TABLES.join("|")})["\`]`); // quoted as PostgreSQL and SQLite quote them
/**
 * On PostgreSQL, the watched tables' row count and the sum of their rows'
 * xmin (the transaction that wrote each row version): any committed insert,
 * update or delete changes it. A few hundred small rows, summed in well under a millisecond.
 */
const PG_STAMP = `SELECT ${TABLES.map((t) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM "${t}")`).join(" || '/' || ")}`;
const SELECT = /^\s*SELECT\b/i;
const READ_ONLY = /^\s*(SELECT|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW)\b/i;

/** A statement that may change a watched table (conservative: a false yes only costs a reload). */
export function writesWatchedTable(sql: string): boolean {
  return !READ_ONLY.test(sql) && WATCHED.test(sql);
}

interface Query {
  sql: string;
  args: unknown[];
  argTypes: { scalarType: string; arity: "scalar" | "list" }[];
}
export interface Queryable {
  queryRaw(q: Query): Promise<{ columnNames: string[]; rows: unknown[][] }>;
  executeRaw(q: Query): Promise<number>;
}
/** A transaction the adapter has begun: the statements COMMIT or ROLLBACK are the caller's to send (as Prisma does), then commit() or rollback() lets the connection go. */
export interface Transaction extends Queryable {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
export interface Adapter extends Queryable {
  startTransaction(isolationLevel?: unknown): Promise<Transaction>;
}
interface AdapterFactory {
  connect(): Promise<Adapter>;
}

export class WriteWatch {
  /** Goes up at every write this process makes to a watched table, and again when its transaction ends. */
  local = 0;
  /** Statements run on this client's connections, besides change checks (tests read it to see a cache at work). */
  statements = 0;
  /** The connection's own query function, for change checks. */
  private check: Queryable["queryRaw"] | null = null;
  /** The client's connection (a pool on PostgreSQL), once Prisma has made it. */
  private adapter: Adapter | null = null;
  private stamp: Promise<string> | null = null;

  constructor(readonly provider: "sqlite" | "postgres") {}

  /** The driver adapter Prisma queries through (its writes watched), or null before the first query connects it. */
  connection(): Adapter | null {
    return this.adapter;
  }

  /** Watches every connection the factory makes (changing it in place, so the client's types stay as they are). */
  wrap<F>(factory: F): F {
    const f = factory as unknown as AdapterFactory;
    const connect = f.connect.bind(f);
    f.connect = async () => {
      const connection = await connect();
      this.check = connection.queryRaw.bind(connection);
      const adapter = this.watchQueries(connection, this.provider === "sqlite");
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const tx = this.watchQueries(await start(isolationLevel));
        const before = this.local;
        // A reader may have cached what this transaction wrote before it committed (SQLite
        // shares its connection) or what it replaced (PostgreSQL): its end invalidates both.
        for (const end of ["commit", "rollback"] as const) {
          const original = tx[end].bind(tx);
          tx[end] = async () => {
            try {
              await original();
            } finally {
              if (this.local !== before) this.local++;
            }
          };
        }
        return tx;
      };
      this.adapter = adapter;
      return adapter;
    };
    return factory;
  }

  /**
   * `yieldBeforeReads`: SQLite's driver runs a statement synchronously, so a
   * chain of reads (a digest composed, an answer's figures) would otherwise
   * hold the event loop from its first statement to its last, and a request
   * arriving meanwhile would wait for its ack. Each read outside a
   * transaction first lets the loop take its turn (setImmediate: after
   * waiting I/O), a few microseconds when nothing waits. Transactions do not
   * yield: they hold SQLite's write lock, and should be quick about it.
   */
  private watchQueries<Q extends Queryable>(q: Q, yieldBeforeReads = false): Q {
    const queryRaw = q.queryRaw.bind(q);
    const executeRaw = q.executeRaw.bind(q);
    q.queryRaw = async (query) => {
      if (yieldBeforeReads && SELECT.test(query.sql)) await new Promise<void>((resolve) => setImmediate(resolve));
      this.statements++;
      if (writesWatchedTable(query.sql)) this.local++;
      return queryRaw(query);
    };
    q.executeRaw = (query) => {
      this.statements++;
      if (writesWatchedTable(query.sql)) this.local++;
      return executeRaw(query);
    };
    return q;
  }

  /**
   * Differs from its last value when another connection may have committed
   * since: SQLite's data_version (any write to the file by another
   * connection; this connection's own writes leave it alone), or on
   * PostgreSQL the watched tables' stamp. Asked once per turn of the event
   * loop at most, however many reads want it.
   */
  external(): Promise<string> | null {
    if (!this.check) return null; // not connected yet: nothing can be cached before the first query
    if (!this.stamp) {
      const sql = this.provider === "sqlite" ? "PRAGMA data_version" : PG_STAMP;
      this.stamp = this.check({ sql, args: [], argTypes: [] }).then((r) => String(r.rows[0]?.[0]));
      const clear = () => {
        this.stamp = null;
      };
      this.stamp.then(() => setImmediate(clear), clear);
    }
    return this.stamp;
  }
}

const watches = new WeakMap<object, WriteWatch>();

/** Called by createDb: the watch of this client's connections. */
export function registerWatch(db: object, watch: WriteWatch): void {
  watches.set(db, watch);
}

/** The watch of a client made by createDb; null for a transaction (whose reads must see its own writes). */
export function watchOf(db: object): WriteWatch | null {
  return watches.get(db) ?? null;
}

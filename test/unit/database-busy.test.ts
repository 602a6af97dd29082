// A database that is busy (SQLite's write lock held by another process, a
// transaction that timed out, a deadlock) is told as busy; which of those are
// worth running again; and a person never reads the error's own words.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { databaseTrouble, worthRetrying } from "../../src/db/errors.js";
import { plainWords } from "../../src/domain/words.js";
import { DATABASE_TOO_BUSY, DATABASE_UNREACHABLE, failureNotice } from "../../src/services/failures.js";

/** Errors shaped as Prisma 6 and its driver adapters throw them (seen on these machines). */
function prismaError(code: string, message: string, cause?: Record<string, unknown>): Error {
  const e = Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code, clientVersion: "6.19.3" });
  return cause ? Object.assign(e, { meta: { driverAdapterError: Object.assign(new Error("adapter"), { name: "DriverAdapterError", cause }) } }) : e;
}
const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error(String(cause.message ?? "adapter")), { name: "DriverAdapterError", cause });

const sqliteBusy = prismaError("P2010", "Raw query failed. Code: `SQLITE_BUSY`. Message: `database is locked`", {
  originalCode: "SQLITE_BUSY",
  originalMessage: "database is locked",
  kind: "SocketTimeout",
});
const deadlock = adapterError({ kind: "postgres", code: "40P01", message: "deadlock detected" });
const lockTimeout = adapterError({ kind: "postgres", code: "55P03", message: "canceling statement due to lock timeout" });

describe("a busy database", () => {
  it("is SQLite's write lock held past the busy time-out, a transaction that timed out, or a deadlock", () => {
    for (const e of [sqliteBusy, prismaError("P2028", "Transaction already closed"), prismaError("P2034", "write conflict or a deadlock"), deadlock]) {
      expect(databaseTrouble(e)).toBe("timeout");
    }
  });

  it("is worth trying again on SQLite when the write lock was held, and on PostgreSQL after a deadlock, not after a time-out", () => {
    expect(worthRetrying(sqliteBusy, "sqlite")).toBe(true);
    expect(worthRetrying(deadlock, "postgresql")).toBe(true);
    expect(worthRetrying(lockTimeout, "postgresql")).toBe(false);
    expect(worthRetrying(prismaError("P2028", "Transaction already closed"), "sqlite")).toBe(false);
    expect(worthRetrying(new Error("SQLITE_BUSY"), "sqlite")).toBe(false);
  });
});

describe("failureNotice", () => {
  it("never repeats what the error says", () => {
    const otherwise = "Something went wrong on our side, and nothing was changed.";
    const shapes = fc.oneof(
      fc.string().map((m) => new Error(m)),
      fc.tuple(fc.constantFrom("P2010", "P2028", "P1001", "P2002", "P9999"), fc.string()).map(([c, m]) => prismaError(c, m, { originalMessage: m })),
      fc.tuple(fc.constantFrom("55P03", "57P01", "23505", "40P01"), fc.string()).map(([c, m]) => adapterError({ kind: "postgres", code: c, message: m })),
    );
    const answers = new Set([DATABASE_TOO_BUSY, DATABASE_UNREACHABLE, otherwise]);
    fc.assert(
      fc.property(shapes, (e) => {
        expect(answers.has(plainWords(failureNotice(e, otherwise).text))).toBe(true);
      }),
    );
  });
});

// What a person is told when the database fails: one of three plain answers,
// never the error's own words.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { databaseFailure } from "../../src/db/errors.js";
import { plainWords } from "../../src/domain/words.js";
import { failureNotice } from "../../src/services/failure.js";

/** Errors shaped as Prisma 6 and its driver adapters throw them (seen on these machines). */
function prismaError(code: string, message: string, cause?: Record<string, unknown>): Error {
  const e = new Error(message) as Error & { code: string; meta?: unknown; clientVersion: string };
  e.name = "PrismaClientKnownRequestError";
  e.code = code;
  e.clientVersion = "6.19.3";
  if (cause) e.meta = { driverAdapterError: Object.assign(new Error("adapter"), { name: "DriverAdapterError", cause }) };
  return e;
}
function adapterError(cause: Record<string, unknown>): Error {
  return Object.assign(new Error(String(cause.message ?? "adapter")), { name: "DriverAdapterError", cause });
}

describe("databaseFailure", () => {
  it("knows a busy database on either provider", () => {
    const sqliteBusy = prismaError("P2010", "Raw query failed. Code: `SQLITE_BUSY`.", { originalCode: "SQLITE_BUSY", kind: "SocketTimeout" });
    const lockTimeout = adapterError({ kind: "postgres", code: "55P03", message: "canceling statement due to lock timeout" });
    for (const e of [sqliteBusy, lockTimeout, prismaError("P2028", "Transaction already closed"), prismaError("P2034", "write conflict or a deadlock")]) {
      expect(databaseFailure(e)).toBe("busy");
    }
  });

  it("knows a database that cannot be reached, and other database failures", () => {
    expect(databaseFailure(prismaError("P1001", "Can't reach database server"))).toBe("unreachable");
    expect(databaseFailure(adapterError({ kind: "postgres", code: "57P01", message: "terminating connection" }))).toBe("unreachable");
    expect(databaseFailure(prismaError("P2002", "Unique constraint failed"))).toBe("failed");
  });

  it("leaves errors that did not come from the database alone", () => {
    expect(databaseFailure(new Error("ECONNREFUSED"))).toBeNull();
    expect(databaseFailure(Object.assign(new Error("x"), { code: "slack_webapi_platform_error" }))).toBeNull();
  });
});

describe("failureNotice", () => {
  it("never repeats what the error says", () => {
    const shapes = fc.oneof(
      fc.string().map((m) => new Error(m)),
      fc.tuple(fc.constantFrom("P2010", "P2028", "P1001", "P2002", "P9999"), fc.string()).map(([c, m]) => prismaError(c, m, { originalMessage: m })),
      fc.tuple(fc.constantFrom("55P03", "57P01", "23505"), fc.string()).map(([c, m]) => adapterError({ kind: "postgres", code: c, message: m })),
    );
    const answers = new Set([
      "The database is busy; try again in a minute. Nothing was changed.",
      "The database cannot be reached just now; try again in a minute. Nothing was changed.",
      "Something went wrong on our side. Nothing was changed. It has been logged; please try again, and if it keeps happening, tell your admin.",
    ]);
    fc.assert(
      fc.property(shapes, (e) => {
        expect(answers.has(plainWords(failureNotice(e).text))).toBe(true);
      }),
    );
  });

  it("says what did not happen in the use case's words, or nothing", () => {
    expect(plainWords(failureNotice(prismaError("P2028", "x"), "Nothing was imported.").text)).toBe(
      "The database is busy; try again in a minute. Nothing was imported.",
    );
    expect(plainWords(failureNotice(new Error("x"), "").text)).toBe(
      "Something went wrong on our side. It has been logged; please try again, and if it keeps happening, tell your admin.",
    );
  });
});

// Which database errors are told to a user as the database's state (busy, unreachable): the
// shapes Prisma 6.19 and @prisma/adapter-pg 7.10 throw, as seen on PostgreSQL 15.
import { describe, expect, it } from "vitest";
import { databaseTrouble } from "../../src/db/errors.js";
import { plainWords } from "../../src/domain/words.js";
import { DATABASE_TOO_BUSY, DATABASE_UNREACHABLE, failureNotice } from "../../src/services/failures.js";

const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error(String(cause.message ?? "")), { name: "DriverAdapterError", cause });
const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("\nInvalid `prisma.x()` invocation: ..."), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

const statementTimeout = { originalCode: "57014", kind: "postgres", code: "57014", message: "canceling statement due to statement timeout" };

describe("databaseTrouble", () => {
  it("reads a statement cut off by the time-out, from a model query or a raw one", () => {
    expect(databaseTrouble(adapterError(statementTimeout))).toBe("timeout");
    expect(databaseTrouble(prismaError("P2010", statementTimeout))).toBe("timeout");
    expect(databaseTrouble(new Error("Query read timeout"))).toBe("timeout");
  });

  it("reads a server that cannot be reached or ended the connection", () => {
    expect(databaseTrouble(prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 }))).toBe("unavailable");
    expect(databaseTrouble(prismaError("P2010", { originalCode: "57P01", kind: "postgres", code: "57P01", message: "terminating connection" }))).toBe(
      "unavailable",
    );
    expect(databaseTrouble(new Error("Connection terminated unexpectedly"))).toBe("unavailable");
  });

  it("leaves every other error alone: a unique violation or a bug is not the database's state", () => {
    expect(databaseTrouble(prismaError("P2002", { kind: "UniqueConstraintViolation" }))).toBeNull();
    expect(databaseTrouble(new TypeError("x is undefined"))).toBeNull();
    expect(databaseTrouble("a string")).toBeNull();
  });

  it("gives the user words, never the error's own text", () => {
    expect(plainWords(failureNotice(adapterError(statementTimeout), "Something went wrong.").text)).toBe(DATABASE_TOO_BUSY);
    expect(plainWords(failureNotice(prismaError("P1001", { kind: "DatabaseNotReachable" }), "Something went wrong.").text)).toBe(DATABASE_UNREACHABLE);
    expect(plainWords(failureNotice(new Error("secret detail"), "Something went wrong.").text)).toBe("Something went wrong.");
  });
});

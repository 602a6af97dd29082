// Writes a run of deliveries makes by the batch (its "sent" marks and what they
// record), sent straight to the driver adapter in one transaction. Prisma
// compiles every query it is given: a batch of 20 reminders' marks and their
// 100 records took about 6 ms of CPU that way, on the thread that sends the
// next reminders. The SQL is a Prisma.sql template that both SQLite and
// PostgreSQL accept.
import type { Prisma } from "../generated/sqlite/client.js";
import type { Db } from "./client.js";
import { driverOf, driverQuery } from "./direct-read.js";

const statement = (sql: string) => ({ sql, args: [], argTypes: [] });

/**
 * Runs the statements in one transaction, all or nothing; returns the rows
 * each changed. The driver adapter begins the transaction and locks it as
 * Prisma's own (SQLite: one at a time; PostgreSQL: a connection of the pool to
 * itself); COMMIT and ROLLBACK are sent here, as Prisma sends them.
 */
export async function directTransaction(db: Db, statements: Prisma.Sql[]): Promise<number[]> {
  const driver = await driverOf(db);
  if (!driver) return db.$transaction(statements.map((s) => db.$executeRaw(s)));
  const tx = await driver.adapter.startTransaction();
  const counts: number[] = [];
  try {
    for (const s of statements) counts.push(await tx.executeRaw(driverQuery(s, driver.provider)));
    await tx.executeRaw(statement("COMMIT"));
  } catch (e) {
    await tx.executeRaw(statement("ROLLBACK")).catch(() => undefined); // a lost connection has nothing to roll back
    await tx.rollback();
    throw e;
  }
  await tx.commit();
  return counts;
}

// The replay guard's ledger: one row per signed Slack request taken, by a hash
// of its signature, shared by every replica on the database. Inserting the row
// is the check: the primary key makes it atomic on SQLite and PostgreSQL alike
// (an expired row is taken again by the same statement, compare-and-set).
import { Prisma } from "../generated/sqlite/client.js";
import type { Db } from "./client.js";
import { directRead } from "./direct-read.js";

/**
 * true the first time this signature is taken (or when its earlier row has
 * expired); false for a replay. One statement, straight to the driver: it
 * runs before every ack, where Prisma's query compiler and a caught unique
 * violation cost a millisecond or two of the thread that acks.
 */
export async function takeSignature(db: Db, signatureHash: string, now: Date, expiresAt: Date): Promise<boolean> {
  const taken = await directRead<{ taken: number }>(
    db,
    Prisma.sql`INSERT INTO "SeenRequest" ("signatureHash", "expiresAt") VALUES (${signatureHash}, ${expiresAt})
      ON CONFLICT ("signatureHash") DO UPDATE SET "expiresAt" = excluded."expiresAt" WHERE "SeenRequest"."expiresAt" < ${now}
      RETURNING 1 AS "taken"`,
    { taken: "number" },
  );
  return taken.length === 1;
}

export async function purgeExpiredSignatures(db: Db, now: Date): Promise<number> {
  return (await db.seenRequest.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}

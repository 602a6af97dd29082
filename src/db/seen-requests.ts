// The replay guard's ledger: one row per signed Slack request taken, by a hash
// of its signature, shared by every replica on the database. Inserting the row
// is the check: the primary key makes it atomic on SQLite and PostgreSQL alike.
import type { Db } from "./client.js";

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/** true the first time this signature is taken (or when its earlier row has expired); false for a replay. */
export async function takeSignature(db: Db, signatureHash: string, now: Date, expiresAt: Date): Promise<boolean> {
  try {
    await db.seenRequest.create({ data: { signatureHash, expiresAt } });
    return true;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  // Seen, but expired and not yet purged: compare-and-set, so of two takers only one wins.
  const renewed = await db.seenRequest.updateMany({ where: { signatureHash, expiresAt: { lt: now } }, data: { expiresAt } });
  return renewed.count === 1;
}

export async function purgeExpiredSignatures(db: Db, now: Date): Promise<number> {
  return (await db.seenRequest.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}

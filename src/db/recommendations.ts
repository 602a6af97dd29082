// Recommendations the plan answers.
import type { Recommendation } from "../domain/recommendation.js";
import type { Db, Tx } from "./client.js";

export async function listRecommendations(db: Db | Tx): Promise<Recommendation[]> {
  return db.recommendation.findMany({ orderBy: [{ position: "asc" }, { ref: "asc" }], select: { ref: true, text: true, source: true, position: true } });
}

/** Add or update by reference; returns the old one (null when new) for the audit trail. */
export async function putRecommendation(tx: Tx, r: Recommendation): Promise<Recommendation | null> {
  const old = await tx.recommendation.findUnique({ where: { ref: r.ref }, select: { ref: true, text: true, source: true, position: true } });
  await tx.recommendation.upsert({ where: { ref: r.ref }, create: r, update: { text: r.text, source: r.source, position: r.position } });
  return old;
}

// The standard catalogue, added on first start (and any standard indicator a
// later release adds); a council's own edits are never overwritten.
import { readFileSync } from "node:fs";
import { readCsv } from "../domain/csv.js";
import { catalogueRowSchema } from "../domain/indicator.js";
import { plainWords } from "../domain/words.js";
import type { Db } from "./client.js";
import { insertMissingIndicators } from "./indicators.js";

/** `cataloguePath`: the standard catalogue, resources/indicators.csv (the caller knows where the project is). */
export async function seedCatalogue(db: Db, cataloguePath: string): Promise<number> {
  const rows = readCsv(readFileSync(cataloguePath, "utf8"), ["key", "name", "unit", "polarity", "frequency"]);
  if (!rows.ok) throw new Error(`resources/indicators.csv: ${plainWords(rows.error.text)}`);
  const parsed = rows.value.map(({ line, fields }) => {
    const r = catalogueRowSchema.safeParse(fields);
    if (!r.success) throw new Error(`resources/indicators.csv line ${line}: ${r.error.message}`);
    return r.data;
  });
  return insertMissingIndicators(db, parsed);
}

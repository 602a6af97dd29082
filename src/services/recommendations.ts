// import-recommendations: the recommendations the plan answers (an
// inspection's or a review's), columns ref,text and optionally source. All or
// nothing; a re-import updates them by ref and takes the file's order. The
// text and source are screened for what identifies a person, as every import is.
import { writeAudit } from "../db/audit.js";
import { lockName } from "../db/locks.js";
import { putRecommendation } from "../db/recommendations.js";
import { REC_REF_PATTERN, type Recommendation } from "../domain/recommendation.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Context } from "./context.js";
import { csvRows, importRefused, textFields } from "./csv.js";
import type { ImportSummary } from "./imports.js";

const SCREENED_COLUMNS = new Set(["text", "source"]);

export async function importRecommendations(ctx: Context, csv: string, actor: string): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["ref", "text"]);
  if (!read.ok) return read;
  const problems: string[] = [];
  const valid: Recommendation[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of read.value) {
    const rowProblems: string[] = [];
    const text = textFields(fields, rowProblems, { columns: SCREENED_COLUMNS, patterns: ctx.config.identifierPatterns });
    const ref = text("ref", 40);
    const body = text("text", 1000);
    const source = text("source", 200) || null;
    if (!REC_REF_PATTERN.test(ref)) rowProblems.push(`ref "${ref}" must be a short reference such as Ofsted-2023-R4`);
    if (!body) rowProblems.push("text is empty");
    if (seen.has(ref)) rowProblems.push(`ref ${ref} is already on line ${seen.get(ref)}`);
    seen.set(ref, line);
    if (rowProblems.length) {
      problems.push(`line ${line}: ${rowProblems.join("; ")}`);
      continue;
    }
    valid.push({ ref, text: body, source, position: valid.length });
  }
  if (problems.length) return fail(importRefused(problems));
  let added = 0;
  let updated = 0;
  await ctx.db.$transaction(
    async (tx) => {
      await lockName(tx, "recommendations-import"); // two imports at once: each old value is the one it replaced
      for (const r of valid) {
        const old = await putRecommendation(tx, r);
        if (!old) added++;
        else if (old.text !== r.text || old.source !== r.source) updated++;
        if (!old || old.text !== r.text || old.source !== r.source)
          await writeAudit(tx, {
            actor,
            action: old ? "recommendation-update" : "recommendation-add",
            subject: `recommendation:${r.ref}`,
            oldValue: old,
            newValue: r,
          });
      }
    },
    { timeout: 60_000 },
  );
  return ok({ rows: valid.length, added, updated });
}

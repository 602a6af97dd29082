// import-risks: a risk register kept in a spreadsheet. Columns
// theme,likelihood,impact,risk and optionally owner,review,mitigation. The
// theme is its number or name in the plan; owners as in import-plan (Slack id,
// e-mail or a name). All or nothing; a re-import updates an open risk with the
// same words, and adds the rest. The risk and its mitigation are screened for
// what identifies a person; owners are named on purpose.

import { DateTime } from "luxon";
import { writeAudit } from "../db/audit.js";
import { lockName, lockOpenRisks } from "../db/locks.js";
import { createRisk, openRisks, setRiskFields } from "../db/risks.js";
import { parsePlanDate } from "../domain/plan-dates.js";
import { findTheme } from "../domain/plan-structure.js";
import { fail, ok, type Result } from "../domain/result.js";
import { MAX_RISK_TEXT, parseRating, type Risk } from "../domain/risk.js";
import { plainWords } from "../domain/words.js";
import type { Context } from "./context.js";
import { csvRows, importRefused, rowProblem, textFields } from "./csv.js";
import type { ImportSummary } from "./imports.js";
import { type Person, personReader, type UserLookup } from "./plan-import.js";
import { loadPlanTree } from "./plan-structure.js";

const SCREENED_COLUMNS = new Set(["risk", "mitigation"]);

type RiskRow = Omit<Risk, "id" | "lastReviewedAt" | "createdAt">;

export async function importRisks(ctx: Context, csv: string, actor: string, lookup: UserLookup): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["theme", "likelihood", "impact", "risk"]);
  if (!read.ok) return read;
  const themes = (await loadPlanTree(ctx)).map((t) => t.theme);
  const person = personReader(lookup);
  const firstReview = DateTime.fromJSDate(ctx.now(), { zone: ctx.config.timezone }).plus({ months: 1 }).toISODate()!;
  const problems: string[] = [];
  const valid: RiskRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of read.value) {
    const rowProblems: string[] = [];
    const text = textFields(fields, rowProblems, { columns: SCREENED_COLUMNS, patterns: ctx.config.identifierPatterns });
    const themeText = text("theme", 150);
    const theme = themeText ? findTheme(themes, themeText) : null;
    if (!theme)
      rowProblems.push(`theme "${themeText}" is not one of the plan's themes (${themes.map((t) => t.ref ?? t.name).join(", ") || "import the plan first"})`);
    const likelihood = parseRating(fields.likelihood, "likelihood");
    const impact = parseRating(fields.impact, "impact");
    for (const r of [likelihood, impact]) if (!r.ok) rowProblems.push(plainWords(r.error.text));
    const risk = text("risk", MAX_RISK_TEXT);
    if (!risk) rowProblems.push("risk is empty");
    const owner = await person(text("owner", 320), "owner", false);
    if (owner.problem) rowProblems.push(owner.problem);
    const reviewText = text("review", 40);
    const review = reviewText ? parsePlanDate(reviewText) : ok(firstReview);
    if (!review.ok) rowProblems.push(`review: ${rowProblem(review.error)}`);
    const mitigation = text("mitigation", 1000) || null;
    const key = risk.toLowerCase();
    if (seen.has(key)) rowProblems.push(`the same risk is already on line ${seen.get(key)}`);
    seen.set(key, line);
    if (rowProblems.length || !theme || !likelihood.ok || !impact.ok || !review.ok) {
      problems.push(`line ${line}: ${rowProblems.join("; ")}`);
      continue;
    }
    const o: Person = owner.person;
    valid.push({
      theme: theme.name,
      text: risk,
      likelihood: likelihood.value,
      impact: impact.value,
      ownerId: o.id,
      ownerName: o.name,
      reviewDate: review.value,
      mitigation,
    });
  }
  if (problems.length) return fail(importRefused(problems));

  const now = ctx.now();
  let added = 0;
  let updated = 0;
  await ctx.db.$transaction(
    async (tx) => {
      // The register locked before it is read: a risk changed in Slack meanwhile is not overwritten unseen, nor added twice by two imports.
      await lockName(tx, "risk-import");
      await lockOpenRisks(tx);
      const open = await openRisks(tx);
      for (const r of valid) {
        const old = open.find((x) => x.text.toLowerCase() === r.text.toLowerCase());
        if (!old) {
          const id = await createRisk(tx, { ...r, createdBy: actor, createdAt: now });
          await writeAudit(tx, { actor, action: "risk-add", subject: `risk:${id}`, oldValue: null, newValue: r });
          added++;
          continue;
        }
        const keys = (Object.keys(r) as (keyof RiskRow)[]).filter((k) => r[k] !== old[k]);
        if (keys.length === 0) continue;
        const change = Object.fromEntries(keys.map((k) => [k, r[k]]));
        await setRiskFields(tx, old.id, change);
        await writeAudit(tx, {
          actor,
          action: "risk-update",
          subject: `risk:${old.id}`,
          oldValue: Object.fromEntries(keys.map((k) => [k, old[k]])),
          newValue: change,
        });
        updated++;
      }
    },
    { timeout: 60_000 },
  );
  return ok({ rows: valid.length, added, updated });
}

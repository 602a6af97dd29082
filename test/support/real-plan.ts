// A realistic improvement plan (test/support/plan/): eight recommendations
// from an inspection, three themes with aims, eight objectives and thirty
// actions answering them, and a risk register of three, with owners by Slack
// id, by e-mail and outside Slack.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Context } from "../../src/services/context.js";
import { importPlan, type UserLookup } from "../../src/services/plan-import.js";
import { importRecommendations } from "../../src/services/recommendations.js";
import { importRisks } from "../../src/services/risk-import.js";

/** The fixture files, as a user gives them to `npm run cli -- import-…`. */
export const REAL_PLAN_FILES = {
  recommendations: fileURLToPath(new URL("plan/recommendations.csv", import.meta.url)),
  plan: fileURLToPath(new URL("plan/improvement-plan.csv", import.meta.url)),
  risks: fileURLToPath(new URL("plan/risks.csv", import.meta.url)),
};

/** The people the files name by e-mail address, and their Slack ids (for a fake Slack's directory). */
export const REAL_PLAN_PEOPLE: Readonly<Record<string, string>> = {
  "mash.manager@council.gov.uk": "U0MASHMGR01",
  "leaving.care@council.gov.uk": "U0LEAVECR01",
};

/** Looks those people up, as import-plan does in Slack. */
export const realPlanLookup: UserLookup = async (email) => REAL_PLAN_PEOPLE[email] ?? null;

/**
 * Imports the recommendations and the plan, and the risk register unless `risks: false`, as the CLI's
 * imports do, made at `at` (default: the context's now), into a database with no plan yet.
 */
export async function importRealPlan(ctx: Context, options: { at?: Date; risks?: boolean } = {}): Promise<void> {
  const { at, risks = true } = options;
  const actor = "test";
  const c: Context = at ? { ...ctx, now: () => at } : ctx;
  const file = (f: keyof typeof REAL_PLAN_FILES) => readFileSync(REAL_PLAN_FILES[f], "utf8");
  expect(await importRecommendations(c, file("recommendations"), actor)).toMatchObject({ ok: true, value: { added: 8 } });
  expect(await importPlan(c, file("plan"), actor, realPlanLookup)).toMatchObject({ ok: true, value: { added: 30 } });
  if (risks) expect(await importRisks(c, file("risks"), actor, realPlanLookup)).toMatchObject({ ok: true, value: { added: 3 } });
}

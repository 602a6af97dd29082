// The plan as a regulator reads it: themes, objectives and actions in the
// plan's own order (/plan list, /plan 2, /plan 2.1), and each recommendation
// with the actions that answer it (/plan recs). The board pack reads the same tree.
import { getAction, listActions, redateCounts } from "../db/plan.js";
import { listObjectives, listThemes } from "../db/plan-structure.js";
import { listRecommendations } from "../db/recommendations.js";
import { type Action, localDate } from "../domain/plan.js";
import { actionsInPlanOrder, planTree, selectFromTree, type ThemeNode } from "../domain/plan-structure.js";
import { type RecommendationProgress, recommendationProgress } from "../domain/recommendation.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Context } from "./context.js";
import { type ActionView, actionView, noSuchRef } from "./plan.js";

/** The whole plan as a tree in its own order: themes (with aims), objectives, actions (with milestones and recommendations). */
export async function loadPlanTree(ctx: Context, opts: { openOnly?: boolean } = {}): Promise<ThemeNode[]> {
  const [themes, objectives, actions] = await Promise.all([listThemes(ctx.db), listObjectives(ctx.db), listActions(ctx.db, opts)]);
  return planTree(themes, objectives, actions);
}

/** Every action in the plan's order. */
export async function actionsInOrder(ctx: Context, opts: { openOnly?: boolean } = {}): Promise<Action[]> {
  return actionsInPlanOrder(await loadPlanTree(ctx, opts));
}

export interface PlanView {
  tree: ThemeNode[];
  redated: Map<string, number>;
}

/** /plan list [theme]: the plan, or the theme or objective the words name (a reference such as 2 or 2.1, or part of a theme's name). */
export async function planView(ctx: Context, query: string | null): Promise<PlanView> {
  const tree = await loadPlanTree(ctx);
  return { tree: query ? selectFromTree(tree, query) : tree, redated: await redateCounts(ctx.db) };
}

/** /plan <ref>: an action with its history, or else a theme or objective with its actions. */
export async function showPlanRef(ctx: Context, ref: string): Promise<Result<{ kind: "action"; view: ActionView } | ({ kind: "part" } & PlanView)>> {
  const a = await getAction(ctx.db, ref);
  if (a) return ok({ kind: "action", view: await actionView(ctx, a) });
  const tree = await loadPlanTree(ctx);
  const q = ref.toLowerCase();
  const named = tree.some((t) => t.theme.ref?.toLowerCase() === q || t.objectives.some((o) => o.objective.ref.toLowerCase() === q));
  if (!named) return fail(await noSuchRef(ctx, ref));
  return ok({ kind: "part", tree: selectFromTree(tree, ref), redated: await redateCounts(ctx.db) });
}

export interface RecommendationsView {
  progress: RecommendationProgress[];
  /** Recommendations no action answers yet. */
  unanswered: number;
}

/** /plan recs: each recommendation with the actions that answer it and their RAG, the view the regulator reads. */
export async function recommendationsView(ctx: Context): Promise<RecommendationsView> {
  const progress = recommendationProgress(await listRecommendations(ctx.db), await actionsInOrder(ctx), localDate(ctx.now(), ctx.config.timezone));
  return { progress, unanswered: progress.filter((p) => p.actions.length === 0).length };
}

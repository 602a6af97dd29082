// Gather what a digest or a chart needs from the database.
import { type ChartSeries, chartSeries } from "../charts/series.js";
import { redateCounts } from "../db/plan.js";
import { openRisks } from "../db/risks.js";
import { buildDigest, type DigestContent } from "../domain/digest.js";
import { latestEndedPeriod } from "../domain/period.js";
import { localDate } from "../domain/plan.js";
import { planSummary } from "../domain/plan-summary.js";
import type { Context } from "./context.js";
import { loadPlanTree } from "./plan-structure.js";
import { digestInput, scorecard } from "./scorecard.js";

export interface DigestBundle {
  content: DigestContent;
  /** The charts' figures: the scorecard's indicators with figures, in the board's order. */
  series: ChartSeries[];
}

export async function composeDigest(ctx: Context, keys: string[]): Promise<DigestBundle> {
  const suppress = ctx.config.suppressSmallCounts;
  const entries = await scorecard(ctx, keys);
  const series = entries
    .filter((e) => e.latest !== null)
    .map((e) =>
      chartSeries(
        e.indicator,
        e.series.map((m) => ({ period: m.period, value: m.value, base: m.base, numerator: m.numerator })),
        suppress,
        { comparators: e.comparators },
      ),
    );
  const content = buildDigest(entries.map(digestInput), latestEndedPeriod("monthly", ctx.now(), ctx.config.timezone), suppress);
  const today = localDate(ctx.now(), ctx.config.timezone);
  content.plan = planSummary(
    await loadPlanTree(ctx),
    await redateCounts(ctx.db),
    today,
    new Date(ctx.now().getTime() - 7 * 86_400_000),
    await openRisks(ctx.db),
  );
  return { content, series };
}

// Gather what a digest or a chart needs from the database.
import { type ChartSeries, chartSeries } from "../charts/series.js";
import { listIndicators } from "../db/indicators.js";
import { recentMeasurements } from "../db/measurements.js";
import { redateCounts } from "../db/plan.js";
import { openRisks } from "../db/risks.js";
import { buildDigest, type DigestContent, type DigestInput } from "../domain/digest.js";
import { latestEndedPeriod } from "../domain/period.js";
import { localDate } from "../domain/plan.js";
import { planSummary } from "../domain/plan-summary.js";
import type { Context } from "./context.js";
import { loadPlanTree } from "./plan-structure.js";
import { spcReadingFor } from "./spc.js";

export interface DigestBundle {
  content: DigestContent;
  series: ChartSeries[];
}

export async function composeDigest(ctx: Context, keys: string[]): Promise<DigestBundle> {
  const all = await listIndicators(ctx.db);
  const chosen = keys.length ? all.filter((i) => keys.includes(i.key)) : all;
  const suppress = ctx.config.suppressSmallCounts;
  const inputs: DigestInput[] = [];
  const series: ChartSeries[] = [];
  for (const indicator of chosen) {
    const recent = await recentMeasurements(ctx.db, indicator.key, 36);
    const [latest, previous] = recent;
    const fig = (m: typeof latest) => (m ? { period: m.period, value: m.value, base: m.base, numerator: m.numerator, note: m.note } : null);
    inputs.push({ indicator, latest: fig(latest), previous: fig(previous), spc: await spcReadingFor(ctx, indicator, [...recent].reverse()) });
    if (latest)
      series.push(
        chartSeries(
          indicator,
          recent.slice(0, 24).map((m) => ({ period: m.period, value: m.value, base: m.base, numerator: m.numerator })),
          suppress,
        ),
      );
  }
  const content = buildDigest(inputs, latestEndedPeriod("monthly", ctx.now(), ctx.config.timezone), suppress);
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

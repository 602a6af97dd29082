// Charts as use cases: the figures from the database, drawn as a PNG with its
// title and alt text. Where it goes (a channel, a file) is the caller's business.
import { lineChartAltText, smallMultiplesAltText } from "../charts/alt-text.js";
import { lineChartConfig } from "../charts/line-chart.js";
import { renderChart, renderSmallMultiples } from "../charts/render.js";
import { type ChartSeries, chartSeries } from "../charts/series.js";
import { SPC_CHART_SIZE, spcAltText, spcChartConfig } from "../charts/spc-chart.js";
import { recentMeasurements } from "../db/measurements.js";
import type { DigestContent } from "../domain/digest.js";
import type { Indicator } from "../domain/indicator.js";
import { fail, notice, ok, type Result } from "../domain/result.js";
import { isSuppressed } from "../domain/suppression.js";
import { code, words } from "../domain/words.js";
import type { Context } from "./context.js";
import { findIndicator } from "./indicators.js";
import { readingFor, rebaseMarks } from "./spc.js";

export interface ChartImage {
  png: Buffer;
  filename: string;
  title: string;
  altText: string;
}

export const SPC_PERIODS = 36;
export const MAX_CHARTS_IN_DIGEST = 24;

export async function seriesFor(ctx: Context, indicator: Indicator, suppress: boolean, periods = 24): Promise<ChartSeries> {
  const recent = await recentMeasurements(ctx.db, indicator.key, periods);
  return chartSeries(
    indicator,
    recent.map((m) => ({ period: m.period, value: m.value, base: m.base, numerator: m.numerator })),
    suppress,
    periods,
  );
}

/** /kpi <key> chart: the recent trend, with target and England. */
export async function trendChart(ctx: Context, key: string): Promise<Result<ChartImage>> {
  const found = await findIndicator(ctx, key);
  if (!found.ok) return found;
  const indicator = found.value;
  const series = await seriesFor(ctx, indicator, ctx.config.suppressSmallCounts);
  if (!series.latest)
    return fail(notice("info", words`${code(key)} has no figures yet, so there is nothing to draw.`, `/kpi ${key} <value> <period> records one`));
  const png = await renderChart(lineChartConfig(series, { where: ctx.config.councilName }));
  return ok({ png, filename: `${key}.png`, title: indicator.name, altText: lineChartAltText(series) });
}

/** /kpi <key> spc: an XmR chart of the last figures, with their rebases. */
export async function spcChart(ctx: Context, key: string): Promise<Result<ChartImage>> {
  const found = await findIndicator(ctx, key);
  if (!found.ok) return found;
  const indicator = found.value;
  const series = (await recentMeasurements(ctx.db, key, SPC_PERIODS)).reverse();
  const { reading, rebases } = await readingFor(ctx.db, indicator, series);
  if (series.some((m) => isSuppressed(m.value, indicator.unit, ctx.config.suppressSmallCounts, m.base, m.numerator))) {
    return fail(
      notice(
        "info",
        words`${code(key)} has ${indicator.unit === "count" ? "counts of fewer than 6" : "percentages of small numbers of children"}, which are not shown in channels (SUPPRESS_SMALL_COUNTS), so its SPC chart cannot be posted here. ${code(`/kpi ${key}`)} gives the SPC reading privately.`,
      ),
    );
  }
  if (!reading.result)
    return fail(
      notice("info", words`${code(key)}: ${reading.variation}, and a chart needs at least two figures.`, `/kpi ${key} history shows what is recorded`),
    );
  const input = { indicator, periods: series.map((m) => m.period), reading, where: ctx.config.councilName, rebases: rebaseMarks(series, rebases) };
  const png = await renderChart(spcChartConfig(input), SPC_CHART_SIZE);
  return ok({ png, filename: `${key}-spc.png`, title: `SPC: ${indicator.name}`, altText: spcAltText(input) });
}

/** A digest's one image of small multiples, or null when no indicator has figures. */
export async function digestChart(content: DigestContent, series: ChartSeries[]): Promise<ChartImage | null> {
  if (series.length === 0) return null;
  // Exceptions first, so a board sees what matters if the image is cut short.
  const order = new Map(content.exceptions.map((r, i) => [r.key, i]));
  const shown = [...series].sort((a, b) => (order.get(a.indicator.key) ?? 999) - (order.get(b.indicator.key) ?? 999)).slice(0, MAX_CHARTS_IN_DIGEST);
  const png = await renderSmallMultiples(shown.map((s) => lineChartConfig(s, { where: null, compact: true })));
  return {
    png,
    filename: `scorecard-${content.periodWords.replace(/\W+/g, "-").toLowerCase()}.png`,
    title: `${content.title}: figures to ${content.periodWords}`,
    altText: smallMultiplesAltText(`${content.title}, figures to ${content.periodWords}`, shown),
  };
}

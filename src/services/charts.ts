// Charts as use cases: the figures from the database, drawn as PNGs with their
// titles and alt text. Where they go (a channel, a file) is the caller's business.
import { lineChartAltText, panelsAltText } from "../charts/alt-text.js";
import type { ChartJob } from "../charts/chart-job.js";
import type { KeyEntry } from "../charts/key.js";
import { LINE_STYLE, PANELS_PER_IMAGE } from "../charts/line-chart.js";
import { type ChartSeries, chartSeries } from "../charts/series.js";
import { spcAltText } from "../charts/spc-chart.js";
import { recentMeasurements } from "../db/measurements.js";
import { hasBand } from "../domain/band.js";
import type { DigestContent } from "../domain/digest.js";
import type { Indicator } from "../domain/indicator.js";
import { fail, notice, ok, type Result } from "../domain/result.js";
import { isSuppressed } from "../domain/suppression.js";
import { code, words } from "../domain/words.js";
import { drawChart } from "./chart-pool.js";
import type { Context } from "./context.js";
import { findIndicator } from "./indicators.js";
import { comparatorsOf } from "./scorecard.js";
import { readingFor, rebaseMarks } from "./spc.js";

export interface ChartImage {
  png: Buffer;
  filename: string;
  title: string;
  altText: string;
}

export const SPC_PERIODS = 36;
/** A digest draws at most this many panels (in images of four); the message lists every indicator. */
export const MAX_CHARTS_IN_DIGEST = 24;

export async function seriesFor(ctx: Context, indicator: Indicator, suppress: boolean, periods = 24): Promise<ChartSeries> {
  const recent = await recentMeasurements(ctx.db, indicator.key, periods);
  return chartSeries(
    indicator,
    recent.map((m) => ({ period: m.period, value: m.value, base: m.base, numerator: m.numerator })),
    suppress,
    { maxPeriods: periods, comparators: await comparatorsOf(ctx, indicator) },
  );
}

/** /kpi <key> chart: the recent trend, with the target and the comparators of the periods shown. */
export async function trendChart(ctx: Context, key: string): Promise<Result<ChartImage>> {
  const found = await findIndicator(ctx, key);
  if (!found.ok) return found;
  const indicator = found.value;
  const series = await seriesFor(ctx, indicator, ctx.config.suppressSmallCounts);
  if (!series.latest)
    return fail(notice("info", words`${code(key)} has no figures yet, so there is nothing to draw.`, `/kpi ${key} <value> <period> records one`));
  const png = await drawChart({ kind: "trend", series, options: { where: ctx.config.councilName } });
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
  const png = await drawChart({ kind: "spc", input });
  return ok({ png, filename: `${key}-spc.png`, title: `SPC: ${indicator.name}`, altText: spcAltText(input) });
}

/** The key to the lines these panels draw. */
function keyFor(series: ChartSeries[]): KeyEntry[] {
  const key: KeyEntry[] = [{ label: "Figures", ...LINE_STYLE.value, figures: true }];
  const judged = series.filter((s) => s.indicator.polarity !== "neutral");
  if (judged.some((s) => s.indicator.target !== null)) key.push({ label: "Target", ...LINE_STYLE.target });
  if (judged.some((s) => hasBand(s.indicator))) key.push({ label: "Band of concern", ...LINE_STYLE.band });
  for (const kind of ["england", "region", "neighbours"] as const) {
    const drawn = series.flatMap((s) => s.comparators.filter((c) => c.kind === kind));
    if (drawn.length) key.push({ label: `${drawn[0]!.label} (on its periods)`, ...LINE_STYLE[kind] });
  }
  return key;
}

/**
 * A digest's charts: the scorecard's indicators in the board's order, four
 * panels to an image so each is legible at Slack's preview width, each image
 * under one title with the council and the period. Empty when none has figures.
 */
export function digestCharts(
  content: DigestContent,
  series: ChartSeries[],
  where: string | null,
  draw: (job: ChartJob) => Promise<Buffer> = drawChart,
): Promise<ChartImage>[] {
  const rows = new Map(content.rows.map((r) => [r.key, r]));
  const shown = series.filter((s) => s.latest !== null && rows.has(s.indicator.key)).slice(0, MAX_CHARTS_IN_DIGEST);
  const pages: ChartSeries[][] = [];
  for (let i = 0; i < shown.length; i += PANELS_PER_IMAGE) pages.push(shown.slice(i, i + PANELS_PER_IMAGE));
  const head = `${content.title}${where ? `, ${where}` : ""}: figures to ${content.periodWords}`;
  const outOfDate = (key: string) => rows.get(key)?.outOfDate ?? false;
  // The images are drawn side by side, as many at once as the chart pool has
  // threads; each is its own promise, so the first can be sent while the rest are drawn.
  const images = pages.map(async (page, n): Promise<ChartImage> => {
    const part = pages.length > 1 ? ` (${n + 1} of ${pages.length})` : "";
    const groups = [...new Set(page.map((s) => rows.get(s.indicator.key)!.group))];
    const png = await draw({
      kind: "panels",
      title: `${head}${part}`,
      subtitle: groups.join("; "),
      key: keyFor(page),
      panels: page.map((s) => ({ series: s, options: { where: null, compact: true, outOfDate: outOfDate(s.indicator.key) } })),
    });
    return {
      png,
      filename: `scorecard-${content.periodWords.replace(/\W+/g, "-").toLowerCase()}${pages.length > 1 ? `-${n + 1}` : ""}.png`,
      title: `${head}${part}`,
      altText: panelsAltText(`${head}${part}, ${groups.join("; ")}`, page, outOfDate),
    };
  });
  // A failed drawing is reported to whoever awaits it; one nobody reaches (an earlier image failed) is not an unhandled rejection.
  for (const image of images) image.catch(() => undefined);
  return images;
}

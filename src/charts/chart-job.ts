// What a chart is drawn from, as plain data that can cross to the drawing
// process (a chart.js configuration cannot: it holds functions). That process
// turns a job into its configuration and draws it (worker.ts).

import type { ChartConfiguration } from "chart.js";
import type { AssuranceIcon, VariationIcon } from "../domain/spc-reading.js";
import type { KeyEntry } from "./key.js";
import { type LineChartOptions, lineChartConfig } from "./line-chart.js";
import type { PanelImage } from "./render.js";
import type { ChartSeries } from "./series.js";
import { type SpcChartInput, spcChartConfig } from "./spc-chart.js";

export type ChartJob =
  /** /kpi <key> chart: the trend, TREND_CHART_SIZE. */
  | { kind: "trend"; series: ChartSeries; options: LineChartOptions }
  /** /kpi <key> spc and the board pack: an XmR chart, SPC_CHART_SIZE. */
  | { kind: "spc"; input: SpcChartInput }
  /** A digest's image: a few panels under one title and key. */
  | { kind: "panels"; title: string; subtitle: string; key: KeyEntry[]; panels: { series: ChartSeries; options: LineChartOptions }[] }
  /** A Making Data Count icon alone, for Slack to show beside a verdict. */
  | { kind: "icon"; icon: VariationIcon | AssuranceIcon }
  /** Nothing drawn: a thread started (canvas and chart.js loaded) before charts are wanted. */
  | { kind: "warm" };

/** The chart.js configuration of a single chart. */
export function jobConfig(job: Extract<ChartJob, { kind: "trend" | "spc" }>): ChartConfiguration {
  return (job.kind === "trend" ? lineChartConfig(job.series, job.options) : spcChartConfig(job.input)) as ChartConfiguration;
}

/** A digest image's panels as configurations. */
export function jobPanels(job: Extract<ChartJob, { kind: "panels" }>): PanelImage {
  return { title: job.title, subtitle: job.subtitle, key: job.key, panels: job.panels.map((p) => lineChartConfig(p.series, p.options) as ChartConfiguration) };
}

// chart.js configuration for an indicator's trend: figures, target, England.
// Pure: no canvas here, so the configuration is unit-tested directly.
import type { ChartConfiguration, Plugin } from "chart.js";
import type { Unit } from "../domain/indicator.js";
import { describePeriod } from "../domain/period.js";
import { RAG_WORD } from "../domain/rag.js";
import { suppressedText } from "../domain/suppression.js";
import { formatValue } from "../domain/value.js";
import { PALETTE } from "./palette.js";
import type { ChartSeries } from "./series.js";

export const UNIT_AXIS: Record<Unit, string> = {
  count: "Number",
  percent: "Percent",
  rate_per_10k: "Rate per 10,000 children",
  number: "Number",
  days: "Days",
};

export function chartTitle(s: ChartSeries, where: string | null): string {
  return where ? `${s.indicator.name}, ${where}` : s.indicator.name;
}

export function chartSubtitle(s: ChartSeries): string {
  if (!s.latest) return "No figures recorded";
  const ind = s.indicator;
  const value = s.latest.suppressed ? suppressedText(ind.unit) : formatValue(s.latest.value, ind.unit);
  const parts = [`Latest: ${value} (${describePeriod(s.latest.period)})`];
  if (s.change && !s.latest.suppressed && !s.previous?.suppressed) parts.push(`${s.change.amount}, ${s.change.judgement}`);
  // Status in words, never by colour alone.
  if (s.rag) parts.push(`Status: ${RAG_WORD[s.rag.status]}`);
  return parts.join(" · ");
}

/** Writes the latest value beside its point, so the figure can be read without the axis. */
export const latestLabelPlugin: Plugin<"line"> = {
  id: "latestLabel",
  afterDatasetsDraw(chart) {
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0]?.data as (number | null)[] | undefined;
    if (!data) return;
    let i = data.length - 1;
    while (i >= 0 && data[i] === null) i--;
    const el = meta.data[i];
    const label = (chart.options.plugins as { latestLabel?: { text?: string } }).latestLabel?.text;
    if (i < 0 || !el || !label) return;
    const { ctx } = chart;
    ctx.save();
    ctx.font = "bold 13px DejaVu Sans, sans-serif";
    const width = ctx.measureText(label).width;
    const right = el.x > chart.chartArea.right - 80;
    const x = right ? el.x - 10 - width : el.x + 10;
    const y = Math.max(chart.chartArea.top + 16, el.y - 12);
    // A white box keeps the label legible over the lines beneath it.
    ctx.fillStyle = "rgba(255,255,255,0.9)";
    ctx.fillRect(x - 3, y - 13, width + 6, 17);
    ctx.fillStyle = PALETTE.text;
    ctx.fillText(label, x, y);
    ctx.restore();
  },
};

/** Says so plainly when there is nothing to draw, rather than leaving an empty grid. */
export const emptyMessagePlugin: Plugin<"line"> = {
  id: "emptyMessage",
  afterDraw(chart) {
    const data = (chart.data.datasets[0]?.data ?? []) as (number | null)[];
    if (data.some((v) => v !== null)) return;
    const { ctx, chartArea } = chart;
    const text = data.length === 0 ? "No figures recorded yet" : "Small numbers are not shown";
    ctx.save();
    ctx.font = "14px DejaVu Sans, sans-serif";
    ctx.fillStyle = PALETTE.text;
    ctx.textAlign = "center";
    ctx.fillText(text, (chartArea.left + chartArea.right) / 2, (chartArea.top + chartArea.bottom) / 2);
    ctx.restore();
  },
};

export interface LineChartOptions {
  where: string | null;
  compact?: boolean; // a small multiple
}

export function lineChartConfig(s: ChartSeries, opts: LineChartOptions): ChartConfiguration<"line"> {
  const ind = s.indicator;
  const labels = s.points.map((p) => p.label);
  const compact = opts.compact ?? false;
  const datasets: ChartConfiguration<"line">["data"]["datasets"] = [
    {
      label: ind.name,
      data: s.points.map((p) => p.value),
      borderColor: PALETTE.value,
      backgroundColor: PALETTE.value,
      borderWidth: compact ? 2 : 3,
      pointRadius: compact ? 2 : 4,
      pointStyle: "circle",
      spanGaps: false,
      tension: 0,
    },
  ];
  if (ind.target !== null && ind.polarity !== "neutral") {
    datasets.push({
      label: `Target ${formatValue(ind.target, ind.unit)}`,
      data: labels.map(() => ind.target),
      borderColor: PALETTE.target,
      backgroundColor: PALETTE.target,
      borderDash: [8, 5],
      borderWidth: 2,
      pointRadius: 0,
      pointStyle: "line",
    });
  }
  if (s.england) {
    datasets.push({
      label: `${s.england.label}: ${formatValue(s.england.value, ind.unit)}`,
      data: labels.map(() => s.england!.value),
      borderColor: PALETTE.england,
      backgroundColor: PALETTE.england,
      borderDash: [2, 4],
      borderWidth: 2,
      pointRadius: 0,
      pointStyle: "line",
    });
  }
  const latestText = s.latest ? (s.latest.suppressed ? suppressedText(ind.unit) : formatValue(s.latest.value, ind.unit)) : undefined;
  return {
    type: "line",
    data: { labels, datasets },
    options: {
      devicePixelRatio: 2, // crisp on high-density screens
      animation: false,
      responsive: false,
      layout: { padding: compact ? 6 : 16 },
      plugins: {
        title: { display: true, text: compact ? ind.name : chartTitle(s, opts.where), color: PALETTE.text, font: { size: compact ? 12 : 18, weight: "bold" } },
        subtitle: { display: true, text: chartSubtitle(s), color: PALETTE.text, font: { size: compact ? 10 : 13 }, padding: { bottom: 8 } },
        legend: {
          display: !compact || datasets.length > 1,
          position: "bottom",
          labels: { color: PALETTE.text, usePointStyle: true, boxWidth: compact ? 14 : 30, font: { size: compact ? 9 : 12 } },
        },
        ...({ latestLabel: { text: latestText } } as object),
      },
      scales: {
        x: {
          ticks: { color: PALETTE.text, maxRotation: 45, autoSkip: true, maxTicksLimit: compact ? 6 : 12, font: { size: compact ? 9 : 11 } },
          grid: { color: PALETTE.grid },
        },
        y: {
          beginAtZero: ind.unit !== "percent",
          ...(ind.unit === "percent" ? { suggestedMax: 100 } : {}),
          title: { display: !compact, text: UNIT_AXIS[ind.unit], color: PALETTE.text },
          ticks: { color: PALETTE.text, font: { size: compact ? 9 : 11 } },
          grid: { color: PALETTE.grid },
        },
      },
    },
    plugins: [latestLabelPlugin, emptyMessagePlugin],
  };
}

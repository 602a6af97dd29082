// chart.js configuration for an XmR (SPC) chart: the figures, mean, process
// limits, target, special-cause points marked by shape and label as well as
// colour, and rebases. Pure.
import type { ChartConfiguration, Plugin } from "chart.js";
import type { Indicator } from "../domain/indicator.js";
import { describePeriod, shortPeriodLabel, type Period } from "../domain/period.js";
import type { SpcReading } from "../domain/spc-reading.js";
import type { PointType } from "../domain/spc.js";
import { formatValue } from "../domain/value.js";
import { UNIT_AXIS } from "./line-chart.js";
import { PALETTE } from "./palette.js";

export const POINT_MARK: Record<PointType, { style: "circle" | "triangle" | "rectRot" | "rect"; colour: string; label: string; letter: string }> = {
  common_cause: { style: "circle", colour: PALETTE.mean, label: "Common cause", letter: "" },
  special_cause_improvement: { style: "triangle", colour: PALETTE.improving, label: "Special cause: improving", letter: "I" },
  special_cause_concern: { style: "rectRot", colour: PALETTE.concern, label: "Special cause: concern", letter: "C" },
  special_cause_neutral_high: { style: "rect", colour: PALETTE.neutral, label: "Special cause: higher", letter: "H" },
  special_cause_neutral_low: { style: "rect", colour: PALETTE.neutral, label: "Special cause: lower", letter: "L" },
};

export interface SpcChartInput {
  indicator: Indicator;
  periods: Period[]; // oldest first, one per value
  reading: SpcReading;
  rebases: { index: number; reason: string }[];
  where: string | null;
}

/** Letters beside special-cause points and a marked line at each rebase: never colour alone. */
export const spcMarksPlugin: Plugin<"line"> = {
  id: "spcMarks",
  afterDatasetsDraw(chart) {
    const opts = (chart.options.plugins as { spcMarks?: { letters: string[]; rebases: { index: number; reason: string }[] } }).spcMarks;
    if (!opts) return;
    const { ctx, chartArea } = chart;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.font = "bold 12px DejaVu Sans, sans-serif";
    ctx.textAlign = "center";
    opts.letters.forEach((letter, i) => {
      const el = meta.data[i];
      if (!letter || !el) return;
      ctx.fillStyle = PALETTE.text;
      ctx.fillText(letter, el.x, el.y - 12);
    });
    for (const r of opts.rebases) {
      const el = meta.data[r.index];
      const prev = meta.data[r.index - 1];
      if (!el || !prev) continue;
      const x = (el.x + prev.x) / 2;
      ctx.strokeStyle = PALETTE.text;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.textAlign = "left";
      ctx.font = "11px DejaVu Sans, sans-serif";
      ctx.fillText(`Rebased: ${r.reason.slice(0, 40)}`, x + 4, chartArea.top + 12);
    }
    ctx.restore();
  },
};

export function spcSubtitle(reading: SpcReading): string {
  const v = reading.variation.charAt(0).toUpperCase() + reading.variation.slice(1);
  return reading.assurance ? `${v}. Assurance: ${reading.assurance}.` : `${v}.`;
}

export function spcChartConfig(input: SpcChartInput): ChartConfiguration<"line"> {
  const { indicator: ind, reading } = input;
  const points = reading.result?.points ?? [];
  const labels = input.periods.map(shortPeriodLabel);
  const byType = (t: PointType) => points.map((p) => (p.type === t ? p.value : null));
  const datasets: ChartConfiguration<"line">["data"]["datasets"] = [
    { label: "Figures", data: points.map((p) => p.value), borderColor: PALETTE.mean, backgroundColor: PALETTE.mean, borderWidth: 2, pointRadius: 3, pointStyle: "circle", tension: 0, order: 2 },
    { label: "Mean", data: points.map((p) => p.mean), borderColor: PALETTE.text, borderWidth: 1.5, pointRadius: 0, pointStyle: "line", stepped: true, order: 3 },
    { label: "Process limits", data: points.map((p) => p.upl), borderColor: PALETTE.limits, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, pointStyle: "line", stepped: true, order: 3 },
    { label: "", data: points.map((p) => p.lpl), borderColor: PALETTE.limits, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, pointStyle: "line", stepped: true, order: 3 },
  ];
  if (ind.target !== null && ind.polarity !== "neutral") {
    datasets.push({ label: `Target ${formatValue(ind.target, ind.unit)}`, data: points.map(() => ind.target), borderColor: PALETTE.target, borderDash: [10, 4], borderWidth: 2, pointRadius: 0, pointStyle: "line", order: 3 });
  }
  for (const t of ["special_cause_improvement", "special_cause_concern", "special_cause_neutral_high", "special_cause_neutral_low"] as const) {
    if (!points.some((p) => p.type === t)) continue;
    const mark = POINT_MARK[t];
    datasets.push({ label: `${mark.label} (${mark.letter})`, data: byType(t), showLine: false, pointStyle: mark.style, pointRadius: 7, borderColor: mark.colour, backgroundColor: mark.colour, order: 1 });
  }
  return {
    type: "line",
    data: { labels, datasets },
    options: {
      devicePixelRatio: 2,
      animation: false,
      responsive: false,
      layout: { padding: 16 },
      plugins: {
        title: { display: true, text: `SPC (XmR): ${ind.name}${input.where ? `, ${input.where}` : ""}`, color: PALETTE.text, font: { size: 17, weight: "bold" } },
        subtitle: { display: true, text: spcSubtitle(reading), color: PALETTE.text, font: { size: 12 }, padding: { bottom: 8 } },
        legend: { position: "bottom", labels: { color: PALETTE.text, usePointStyle: true, filter: (item) => item.text !== "" } },
        ...({ spcMarks: { letters: points.map((p) => POINT_MARK[p.type].letter), rebases: input.rebases } } as object),
      },
      scales: {
        x: { ticks: { color: PALETTE.text, maxRotation: 45, autoSkip: true, maxTicksLimit: 12 }, grid: { color: PALETTE.grid } },
        y: { title: { display: true, text: UNIT_AXIS[ind.unit], color: PALETTE.text }, ticks: { color: PALETTE.text }, grid: { color: PALETTE.grid } },
      },
    },
    plugins: [spcMarksPlugin],
  };
}

export function spcAltText(input: SpcChartInput): string {
  const { indicator: ind, reading } = input;
  const pts = reading.result?.points ?? [];
  if (pts.length === 0) return `SPC chart of ${ind.name}: not enough figures.`;
  const last = pts.at(-1)!;
  const f = (v: number) => formatValue(v, ind.unit);
  const counts = { improving: pts.filter((p) => p.type === "special_cause_improvement").length, concern: pts.filter((p) => p.type === "special_cause_concern").length, neutral: pts.filter((p) => p.type.startsWith("special_cause_neutral")).length };
  const parts = [
    `XmR (SPC) chart of ${ind.name}, ${describePeriod(input.periods[0]!)} to ${describePeriod(input.periods.at(-1)!)} (${pts.length} points).`,
    `Latest ${f(last.value)}; mean ${f(last.mean)}; process limits ${f(last.lpl)} to ${f(last.upl)}.`,
    `${spcSubtitle(reading)}`,
    `Special-cause points: ${counts.improving} improving, ${counts.concern} concern${counts.neutral ? `, ${counts.neutral} neutral` : ""}.`,
    ...input.rebases.map((r) => `Rebased from ${describePeriod(input.periods[r.index]!)}: ${r.reason}.`),
  ];
  const text = parts.join(" ");
  return text.length <= 1000 ? text : `${text.slice(0, 999)}…`;
}

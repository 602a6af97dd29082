// chart.js configuration for an XmR (SPC) chart: the figures, mean, process
// limits, target, special-cause points marked by shape and letter as well as
// colour, rebases, missing periods as gaps, and Making Data Count's variation
// and assurance icons beside the verdict. With too few points for a verdict,
// the figures alone. Sized to be read at Slack's preview width (about 360 px). Pure.
import type { ChartConfiguration, Plugin } from "chart.js";
import type { Indicator } from "../domain/indicator.js";
import { describePeriod, type Period, shortPeriodLabel } from "../domain/period.js";
import type { PointType } from "../domain/spc.js";
import { type AssuranceIcon, ICON_LABEL, MIN_POINTS_FOR_VERDICT, periodSlots, type SpcReading, type VariationIcon } from "../domain/spc-reading.js";
import { formatValue } from "../domain/value.js";
import { UNIT_AXIS, wrapText } from "./line-chart.js";
import { PALETTE } from "./palette.js";
import { drawIcon } from "./spc-icon.js";

/** CSS pixels (rendered at twice that): narrow enough that Slack's ~360 px preview keeps the text legible. */
export const SPC_CHART_SIZE = { width: 640, height: 560 };

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

const FONT = "DejaVu Sans, sans-serif";
const TITLE_SIZE = 19;
const SUBTITLE_SIZE = 14;
const ICON_SIZE = 50;
const ICON_BLOCK = { width: 2 * ICON_SIZE + 36, height: ICON_SIZE + 34 };
const PADDING = 14;

interface MarksOptions {
  letters: string[]; // per x slot
  rebases: { slot: number; reason: string }[];
  icons: { icon: VariationIcon | AssuranceIcon; label: string }[];
}

/** Letters beside special-cause points, a marked line at each rebase, and the icons: never colour alone. */
export const spcMarksPlugin: Plugin<"line"> = {
  id: "spcMarks",
  afterDatasetsDraw(chart) {
    const opts = (chart.options.plugins as { spcMarks?: MarksOptions }).spcMarks;
    if (!opts) return;
    const { ctx, chartArea } = chart;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.font = `bold 13px ${FONT}`;
    ctx.textAlign = "center";
    opts.letters.forEach((l, i) => {
      const el = meta.data[i];
      if (!l || !el) return;
      ctx.fillStyle = PALETTE.text;
      ctx.fillText(l, el.x, el.y - 12);
    });
    for (const r of opts.rebases) {
      const el = meta.data[r.slot];
      const prev = meta.data[r.slot - 1];
      if (!el || !prev) continue;
      const x = (el.x + prev.x) / 2;
      ctx.strokeStyle = PALETTE.text;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.textAlign = x > (chartArea.left + chartArea.right) / 2 ? "right" : "left";
      ctx.font = `12px ${FONT}`;
      ctx.fillText(`Rebased: ${r.reason.slice(0, 30)}${r.reason.length > 30 ? "…" : ""}`, ctx.textAlign === "right" ? x - 4 : x + 4, chartArea.top + 12);
    }
    ctx.restore();
  },
  afterDraw(chart) {
    const opts = (chart.options.plugins as { spcMarks?: MarksOptions }).spcMarks;
    if (!opts?.icons.length) return;
    const { ctx } = chart;
    ctx.save();
    opts.icons.forEach(({ icon, label }, k) => {
      // Right-aligned in the header, beside the title and the verdict.
      const cx = chart.width - PADDING - ICON_SIZE / 2 - 4 - (opts.icons.length - 1 - k) * (ICON_SIZE + 30);
      const cy = PADDING + ICON_SIZE / 2;
      drawIcon(ctx, icon, cx, cy, ICON_SIZE);
      ctx.fillStyle = PALETTE.text;
      ctx.font = `bold 11px ${FONT}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (const [j, line] of label.split("\n").entries()) ctx.fillText(line, cx, cy + ICON_SIZE / 2 + 4 + j * 13);
    });
    ctx.restore();
  },
};

/** The reading in sentences: the verdict or why there is none, the assurance, and how gaps were treated. */
export function spcSubtitle(reading: SpcReading): string {
  const v = reading.variation.charAt(0).toUpperCase() + reading.variation.slice(1);
  const parts = [reading.assurance ? `${v}. Assurance: ${reading.assurance}.` : `${v}.`];
  if (!reading.icons.variation) {
    const earlier = reading.result?.groups.some((g) => g.n >= MIN_POINTS_FOR_VERDICT);
    parts.push(earlier ? "Limits are shown only before the rebase." : "The figures are shown without limits.");
  }
  if (reading.gapWords) parts.push(reading.gapWords);
  return parts.join(" ");
}

function iconLabel(icon: VariationIcon | AssuranceIcon): string {
  // Two short lines under a 50 px icon.
  return ICON_LABEL[icon].replace(/^(Target:) /, "$1\n").replace(/ \((high|low)\)$/, "\n($1)");
}

/** Limits and marks only for processes (from a rebase to the next) with enough points for a verdict. */
function isJudged(reading: SpcReading, i: number): boolean {
  const g = reading.result?.groups[reading.result.points[i]?.group ?? -1];
  return g !== undefined && g.n >= MIN_POINTS_FOR_VERDICT;
}

/** The mean or a process limit: a stepped line with no points, carried on across gaps in the figures. */
function processLine(label: string, data: (number | null)[], colour: string, dashed: boolean) {
  return {
    label,
    data,
    borderColor: colour,
    ...(dashed ? { borderDash: [6, 4] } : {}),
    borderWidth: 1.5,
    pointRadius: 0,
    pointStyle: "line" as const,
    stepped: "middle" as const,
    spanGaps: false,
    order: 3,
  };
}

export function spcChartConfig(input: SpcChartInput): ChartConfiguration<"line"> {
  const { indicator: ind, reading } = input;
  const result = reading.result;
  const points = result?.points ?? [];
  const slots = periodSlots(input.periods);
  const labels = slots.map((s) => shortPeriodLabel(s.period));
  const judged = (i: number) => isJudged(reading, i);
  // A missing period is a gap in the figures; the process lines carry on across it (they are the process's, not a figure's).
  let lastIndex = -1;
  const owner = slots.map((s) => {
    if (s.index !== null) lastIndex = s.index;
    return lastIndex;
  });
  const figure = slots.map((s) => (s.index !== null ? (points[s.index]?.value ?? null) : null));
  const line = (pick: (p: (typeof points)[number]) => number) => owner.map((i) => (i >= 0 && points[i] && judged(i) ? pick(points[i]!) : null));
  const marked = (t: PointType) => slots.map((s) => (s.index !== null && points[s.index]?.type === t && judged(s.index) ? points[s.index]!.value : null));

  const datasets: ChartConfiguration<"line">["data"]["datasets"] = [
    {
      label: "Figures",
      data: figure,
      borderColor: PALETTE.mean,
      backgroundColor: PALETTE.mean,
      borderWidth: 2.5,
      pointRadius: 3.5,
      pointStyle: "circle",
      tension: 0,
      spanGaps: false,
      order: 2,
    },
  ];
  const anyLimits = points.some((_, i) => judged(i));
  if (anyLimits) {
    datasets.push(
      processLine(
        "Mean",
        line((p) => p.mean),
        PALETTE.text,
        false,
      ),
      processLine(
        "Process limits",
        line((p) => p.upl),
        PALETTE.limits,
        true,
      ),
      processLine(
        "",
        line((p) => p.lpl),
        PALETTE.limits,
        true,
      ),
    );
  }
  if (ind.target !== null && ind.polarity !== "neutral") {
    datasets.push({
      label: `Target ${formatValue(ind.target, ind.unit)}`,
      data: slots.map(() => ind.target),
      borderColor: PALETTE.target,
      borderDash: [10, 4],
      borderWidth: 2,
      pointRadius: 0,
      pointStyle: "line",
      order: 3,
    });
  }
  for (const t of ["special_cause_improvement", "special_cause_concern", "special_cause_neutral_high", "special_cause_neutral_low"] as const) {
    const data = marked(t);
    if (!data.some((v) => v !== null)) continue;
    const mark = POINT_MARK[t];
    datasets.push({
      label: `${mark.label} (${mark.letter})`,
      data,
      showLine: false,
      pointStyle: mark.style,
      pointRadius: 7,
      borderColor: mark.colour,
      backgroundColor: mark.colour,
      order: 1,
    });
  }

  const icons = [reading.icons.variation, reading.icons.assurance].filter((i) => i !== null).map((icon) => ({ icon, label: iconLabel(icon) }));
  const textWidth = SPC_CHART_SIZE.width - 2 * PADDING - (icons.length ? ICON_BLOCK.width : 0);
  const label = (p: Period) => shortPeriodLabel(p).replace(/ /g, "\u00a0"); // no line break inside "Jan 2016"
  const span = input.periods.length ? `${label(input.periods[0]!)} to ${label(input.periods.at(-1)!)}` : "";
  const title = wrapText(`SPC: ${ind.name}${input.where ? `, ${input.where}` : ""}, ${span}`, Math.floor(textWidth / (TITLE_SIZE * 0.62)));
  const subtitle = wrapText(spcSubtitle(reading), Math.floor(textWidth / (SUBTITLE_SIZE * 0.58)));
  // Keep the plot clear of the icons when the header text is shorter than they are.
  const textHeight = title.length * TITLE_SIZE * 1.25 + 10 + subtitle.length * SUBTITLE_SIZE * 1.25;
  const below = Math.max(8, icons.length ? ICON_BLOCK.height - textHeight : 0);

  const marks: MarksOptions = {
    letters: slots.map((s) => (s.index !== null && judged(s.index) ? POINT_MARK[points[s.index]!.type].letter : "")),
    rebases: input.rebases.map((r) => ({ slot: slots.findIndex((s) => s.index === r.index), reason: r.reason })),
    icons,
  };
  return {
    type: "line",
    data: { labels, datasets },
    options: {
      devicePixelRatio: 2,
      animation: false,
      responsive: false,
      layout: { padding: PADDING },
      plugins: {
        title: { display: true, align: "start", text: title, color: PALETTE.text, font: { size: TITLE_SIZE, weight: "bold" }, padding: { top: 0, bottom: 10 } },
        subtitle: { display: true, align: "start", text: subtitle, color: PALETTE.text, font: { size: SUBTITLE_SIZE }, padding: { bottom: below } },
        legend: {
          position: "bottom",
          labels: { color: PALETTE.text, usePointStyle: true, font: { size: 13 }, boxWidth: 30, filter: (item) => item.text !== "" },
        },
        ...({ spcMarks: marks } as object),
      },
      scales: {
        x: {
          offset: true,
          ticks: { color: PALETTE.text, font: { size: 13 }, maxRotation: 0, autoSkip: true, maxTicksLimit: 6 },
          grid: { color: PALETTE.grid },
        },
        y: {
          title: { display: true, text: UNIT_AXIS[ind.unit], color: PALETTE.text, font: { size: 13 } },
          ticks: { color: PALETTE.text, font: { size: 13 }, maxTicksLimit: 7 },
          grid: { color: PALETTE.grid },
        },
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
  const parts = [`XmR (SPC) chart of ${ind.name}, ${describePeriod(input.periods[0]!)} to ${describePeriod(input.periods.at(-1)!)} (${pts.length} points).`];
  if (reading.icons.variation) {
    const judged = pts.filter((_, i) => isJudged(reading, i));
    const counts = {
      improving: judged.filter((p) => p.type === "special_cause_improvement").length,
      concern: judged.filter((p) => p.type === "special_cause_concern").length,
      neutral: judged.filter((p) => p.type.startsWith("special_cause_neutral")).length,
    };
    parts.push(
      `Latest ${f(last.value)}; mean ${f(last.mean)}; process limits ${f(last.lpl)} to ${f(last.upl)}.`,
      spcSubtitle(reading),
      `Special-cause points: ${counts.improving} improving, ${counts.concern} concern${counts.neutral ? `, ${counts.neutral} neutral` : ""}.`,
    );
  } else {
    parts.push(
      `Latest ${f(last.value)}.`,
      spcSubtitle(reading),
      `Figures: ${pts
        .slice(-12)
        .map((p) => f(p.value))
        .join(", ")}${pts.length > 12 ? " (the last 12)" : ""}.`,
    );
  }
  parts.push(...input.rebases.map((r) => `Rebased from ${describePeriod(input.periods[r.index]!)}: ${r.reason}.`));
  const text = parts.join(" ");
  return text.length <= 1000 ? text : `${text.slice(0, 999)}…`;
}

// chart.js configuration for an indicator's trend: figures (gaps as gaps),
// target, and comparators on the periods they belong to. Sized and lettered to
// be read at Slack's preview width (about 360 px): a chart of its own, or a
// panel of a digest's image (render.ts puts a few in one image under one title).
// Pure: no canvas here, so the configuration is unit-tested directly.
import type { ChartConfiguration, ChartDataset, Plugin } from "chart.js";
import { type Band, describeBand, hasBand } from "../domain/band.js";
import type { Unit } from "../domain/indicator.js";
import { describePeriod, shortPeriodLabel } from "../domain/period.js";
import { RAG_WORD } from "../domain/rag.js";
import { suppressedText } from "../domain/suppression.js";
import { formatValue } from "../domain/value.js";
import { type AxisRange, valueAxis } from "./axis.js";
import { type KeyEntry, keyHeight, keyPlugin } from "./key.js";
import { PALETTE } from "./palette.js";
import { type ChartSeries, comparatorName, comparatorSingleValue, type SeriesFigure, spanLabel } from "./series.js";

export const UNIT_AXIS: Record<Unit, string> = {
  count: "Number",
  percent: "Percent",
  rate_per_10k: "Rate per 10,000 children",
  number: "Number",
  days: "Days",
};

/** CSS pixels (drawn at twice that): a chart of its own, and one panel of a digest's image. */
export const TREND_CHART_SIZE = { width: 560, height: 440 };
export const PANEL_SIZE = { width: 320, height: 300 };
/** Panels per digest image: two across, so each is half of Slack's ~360 px preview, never a thumbnail. */
export const PANEL_COLUMNS = 2;
export const PANELS_PER_IMAGE = 4;

const FONT = "DejaVu Sans, sans-serif";

/** Dashes that tell the lines apart without colour. */
export interface LineStyle {
  colour: string;
  dash: number[];
}
export const LINE_STYLE: Record<"value" | "target" | "band" | "england" | "region" | "neighbours", LineStyle> = {
  value: { colour: PALETTE.value, dash: [] },
  target: { colour: PALETTE.target, dash: [8, 5] },
  band: { colour: PALETTE.limits, dash: [10, 3, 2, 3] },
  england: { colour: PALETTE.england, dash: [2, 4] },
  region: { colour: PALETTE.neutral, dash: [12, 3, 2, 3] },
  neighbours: { colour: PALETTE.mean, dash: [4, 3] },
};

export function chartTitle(s: ChartSeries, where: string | null): string {
  const span = spanLabel(s);
  return [s.indicator.name, where, span].filter((p) => p).join(", ");
}

function figureText(f: SeriesFigure, unit: Unit): string {
  return f.suppressed ? suppressedText(unit) : formatValue(f.value, unit, f.base, f.numerator);
}

/** Periods on the chart with no figure (not those hidden as small counts). */
function gapCount(s: ChartSeries): number {
  return s.points.filter((p) => p.value === null && !p.suppressed).length;
}

export function chartSubtitle(s: ChartSeries): string {
  if (!s.latest) return "No figures recorded";
  const ind = s.indicator;
  const parts = [`Latest: ${figureText(s.latest, ind.unit)} (${describePeriod(s.latest.period)})`];
  if (s.change && s.previous && !s.latest.suppressed && !s.previous.suppressed) {
    parts.push(`${s.change.amount} since ${shortPeriodLabel(s.previous.period)}, ${s.change.judgement}`);
  }
  // Status in words, never by colour alone.
  if (s.rag) parts.push(`Status: ${RAG_WORD[s.rag.status]}`);
  const gaps = gapCount(s);
  if (gaps) parts.push(gaps === 1 ? "1 period with no figure, left as a gap" : `${gaps} periods with no figure, left as gaps`);
  return parts.join(" · ");
}

/** Break text into lines of at most `max` characters (chart.js draws title lines but does not wrap them). */
export function wrapText(text: string, max: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/ +/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, max - 1)}…`;
  return kept;
}

interface LatestLabelOptions {
  text?: string;
  size: number;
}

/** Room to the right of the plot for the latest figure's label. */
export function latestLabelRoom(text: string | undefined, size: number): number {
  return text ? Math.ceil(text.length * size * 0.72) + 14 : 0; // bold figures run wider than text
}

/**
 * Writes the latest value beside its point, to its right in room the chart
 * leaves for it, so the figure can be read without the axis and neither the
 * point nor its label is ever cut off.
 */
export const latestLabelPlugin: Plugin<"line"> = {
  id: "latestLabel",
  afterDatasetsDraw(chart) {
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0]?.data as (number | null)[] | undefined;
    const opts = (chart.options.plugins as { latestLabel?: LatestLabelOptions }).latestLabel;
    if (!data || !opts?.text) return;
    let i = data.length - 1;
    while (i >= 0 && data[i] === null) i--;
    const el = meta.data[i];
    if (i < 0 || !el) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `bold ${opts.size}px ${FONT}`;
    ctx.textBaseline = "middle";
    const width = ctx.measureText(opts.text).width;
    const x = Math.min(el.x + 9, chart.width - 4 - width);
    const y = Math.min(Math.max(el.y, chartArea.top + opts.size / 2), chartArea.bottom - opts.size / 2);
    ctx.fillStyle = "rgba(255,255,255,0.9)";
    ctx.fillRect(x - 2, y - opts.size / 2 - 2, width + 4, opts.size + 4);
    ctx.fillStyle = PALETTE.text;
    ctx.fillText(opts.text, x, y);
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
    ctx.font = `14px ${FONT}`;
    ctx.fillStyle = PALETTE.text;
    ctx.textAlign = "center";
    ctx.fillText(text, (chartArea.left + chartArea.right) / 2, (chartArea.top + chartArea.bottom) / 2);
    ctx.restore();
  },
};

export interface LineChartOptions {
  where: string | null;
  /** A panel of a digest's image: its own title is the indicator's name; the image carries the rest. */
  compact?: boolean;
  /** A panel's figure is older than the digest's latest period. */
  outOfDate?: boolean;
}

/** The band of concern, when the indicator has one (and a polarity, as every status needs). */
function bandOf(ind: ChartSeries["indicator"]): Band | null {
  return ind.polarity !== "neutral" && hasBand(ind) ? { low: ind.bandLow ?? null, high: ind.bandHigh ?? null } : null;
}

/** Everything drawn, for the axis: figures, the target, the band, the comparators. */
export function drawnValues(s: ChartSeries): number[] {
  const ind = s.indicator;
  const values = s.points.flatMap((p) => (p.value === null ? [] : [p.value]));
  if (ind.target !== null && ind.polarity !== "neutral") values.push(ind.target);
  const band = bandOf(ind);
  if (band?.low != null) values.push(band.low);
  if (band?.high != null) values.push(band.high);
  for (const c of s.comparators) for (const v of c.values) if (v !== null) values.push(v);
  return values;
}

export function lineChartConfig(s: ChartSeries, opts: LineChartOptions): ChartConfiguration<"line"> {
  const ind = s.indicator;
  const labels = s.points.map((p) => p.label);
  const compact = opts.compact ?? false;
  const axis: AxisRange = valueAxis(ind.unit, drawnValues(s), s.points.filter((p) => p.value !== null).length);
  // A line over a single period has no length: mark it with a dash across the point instead.
  const marker = labels.length === 1 ? 12 : 0;
  const line = (style: LineStyle) => ({ borderColor: style.colour, backgroundColor: style.colour, borderDash: style.dash });
  const datasets: ChartDataset<"line">[] = [
    {
      label: "Figures",
      data: s.points.map((p) => p.value),
      ...line(LINE_STYLE.value),
      borderWidth: 3,
      pointRadius: compact ? 3.5 : 4,
      pointStyle: "circle",
      spanGaps: false, // a missing period is a gap, never a line across it
      tension: 0,
      clip: false, // the latest point is never cut off at the edge
      order: 0,
    },
  ];
  if (ind.target !== null && ind.polarity !== "neutral") {
    datasets.push({
      label: `Target ${formatValue(ind.target, ind.unit)}`,
      data: labels.map(() => ind.target),
      ...line(LINE_STYLE.target),
      borderWidth: 2,
      pointRadius: marker,
      pointStyle: "line",
      order: 1,
    });
  }
  const band = bandOf(ind);
  if (band) {
    const label = `Band of concern ${describeBand(band, ind.unit)}`;
    for (const [i, bound] of [band.low, band.high].filter((b): b is number => b !== null).entries()) {
      datasets.push({
        label: i === 0 ? label : "", // one entry in the key for both bounds
        data: labels.map(() => bound),
        ...line(LINE_STYLE.band),
        borderWidth: 2,
        pointRadius: marker,
        pointStyle: "line",
        order: 1,
      });
    }
  }
  for (const c of s.comparators) {
    const single = comparatorSingleValue(c);
    // A comparator for one period alone is a point; for several, a line across them only.
    const lone = c.values.map((v, i) => v !== null && (c.values[i - 1] ?? null) === null && (c.values[i + 1] ?? null) === null);
    datasets.push({
      label: single === null ? comparatorName(c) : `${comparatorName(c)}: ${formatValue(single, ind.unit)}`,
      data: c.values,
      ...line(LINE_STYLE[c.kind]),
      borderWidth: 2,
      pointRadius: lone.map((l) => (l ? 4 : 0)),
      pointStyle: lone.some((l) => l) ? "rectRot" : "line",
      spanGaps: false,
      order: 1,
    });
  }
  // The label by the latest point is the figure alone; the subtitle gives its base.
  const latestText = s.latest ? (s.latest.suppressed ? suppressedText(ind.unit) : formatValue(s.latest.value, ind.unit)) : undefined;
  // Letters that stay legible when Slack shows the image about 360 px wide.
  const size = compact ? { title: 19, subtitle: 16, ticks: 14, label: 18, key: 0 } : { title: 21, subtitle: 16, ticks: 14, label: 17, key: 15 };
  const width = compact ? PANEL_SIZE.width : TREND_CHART_SIZE.width;
  const inset = compact ? 8 : 14;
  const textWidth = width - 2 * inset;
  const title = compact
    ? wrapText(ind.name, Math.floor(textWidth / (size.title * 0.6)), 3)
    : wrapText(chartTitle(s, opts.where), Math.floor(textWidth / (size.title * 0.62)));
  const subtitleText = compact ? panelSubtitle(s, opts.outOfDate ?? false) : chartSubtitle(s);
  const subtitle = wrapText(axis.note ? `${subtitleText} · ${axis.note}` : subtitleText, Math.floor(textWidth / (size.subtitle * 0.58)), compact ? 2 : 3);
  // A panel's lines are keyed once, in its image's header; a chart of its own has its key under the plot.
  const key = compact ? [] : keyEntries(datasets, ind.name);
  const keySize = size.key;
  const keyRoom = key.length ? keyHeight(key, width - 2 * inset, keySize) + 10 : 0;
  return {
    type: "line",
    data: { labels, datasets },
    options: {
      devicePixelRatio: 2, // crisp on high-density screens
      animation: false,
      responsive: false,
      layout: {
        padding: {
          left: inset,
          right: Math.max(inset, latestLabelRoom(latestText, size.label)),
          top: inset,
          bottom: Math.max(compact ? 6 : 10, keyRoom + inset),
        },
      },
      plugins: {
        title: { display: true, align: "start", text: title, color: PALETTE.text, font: { size: size.title, weight: "bold" }, padding: { top: 0, bottom: 4 } },
        subtitle: { display: true, align: "start", text: subtitle, color: PALETTE.text, font: { size: size.subtitle }, padding: { bottom: 8 } },
        legend: { display: false },
        ...({ latestLabel: { text: latestText, size: size.label }, lineKey: { entries: key, size: keySize, inset } } as object),
      },
      scales: {
        x: {
          offset: true, // half a period either side: the first and latest points sit inside the plot
          ticks: {
            color: PALETTE.text,
            maxRotation: 0,
            autoSkip: false,
            font: { size: size.ticks },
            callback: (_value: unknown, i: number) => (tickShown(i, labels.length, compact ? 3 : 5) ? labels[i] : null),
          },
          grid: { color: PALETTE.grid },
        },
        y: {
          min: axis.min,
          ...(axis.max !== undefined ? { max: axis.max } : {}),
          beginAtZero: true,
          grace: axis.max === undefined ? "8%" : 0,
          title: { display: !compact, text: UNIT_AXIS[ind.unit], color: PALETTE.text, font: { size: size.ticks } },
          ticks: { color: PALETTE.text, font: { size: size.ticks }, maxTicksLimit: compact ? 4 : 6 },
          grid: { color: PALETTE.grid },
        },
      },
    },
    plugins: [latestLabelPlugin, emptyMessagePlugin, keyPlugin],
  };
}

/** The first and the latest period are always labelled, and a few evenly between them when there is room. */
export function tickShown(i: number, count: number, most: number): boolean {
  if (i === 0 || i === count - 1) return true;
  if (most <= 2 || count <= 2) return false;
  const step = Math.ceil((count - 1) / (most - 1));
  return i % step === 0 && count - 1 - i >= step * 0.75;
}

/** The key's entries: one per kind of line drawn, with its own colour and dash. */
function keyEntries(datasets: ChartDataset<"line">[], figuresLabel: string): KeyEntry[] {
  return datasets
    .flatMap((d, i) => (i > 0 && !d.label ? [] : [d]))
    .map((d, i) => ({
      label: i === 0 ? figuresLabel : String(d.label ?? ""),
      colour: String(d.borderColor),
      dash: (d.borderDash as number[] | undefined) ?? [],
      figures: i === 0,
    }));
}

/** A panel's second line: the latest figure, its status in words, its period (marked when out of date). */
export function panelSubtitle(s: ChartSeries, outOfDate: boolean): string {
  if (!s.latest) return "No figures recorded";
  const parts = [figureText(s.latest, s.indicator.unit)];
  if (s.rag) parts.push(RAG_WORD[s.rag.status]);
  parts.push(outOfDate ? `${shortPeriodLabel(s.latest.period)}, out of date` : shortPeriodLabel(s.latest.period));
  const gaps = gapCount(s);
  if (gaps) parts.push(`${gaps} ${gaps === 1 ? "gap" : "gaps"}`);
  return parts.join(" · ");
}

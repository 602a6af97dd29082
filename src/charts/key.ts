// A key to the lines of a chart, drawn by us rather than chart.js's legend so
// that every entry shows its own dash (colour is never the only cue). Its
// layout is estimated from the text, so a chart can leave room for it before
// it is drawn.
import type { Plugin } from "chart.js";
import { PALETTE } from "./palette.js";

export interface KeyEntry {
  label: string;
  colour: string;
  dash: number[];
  /** The figures' line: drawn thicker, with a point on it. */
  figures?: boolean;
}

const SAMPLE = 30;
const GAP = 18;
const FONT = "DejaVu Sans, sans-serif";
/** DejaVu Sans runs a little under 0.62 em a character on average. */
const CHAR = 0.62;

/** Where each entry goes: its row and its x offset. */
export function keyLayout(entries: readonly KeyEntry[], width: number, size: number): { row: number; x: number }[] {
  let row = 0;
  let x = 0;
  return entries.map((e) => {
    const w = SAMPLE + 6 + e.label.length * size * CHAR;
    if (x > 0 && x + w > width) {
      row++;
      x = 0;
    }
    const at = { row, x };
    x += w + GAP;
    return at;
  });
}

/** The height the key takes in this width. */
export function keyHeight(entries: readonly KeyEntry[], width: number, size: number): number {
  const layout = keyLayout(entries, width, size);
  return layout.length ? (layout.at(-1)!.row + 1) * size * 1.6 : 0;
}

type Ctx = CanvasRenderingContext2D;

/** Draws the key with its top-left corner at (left, top). */
export function drawKey(ctx: Ctx, entries: readonly KeyEntry[], left: number, top: number, width: number, size: number): void {
  const layout = keyLayout(entries, width, size);
  ctx.save();
  ctx.font = `${size}px ${FONT}`;
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  entries.forEach((e, i) => {
    const x = left + layout[i]!.x;
    const y = top + layout[i]!.row * size * 1.6 + size * 0.8;
    ctx.strokeStyle = e.colour;
    ctx.lineWidth = e.figures ? 3 : 2;
    ctx.setLineDash(e.dash);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + SAMPLE, y);
    ctx.stroke();
    ctx.setLineDash([]);
    if (e.figures) {
      ctx.fillStyle = e.colour;
      ctx.beginPath();
      ctx.arc(x + SAMPLE / 2, y, 4, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = PALETTE.text;
    ctx.fillText(e.label, x + SAMPLE + 6, y);
  });
  ctx.restore();
}

export interface KeyOptions {
  entries: KeyEntry[];
  size: number;
  /** Space between the chart's edges and the key. */
  inset: number;
}

/** The key under the plot, in the room the chart's bottom padding leaves for it. */
export const keyPlugin: Plugin<"line"> = {
  id: "lineKey",
  afterDraw(chart) {
    const opts = (chart.options.plugins as { lineKey?: KeyOptions }).lineKey;
    if (!opts?.entries.length) return;
    const width = chart.width - 2 * opts.inset;
    const height = keyHeight(opts.entries, width, opts.size);
    drawKey(chart.ctx, opts.entries, opts.inset, chart.height - opts.inset - height, width, opts.size);
  },
};

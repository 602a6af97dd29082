// chart.js configurations to PNG (chartjs-node-canvas, node-canvas). Drawing is
// synchronous, so callers render after the ack and we yield between charts.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { createCanvas, loadImage } from "canvas";
import type { ChartConfiguration } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import { drawKey, type KeyEntry, keyHeight } from "./key.js";
import { PANEL_SIZE, TREND_CHART_SIZE, wrapText } from "./line-chart.js";
import { PALETTE } from "./palette.js";

const renderers = new Map<string, ChartJSNodeCanvas>();

function renderer(width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let r = renderers.get(key);
  if (!r) {
    r = new ChartJSNodeCanvas({ width, height, backgroundColour: PALETTE.background });
    renderers.set(key, r);
  }
  return r;
}

export const CHART_SIZE = TREND_CHART_SIZE;

export async function renderChart(config: ChartConfiguration, size: { width: number; height: number } = CHART_SIZE): Promise<Buffer> {
  await yieldToEventLoop();
  return renderer(size.width, size.height).renderToBuffer(config as never, "image/png");
}

export interface PanelImage {
  /** One title for the image: what, where, and the period. */
  title: string;
  /** Under it: which image of how many, and anything the panels share. */
  subtitle: string;
  key: KeyEntry[];
  panels: ChartConfiguration[];
}

/** Panels per image: two across, so each is half of Slack's ~360 px preview, never a thumbnail. */
export const PANEL_COLUMNS = 2;
export const PANELS_PER_IMAGE = 4;
const SCALE = 2; // devicePixelRatio of every chart
const FONT = "DejaVu Sans, sans-serif";
const MARGIN = 12;
const TITLE = 22;
const SUBTITLE = 17;
const KEY = 16;

/** A few panels in one image under one title and one key to the lines. */
export async function renderPanels(image: PanelImage): Promise<Buffer> {
  const cols = Math.max(1, Math.min(PANEL_COLUMNS, image.panels.length));
  const rows = Math.max(1, Math.ceil(image.panels.length / cols));
  const width = PANEL_SIZE.width * PANEL_COLUMNS; // the same width however many panels, so images line up
  const titleLines = wrapText(image.title, Math.floor((width - 2 * MARGIN) / (TITLE * 0.62)));
  const subtitleLines = wrapText(image.subtitle, Math.floor((width - 2 * MARGIN) / (SUBTITLE * 0.6)));
  const keyRoom = keyHeight(image.key, width - 2 * MARGIN, KEY);
  const head = MARGIN + titleLines.length * TITLE * 1.25 + subtitleLines.length * SUBTITLE * 1.3 + keyRoom + 10;
  const canvas = createCanvas(width * SCALE, (head + rows * PANEL_SIZE.height) * SCALE);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = PALETTE.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = PALETTE.text;
  ctx.textBaseline = "top";
  let y = MARGIN;
  ctx.font = `bold ${TITLE}px ${FONT}`;
  for (const l of titleLines) {
    ctx.fillText(l, MARGIN, y);
    y += TITLE * 1.25;
  }
  ctx.font = `${SUBTITLE}px ${FONT}`;
  for (const l of subtitleLines) {
    ctx.fillText(l, MARGIN, y);
    y += SUBTITLE * 1.3;
  }
  drawKey(ctx as unknown as CanvasRenderingContext2D, image.key, MARGIN, y, width - 2 * MARGIN, KEY);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  for (const [i, config] of image.panels.entries()) {
    const png = await renderChart(config, PANEL_SIZE);
    const img = await loadImage(png);
    ctx.drawImage(
      img,
      (i % cols) * PANEL_SIZE.width * SCALE,
      (head + Math.floor(i / cols) * PANEL_SIZE.height) * SCALE,
      PANEL_SIZE.width * SCALE,
      PANEL_SIZE.height * SCALE,
    );
  }
  return canvas.toBuffer("image/png");
}

// chart.js configurations to PNG (chartjs-node-canvas, node-canvas). Drawing is
// synchronous, so callers render after the ack and we yield between charts.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { createCanvas, loadImage } from "canvas";
import type { ChartConfiguration } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
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

export const CHART_SIZE = { width: 900, height: 450 };
export const MINI_SIZE = { width: 420, height: 240 };

export async function renderChart(config: ChartConfiguration, size = CHART_SIZE): Promise<Buffer> {
  await yieldToEventLoop();
  return renderer(size.width, size.height).renderToBuffer(config as never, "image/png");
}

/** Several small charts in one image, so a scorecard of thirty indicators is one upload. */
export async function renderSmallMultiples(configs: ChartConfiguration[], columns = 3): Promise<Buffer> {
  const scale = 2; // devicePixelRatio used by each chart
  const w = MINI_SIZE.width * scale;
  const h = MINI_SIZE.height * scale;
  const cols = Math.max(1, Math.min(columns, configs.length));
  const rows = Math.max(1, Math.ceil(configs.length / cols));
  const canvas = createCanvas(w * cols, h * rows);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = PALETTE.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const [i, config] of configs.entries()) {
    const png = await renderChart(config, MINI_SIZE);
    const img = await loadImage(png);
    ctx.drawImage(img, (i % cols) * w, Math.floor(i / cols) * h, w, h);
  }
  return canvas.toBuffer("image/png");
}

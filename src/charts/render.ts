// chart.js configurations drawn on node-canvas and encoded as PNG. Drawing
// and encoding are synchronous and take tens of milliseconds, so the bot runs
// this module in a child process (worker.ts), never in the bot's own process.
// A digest's image draws each panel on a canvas of its own and copies it onto
// the image's canvas: one PNG encoding an image, no PNG decoded.
import { type Canvas, createCanvas } from "canvas";
import { Chart, type ChartConfiguration, registerables } from "chart.js";
import type { AssuranceIcon, VariationIcon } from "../domain/spc-reading.js";
import { drawKey, type KeyEntry, keyHeight } from "./key.js";
import { PANEL_COLUMNS, PANEL_SIZE, TREND_CHART_SIZE, wrapText } from "./line-chart.js";
import { PALETTE } from "./palette.js";
import { drawIcon, type IconStyle, SMALL_ICON } from "./spc-icon.js";

Chart.register(...registerables);

/** Fills the background before anything is drawn (a PNG is otherwise transparent). */
const backgroundPlugin = {
  id: "background",
  beforeDraw(chart: Chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = PALETTE.background;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/**
 * zlib level 3, not node-canvas's 6: encoding is about a third of a chart's
 * time, and level 3 encodes a 1120x680 chart in 21 ms rather than 31, for
 * about an eighth more bytes (152 KB against 135): flat colours compress well
 * at any level.
 */
const PNG = { compressionLevel: 3 } as const;

type ChartCanvas = Canvas & { style?: object };
const canvases = new Map<string, ChartCanvas>();

/**
 * The canvas for one role (a chart, a panel, a digest's image), sized anew.
 * A canvas's pixels live outside the JavaScript heap and are freed only when
 * the garbage collector gets round to the canvas: a digest's dozens of fresh
 * canvases took the process to over 250 MB. Resizing one canvas frees its
 * old pixels at once.
 */
function canvasFor(role: string, width: number, height: number): ChartCanvas {
  let canvas = canvases.get(role);
  if (!canvas) {
    canvas = createCanvas(width, height) as ChartCanvas;
    canvas.style = {}; // chart.js sets a size on it, as on a DOM canvas
    canvases.set(role, canvas);
  } else {
    canvas.width = width;
    canvas.height = height;
  }
  return canvas;
}

/** Draws the chart on a canvas of `size` CSS pixels (chart.js scales it by the configuration's devicePixelRatio) and hands the canvas to `use`. */
function draw<T>(role: string, config: ChartConfiguration, size: { width: number; height: number }, use: (canvas: Canvas) => T): T {
  const canvas = canvasFor(role, size.width, size.height);
  const options = { ...config.options, responsive: false, animation: false as const };
  const chart = new Chart(
    canvas.getContext("2d") as never,
    {
      ...config,
      options,
      plugins: [...(config.plugins ?? []), backgroundPlugin],
    } as ChartConfiguration,
  );
  try {
    return use(canvas);
  } finally {
    chart.destroy(); // clears the canvas: use it first
  }
}

export const CHART_SIZE = TREND_CHART_SIZE;

export async function renderChart(config: ChartConfiguration, size: { width: number; height: number } = CHART_SIZE): Promise<Buffer> {
  return draw(`chart ${size.width}x${size.height}`, config, size, (canvas) => canvas.toBuffer("image/png", PNG));
}

export interface PanelImage {
  /** One title for the image: what, where, and the period. */
  title: string;
  /** Under it: which image of how many, and anything the panels share. */
  subtitle: string;
  key: KeyEntry[];
  panels: ChartConfiguration[];
}

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
  const canvas = canvasFor("image", width * SCALE, (head + rows * PANEL_SIZE.height) * SCALE);
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
    draw("panel", config, PANEL_SIZE, (panel) =>
      ctx.drawImage(
        panel,
        (i % cols) * PANEL_SIZE.width * SCALE,
        (head + Math.floor(i / cols) * PANEL_SIZE.height) * SCALE,
        PANEL_SIZE.width * SCALE,
        PANEL_SIZE.height * SCALE,
      ),
    );
  }
  return canvas.toBuffer("image/png", PNG);
}

/**
 * One SPC icon alone as a square PNG of `px` pixels, transparent outside its ring.
 * Slack scales an image to the size it shows it at, so this is drawn large
 * enough for a high-density screen and heavily enough for a small one.
 */
export function renderIcon(icon: VariationIcon | AssuranceIcon, px = 64, style: IconStyle = SMALL_ICON): Buffer {
  const canvas = canvasFor("icon", px, px); // resized: cleared to transparent
  drawIcon(canvas.getContext("2d") as unknown as Chart["ctx"], icon, px / 2, px / 2, px, style);
  return canvas.toBuffer("image/png", PNG);
}

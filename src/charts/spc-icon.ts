// Making Data Count's variation and assurance icons, drawn from the shapes of
// NHSRplotthedots' SVGs (inst/icons, a 378-unit square) in the chart's palette,
// so their colours match the points and keep 3:1 contrast on white. Drawn on
// the SPC chart, and alone as small PNGs for Slack to show beside a verdict.
import type { Chart } from "chart.js";
import type { AssuranceIcon, VariationIcon } from "../domain/spc-reading.js";
import { PALETTE } from "./palette.js";

const FONT = "DejaVu Sans, sans-serif";
const GREY = "#7F7F7F";
const ICON_COLOUR: Record<VariationIcon | AssuranceIcon, string> = {
  common_cause: GREY,
  improvement_high: PALETTE.improving,
  improvement_low: PALETTE.improving,
  concern_high: PALETTE.concern,
  concern_low: PALETTE.concern,
  neutral_high: PALETTE.neutral,
  neutral_low: PALETTE.neutral,
  pass: PALETTE.improving,
  fail: PALETTE.concern,
  inconsistent: GREY,
};

type Ctx = Chart["ctx"];

/**
 * How heavily to draw: weight 1 and letter 1 as NHSRplotthedots draws them;
 * more for icons shown at text size, where thin lines vanish and the letter
 * (H, L, P, F, ?) is what tells one icon from another of the same colour.
 */
export interface IconStyle {
  weight: number;
  letter: number;
}

const AS_DRAWN: IconStyle = { weight: 1, letter: 1 };

function dots(ctx: Ctx, pts: [number, number][], colouredFrom: number, colour: string, style: IconStyle): void {
  ctx.strokeStyle = GREY;
  ctx.lineWidth = 9 * style.weight;
  ctx.beginPath();
  for (const [i, [x, y]] of pts.entries()) {
    if (i) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
  }
  ctx.stroke();
  // The dots sit 47 units apart: grow them less than the lines, so they stay apart.
  const radius = 21 * Math.min(style.weight, 1.15);
  pts.forEach(([x, y], i) => {
    ctx.fillStyle = i >= colouredFrom ? colour : GREY;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fill();
  });
}

function letter(ctx: Ctx, text: string, baseline: number, colour: string, style: IconStyle): void {
  ctx.fillStyle = colour;
  ctx.font = `bold ${Math.round(117 * style.letter)}px ${FONT}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(text, 189, baseline);
}

/** One icon, `size` CSS pixels across, centred on (cx, cy). */
export function drawIcon(ctx: Ctx, icon: VariationIcon | AssuranceIcon, cx: number, cy: number, size: number, style: IconStyle = AS_DRAWN): void {
  const colour = ICON_COLOUR[icon];
  const w = style.weight;
  ctx.save();
  ctx.translate(cx - size / 2, cy - size / 2);
  ctx.scale(size / 378, size / 378);
  ctx.setLineDash([]);
  ctx.fillStyle = "#FFFFFF";
  ctx.strokeStyle = colour;
  ctx.lineWidth = 22 * w;
  ctx.beginPath();
  ctx.arc(189, 189, 189 - 29 - (22 * (w - 1)) / 2, 0, 2 * Math.PI); // a heavier ring grows inwards, so it is not cut off
  ctx.fill();
  ctx.stroke();
  const high: [number, number][] = [
    [97, 250],
    [144, 268],
    [191, 236],
    [238, 214],
    [286, 190],
  ];
  const low: [number, number][] = [
    [97, 128],
    [144, 110],
    [191, 142],
    [238, 164],
    [286, 188],
  ];
  switch (icon) {
    case "common_cause":
      dots(
        ctx,
        [
          [97, 195],
          [144, 233],
          [191, 153],
          [238, 221],
          [286, 206],
        ],
        5,
        GREY,
        style,
      );
      break;
    case "improvement_high":
    case "concern_high":
      letter(ctx, "H", 172, colour, style);
      dots(ctx, high, 3, colour, style);
      break;
    case "improvement_low":
    case "concern_low":
      letter(ctx, "L", 292, colour, style);
      dots(ctx, low, 3, colour, style);
      break;
    case "neutral_high":
    case "neutral_low": {
      const up: [number, number][] = [
        [104, 242],
        [180, 166],
        [152, 138],
        [258, 120],
        [240, 226],
        [212, 198],
        [136, 274],
      ];
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (const [i, [x, y]] of (icon === "neutral_high" ? up : up.map(([x, y]): [number, number] => [x, 378 - y])).entries()) {
        if (i) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
      }
      ctx.closePath();
      ctx.fill();
      break;
    }
    default: {
      // A larger letter sits lower, clear of the ring; the figures and target below it leave room.
      letter(ctx, icon === "pass" ? "P" : icon === "fail" ? "F" : "?", 158 + 40 * (style.letter - 1), icon === "inconsistent" ? GREY : colour, style);
      // The target, dashed: below the figures (pass), above them (fail), or through them (hit and miss).
      const targetY = icon === "pass" ? 262 : icon === "fail" ? 190 : 222;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 10 * w;
      ctx.setLineDash([26 * w, 9 * w]);
      ctx.beginPath();
      ctx.moveTo(50, targetY);
      ctx.lineTo(328, targetY);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.strokeStyle = GREY;
      ctx.lineWidth = 12 * w;
      ctx.beginPath();
      ctx.moveTo(72.5, 238.8);
      ctx.bezierCurveTo(89, 218.2, 107.7, 200.8, 129.6, 200.5);
      ctx.bezierCurveTo(152.1, 201.5, 176.6, 238.7, 192.6, 241.3);
      ctx.bezierCurveTo(206.3, 244.1, 205.9, 217.7, 212.8, 216.7);
      ctx.bezierCurveTo(217.6, 215.4, 220.2, 238.2, 233.1, 240.5);
      ctx.bezierCurveTo(248.6, 243.8, 291.6, 234.4, 302.5, 236.2);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** Drawn for Slack's context blocks, which show an image at about 20 px: heavier lines, so it reads at that size. */
export const SMALL_ICON: IconStyle = { weight: 1.7, letter: 1.3 };

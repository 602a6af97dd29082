// Speed and memory, measured rather than asserted: `npm run bench`.
// Renders charts, computes SPC and composes digest content with fixed inputs.
import { performance } from "node:perf_hooks";
import { lineChartConfig } from "../src/charts/line-chart.js";
import { renderChart, renderPanels } from "../src/charts/render.js";
import { chartSeries } from "../src/charts/series.js";
import { buildDigest } from "../src/domain/digest.js";
import type { Indicator } from "../src/domain/indicator.js";
import { shiftPeriod } from "../src/domain/period.js";
import { spc } from "../src/domain/spc.js";

const ind: Indicator = {
  key: "assess-45wd",
  name: "Single assessments completed within 45 working days",
  unit: "percent",
  polarity: "high_good",
  frequency: "monthly",
  englandValue: 85.7,
  englandPeriod: "2024/25",
  guidance: null,
  target: 90,
  tolerance: 5,
};
const start = { frequency: "monthly", year: 2015, month: 1 } as const;
const figures = Array.from({ length: 24 }, (_, i) => ({ period: shiftPeriod(start, i), value: 80 + ((i * 7) % 15) }));

async function time(name: string, runs: number, fn: () => unknown | Promise<unknown>): Promise<void> {
  await fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const ms = (performance.now() - t0) / runs;
  console.log(`${name.padEnd(40)} ${ms.toFixed(2).padStart(9)} ms/run  (heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)`);
}

const series = chartSeries(ind, figures, false);
await time("line chart 560x440 @2x to PNG", 20, () => renderChart(lineChartConfig(series, { where: "Council" })));
await time("digest image, 4 panels", 3, () =>
  renderPanels({
    title: "Board scorecard",
    subtitle: "",
    key: [],
    panels: Array.from({ length: 4 }, () => lineChartConfig(series, { where: null, compact: true })),
  }),
);
const long = Array.from({ length: 1000 }, (_, i) => 50 + Math.sin(i / 5) * 5 + (i % 7));
await time("SPC over 1,000 points", 50, () => spc(long, { improvement: "increase", target: 52 }));
const inputs = Array.from({ length: 200 }, (_, i) => ({
  indicator: { ...ind, key: `k${i}` },
  latest: { ...figures[23]!, base: null, numerator: null, note: "n" },
  previous: { ...figures[22]!, base: null, numerator: null, note: null },
}));
await time("digest content, 200 indicators", 200, () => buildDigest(inputs, figures[23]!.period, true));

// Micro-benchmarks, in the benchmark process (one section of `npm run bench`):
// renders charts, computes SPC, composes digest content and produces the board
// pack (30 indicators, each with its XmR chart, and a 60-action plan) with fixed inputs.
import { performance } from "node:perf_hooks";
import { lineChartConfig } from "../src/charts/line-chart.js";
import { renderChart, renderPanels } from "../src/charts/render.js";
import { chartSeries } from "../src/charts/series.js";
import { SPC_CHART_SIZE, spcAltText, spcChartConfig } from "../src/charts/spc-chart.js";
import { buildBoardPack, type PackIndicatorInput } from "../src/domain/board-pack.js";
import { packDocument } from "../src/domain/board-pack-layout.js";
import { buildDigest } from "../src/domain/digest.js";
import type { Indicator } from "../src/domain/indicator.js";
import { shiftPeriod } from "../src/domain/period.js";
import type { Action } from "../src/domain/plan.js";
import { spc } from "../src/domain/spc.js";
import { spcReading } from "../src/domain/spc-reading.js";
import { renderDocx } from "../src/pack/docx.js";
import { renderPdf } from "../src/pack/pdf.js";
import { type Row, row } from "./lib/report.js";
import { summarize } from "./lib/stats.js";

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

const rows: Row[] = [];
let scale = 1;

/** Median and spread of `runs` timed runs (after one to warm up). */
async function time(name: string, runs: number, fn: () => unknown | Promise<unknown>): Promise<void> {
  await fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, Math.round(runs * scale)); i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  rows.push(row({ section: "micro", benchmark: name, unit: "ms", measured: summarize(times), floor: null, target: "—", pass: null }));
}

export async function microBenchmarks(quick: boolean): Promise<Row[]> {
  scale = quick ? 0.2 : 1;
  rows.length = 0;
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

  // The board pack: 30 indicators, all red (so 30 exceptions, each with an XmR chart of 36 months), and a 60-action plan.
  const packPeriod = shiftPeriod(start, 35);
  const packIndicators: PackIndicatorInput[] = Array.from({ length: 30 }, (_, k) => {
    const indicator = { ...ind, key: `k${k}`, name: `${ind.name} (${k + 1})` };
    const series = Array.from({ length: 36 }, (_, i) => ({
      period: shiftPeriod(start, i),
      value: 70 + ((i * 7 + k) % 15),
      base: null,
      numerator: null,
      note: i === 35 ? "Two teams short of permanent staff; agency cover agreed from next month" : null,
      recordedAt: new Date(Date.UTC(2018, 0, 1, 0, i)),
    }));
    const reading = spcReading({
      values: series.map((f) => f.value),
      periods: series.map((f) => f.period),
      polarity: indicator.polarity,
      unit: indicator.unit,
      frequency: "monthly",
      target: indicator.target,
      rebaseAt: [],
    });
    return { indicator, period: packPeriod, series, lastYear: series[23]!, comparators: [{ label: "England", value: 85.7, period: "2024/25" }], spc: reading };
  });
  const packActions: Action[] = Array.from({ length: 60 }, (_, i) => ({
    ref: `${1 + (i % 6)}.${1 + Math.floor(i / 6)}`,
    theme: ["Leadership and management", "Front-line practice", "Partnerships", "Workforce", "Performance management", "Fit for purpose"][i % 6]!,
    title: "Embed the practice framework in supervision, with monthly audits of case recording",
    ownerId: `U0OWNER${String(i % 9).padStart(4, "0")}`,
    sponsorId: null,
    due: `2017-${String(1 + (i % 12)).padStart(2, "0")}-28`,
    measureKey: `k${i % 30}`,
    status: (["not_started", "on_track", "at_risk", "blocked", "done"] as const)[i % 5]!,
    evidence: i % 5 === 4 ? "Audits judged good rose from 32% to 65%" : null,
    ragOverride: null,
    lastUpdateAt: null,
    doneAt: null,
    createdAt: new Date(Date.UTC(2017, 0, 1)),
  }));

  function packContent() {
    return buildBoardPack({
      period: packPeriod,
      councilName: "Council",
      boardName: "Improvement Board",
      marking: "OFFICIAL",
      suppress: false,
      timezone: "Europe/London",
      produced: new Date(Date.UTC(2018, 0, 3)),
      indicators: packIndicators,
      untracked: 0,
      actions: packActions,
      redates: new Map(),
      names: new Map(),
    });
  }

  async function packCharts(pack: ReturnType<typeof packContent>) {
    const images = new Map<string, Buffer>();
    const texts = new Map<string, { alt: string; caption: string }>();
    for (const e of pack.exceptions) {
      const src = packIndicators.find((p) => p.indicator.key === e.key)!;
      const input = { indicator: src.indicator, periods: src.series.map((f) => f.period), reading: src.spc!, rebases: [], where: "Council" };
      images.set(e.key, await renderChart(spcChartConfig(input), SPC_CHART_SIZE));
      texts.set(e.key, { alt: spcAltText(input), caption: `XmR chart of ${e.name}` });
    }
    return { images, texts };
  }

  const pack = packContent();
  const charts = await packCharts(pack);
  const packDoc = packDocument(pack, charts.texts, new Date(Date.UTC(2018, 0, 3)));
  await time("board pack content, 30 indicators", 20, () => packDocument(packContent(), charts.texts, new Date()));
  await time("board pack: 30 XmR charts to PNG", 2, () => packCharts(pack));
  await time("board pack: PDF from content and charts", 3, () => renderPdf(packDoc, charts.images));
  await time("board pack: Word from content and charts", 3, () => renderDocx(packDoc, charts.images));
  return rows;
}

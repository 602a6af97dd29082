// The chart-drawing process's entry point (services/chart-pool.ts runs it in a
// tinypool pool of child processes): a ChartJob in, PNG bytes out. canvas and
// chart.js are loaded here, never in the bot's own process.
import { type ChartJob, jobConfig, jobPanels } from "./chart-job.js";
import { TREND_CHART_SIZE } from "./line-chart.js";
import { renderChart, renderIcon, renderPanels } from "./render.js";
import { SPC_CHART_SIZE } from "./spc-chart.js";

export default async function draw(job: ChartJob): Promise<Uint8Array> {
  switch (job.kind) {
    case "trend":
      return renderChart(jobConfig(job), TREND_CHART_SIZE);
    case "spc":
      return renderChart(jobConfig(job), SPC_CHART_SIZE);
    case "panels":
      return renderPanels(jobPanels(job));
    case "icon":
      return renderIcon(job.icon);
    case "warm":
      return new Uint8Array(0);
  }
}

// One scheduler run's digests: each distinct digest composed once, and each
// distinct image drawn once, however many channels get it. Fifty channels
// with the weekly scorecard cost one scorecard and one set of charts, not fifty.
import { createHash } from "node:crypto";
import type { ChartJob } from "../charts/chart-job.js";
import { drawChart } from "./chart-pool.js";
import { type ChartImage, digestCharts } from "./charts.js";
import type { Context } from "./context.js";
import { composeDigest, type DigestBundle } from "./digest-content.js";

export interface DigestRun {
  /** The digest of these indicators (all when none), composed at most once in the run. */
  compose(keys: readonly string[]): Promise<DigestBundle>;
  /** Its images in order, each drawn at most once in the run (the same image for two digests is drawn once), each ready on its own. */
  charts(bundle: DigestBundle): Promise<ChartImage>[];
}

/** Remember a promise by key; a failure is forgotten, so a later delivery tries again. */
function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

export function digestRun(ctx: Context): DigestRun {
  const bundles = new Map<string, Promise<DigestBundle>>();
  const images = new Map<string, Promise<Buffer>>();
  // A drawing's inputs are all in its job: the same job, the same PNG.
  const draw = (job: ChartJob) => memo(images, createHash("sha256").update(JSON.stringify(job)).digest("base64"), () => drawChart(job));
  return {
    compose: (keys) => memo(bundles, JSON.stringify([...new Set(keys)].sort()), () => composeDigest(ctx, [...keys])),
    charts: (bundle) => digestCharts(bundle.content, bundle.series, ctx.config.councilName, draw),
  };
}

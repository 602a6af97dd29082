// The board pack as a use case: check who asks and for which period, gather
// the figures as they stood up to that period, the readings, comparators and
// the plan, draw each exception's XmR chart, and render the one document as
// PDF or Word. Returns the file as data; where it goes (a channel, a file on
// disk) is the caller's business.
import { readFileSync } from "node:fs";
import { spcAltText } from "../charts/spc-chart.js";
import { benchmarksFor } from "../db/benchmarks.js";
import { listIndicators } from "../db/indicators.js";
import { getMeasurement, type Measurement, measurementsUpTo } from "../db/measurements.js";
import { listActions, redateHistory } from "../db/plan.js";
import type { RebaseRow } from "../db/rebases.js";
import { isAdmin, isRecorder } from "../db/roles.js";
import {
  type BoardPack,
  buildBoardPack,
  FORMAT_WORDS,
  indicatorPeriod,
  type PackComparator,
  type PackFigure,
  type PackFormat,
  type PackIndicatorInput,
} from "../domain/board-pack.js";
import { type ChartTexts, packDocument, packFilename, packTitle } from "../domain/board-pack-layout.js";
import { readCsv } from "../domain/csv.js";
import type { Indicator } from "../domain/indicator.js";
import { describePeriod, hasEnded, latestEndedPeriod, type Period, samePeriodLastYear } from "../domain/period.js";
import { err, fail, notice, ok, type Result } from "../domain/result.js";
import { projectPath } from "../paths.js";
import { drawChart } from "./chart-pool.js";
import { SPC_PERIODS } from "./charts.js";
import type { Context } from "./context.js";
import { readingFor, rebaseMarks } from "./spc.js";

/** Who asks: someone in Slack (admins and recorders may), or the command line (whoever runs it on the server). */
export type PackRequester = { kind: "slack"; userId: string } | { kind: "cli" };

/** Display names for Slack user ids, best effort: an id left out is shown as it is. */
export type NameLookup = (userIds: string[]) => Promise<Map<string, string>>;

export interface PackFile {
  bytes: Buffer;
  filename: string;
  title: string;
  format: PackFormat;
  period: Period;
  periodWords: string;
  /** The PDF's page count (Word lays out its own pages). */
  pages: number | null;
  exceptions: number;
}

const NAME_LOOKUP_MS = 10_000;

let catalogueKeys: string[] | null = null;

/** The standard catalogue's order (resources/indicators.csv): the order a board is used to reading. */
function catalogueOrder(): string[] {
  if (!catalogueKeys) {
    const rows = readCsv(readFileSync(projectPath("resources", "indicators.csv"), "utf8"), ["key"]);
    catalogueKeys = rows.ok ? rows.value.map((r) => r.fields.key ?? "") : [];
  }
  return catalogueKeys;
}

/** The catalogue's indicators first, in its order; a council's own after them, by key. */
export function inBoardOrder(indicators: Indicator[]): Indicator[] {
  const order = new Map(catalogueOrder().map((k, i) => [k, i]));
  return [...indicators].sort((a, b) => (order.get(a.key) ?? 1e6) - (order.get(b.key) ?? 1e6) || a.key.localeCompare(b.key));
}

/** The period asked for, or the latest month that has ended; it must have ended. */
export function packPeriod(ctx: Context, given: Period | null): Result<Period> {
  const now = ctx.now();
  const period = given ?? latestEndedPeriod("monthly", now, ctx.config.timezone);
  if (!hasEnded(period, now, ctx.config.timezone)) {
    return err(
      `${describePeriod(period)} has not ended yet, so it has no pack.`,
      `a period that has ended, such as ${describePeriod(latestEndedPeriod(period.frequency, now, ctx.config.timezone))}`,
    );
  }
  return ok(period);
}

const figure = (m: Measurement): PackFigure => ({
  period: m.period,
  value: m.value,
  base: m.base,
  numerator: m.numerator,
  note: m.note,
  recordedAt: m.recordedAt,
});

interface Gathered {
  input: PackIndicatorInput;
  oldestFirst: Measurement[];
  rebases: RebaseRow[];
}

async function gatherIndicator(ctx: Context, indicator: Indicator, period: Period): Promise<Gathered | null> {
  const oldestFirst = (await measurementsUpTo(ctx.db, indicator.key, period, SPC_PERIODS)).reverse();
  if (oldestFirst.length === 0) return null;
  const ly = samePeriodLastYear(period);
  const lastYear = ly ? await getMeasurement(ctx.db, indicator.key, ly) : null;
  const comparators: PackComparator[] = [];
  const bench = await benchmarksFor(ctx.db, indicator.key, period);
  // A benchmark of the same period needs no period beside it; the catalogue's England figure names its year.
  if (bench.england !== undefined) comparators.push({ label: "England", value: bench.england, period: null });
  else if (indicator.englandValue !== null) comparators.push({ label: "England", value: indicator.englandValue, period: indicator.englandPeriod });
  if (bench.region !== undefined) comparators.push({ label: "Region", value: bench.region, period: null });
  if (bench.neighbours !== undefined) comparators.push({ label: "Statistical neighbours", value: bench.neighbours, period: null });
  const { reading, rebases } = await readingFor(ctx.db, indicator, oldestFirst);
  return {
    input: { indicator, period, series: oldestFirst.map(figure), lastYear: lastYear ? figure(lastYear) : null, comparators, spc: reading },
    oldestFirst,
    rebases,
  };
}

async function lookUpNames(ctx: Context, ids: string[], names: NameLookup | undefined): Promise<Map<string, string>> {
  if (!names || ids.length === 0) return new Map();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Map<string, string>>((resolve) => {
    timer = setTimeout(() => resolve(new Map()), NAME_LOOKUP_MS);
  });
  try {
    return await Promise.race([names(ids), timeout]);
  } catch (e) {
    ctx.log.warn({ err: e }, "board pack: could not look up names; showing user ids");
    return new Map();
  } finally {
    clearTimeout(timer);
  }
}

/** The pack's content for a period that has ended, with the data to draw its charts. */
export async function composeBoardPack(ctx: Context, period: Period, names?: NameLookup): Promise<{ pack: BoardPack; gathered: Map<string, Gathered> }> {
  const gathered = new Map<string, Gathered>();
  let untracked = 0;
  for (const indicator of inBoardOrder(await listIndicators(ctx.db))) {
    const own = indicatorPeriod(period, indicator.frequency);
    if (!own) continue;
    const g = await gatherIndicator(ctx, indicator, own);
    if (g) gathered.set(indicator.key, g);
    else untracked++;
  }
  const actions = await listActions(ctx.db);
  const people = [...new Set(actions.flatMap((a) => (a.ownerId ? [a.ownerId] : [])))].sort();
  const pack = buildBoardPack({
    period,
    councilName: ctx.config.councilName,
    boardName: ctx.config.boardName,
    marking: ctx.config.packMarking,
    suppress: ctx.config.suppressSmallCounts,
    timezone: ctx.config.timezone,
    produced: ctx.now(),
    indicators: [...gathered.values()].map((g) => g.input),
    untracked,
    actions,
    redates: await redateHistory(ctx.db),
    names: await lookUpNames(ctx, people, names),
  });
  return { pack, gathered };
}

/** Each exception's XmR chart, as the /kpi <key> spc command draws it. */
async function exceptionCharts(ctx: Context, pack: BoardPack, gathered: Map<string, Gathered>): Promise<{ images: Map<string, Buffer>; texts: ChartTexts }> {
  const images = new Map<string, Buffer>();
  const texts: ChartTexts = new Map();
  for (const e of pack.exceptions) {
    const g = gathered.get(e.key);
    if (!e.chart.shown || !g?.input.spc) continue;
    const input = {
      indicator: g.input.indicator,
      periods: g.oldestFirst.map((m) => m.period),
      reading: g.input.spc,
      where: ctx.config.councilName,
      rebases: rebaseMarks(g.oldestFirst, g.rebases),
    };
    images.set(e.key, await drawChart({ kind: "spc", input }));
    texts.set(e.key, {
      alt: spcAltText(input),
      caption: `XmR (SPC) chart of ${e.name}, ${describePeriod(input.periods[0]!)} to ${describePeriod(input.periods.at(-1)!)}`,
    });
  }
  return { images, texts };
}

/** `/kpi pack` and `cli pack`: the board pack for a period as a file, or why not. */
export async function boardPack(
  ctx: Context,
  who: PackRequester,
  request: { period: Period | null; format: PackFormat },
  names?: NameLookup,
): Promise<Result<PackFile>> {
  if (who.kind === "slack" && !(await isAdmin(ctx.db, ctx.config.adminUserIds, who.userId)) && !(await isRecorder(ctx.db, who.userId))) {
    return fail(notice("denied", "Sorry, only admins and recorders can produce the board pack. Nothing was posted."));
  }
  const period = packPeriod(ctx, request.period);
  if (!period.ok) return period;
  const { pack, gathered } = await composeBoardPack(ctx, period.value, names);
  const { images, texts } = await exceptionCharts(ctx, pack, gathered);
  const doc = packDocument(pack, texts, ctx.now());
  // pdfkit and docx are loaded with the first pack, not at start-up (memory).
  const rendered =
    request.format === "pdf"
      ? await (await import("../pack/pdf.js")).renderPdf(doc, images)
      : { bytes: await (await import("../pack/docx.js")).renderDocx(doc, images), pages: null };
  return ok({
    bytes: rendered.bytes,
    filename: packFilename(pack, request.format),
    title: `${packTitle(pack)} (${FORMAT_WORDS[request.format]})`,
    format: request.format,
    period: period.value,
    periodWords: pack.periodWords,
    pages: rendered.pages,
    exceptions: pack.exceptions.length,
  });
}

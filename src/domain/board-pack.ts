// What the board pack says, in the order a board reads it: cover, summary,
// exceptions, scorecard, improvement plan, notes. Pure: the caller gathers the
// figures, readings and actions (src/services/board-pack.ts), and this decides
// what each section holds. The same input gives the same pack; the words as
// laid out for a page are in board-pack-layout.ts.
import { DateTime } from "luxon";
import type { Frequency, Indicator } from "./indicator.js";
import { hasPolarity } from "./indicator.js";
import { describePeriod, type Period, periodEndExclusive, periodKey, shortPeriodLabel } from "./period.js";
import { ACTION_STATUSES, type Action, type ActionStatus, actionRag, isOverdue, STATUS_WORDS } from "./plan.js";
import { indicatorRag, RAG_WORD, type Rag, type RagStatus } from "./rag.js";
import { err, ok, type Result } from "./result.js";
import type { SpcReading, VariationKind } from "./spc-reading.js";
import { readingWords } from "./spc-reading.js";
import { isSuppressed, publicValue } from "./suppression.js";
import { change } from "./trend.js";
import { formatDifference, formatValue } from "./value.js";

export const PACK_FORMATS = ["pdf", "docx"] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];

export const FORMAT_WORDS: Record<PackFormat, string> = { pdf: "PDF", docx: "Word" };

/** pdf, docx or word (any case). */
export function parsePackFormat(text: string): Result<PackFormat> {
  const t = text.trim().toLowerCase();
  if (t === "pdf") return ok("pdf");
  if (t === "docx" || t === "word") return ok("docx");
  return err(`"${text.trim()}" is not a format I can write.`, "pdf (to file and publish) or docx (Word, to add a covering report)");
}

/**
 * The period an indicator of this frequency reports in a pack for `pack`, or
 * null when it has none: a quarterly pack shows monthly indicators at the
 * quarter's last month and weekly ones at the last week ending in it; a monthly
 * pack shows quarterly indicators only for a month that ends a quarter.
 */
export function indicatorPeriod(pack: Period, frequency: Frequency): Period | null {
  if (pack.frequency === frequency) return pack;
  const lastDay = periodEndExclusive(pack).minus({ days: 1 });
  switch (frequency) {
    case "monthly":
      return pack.frequency === "weekly" ? null : { frequency: "monthly", year: lastDay.year, month: lastDay.month };
    case "quarterly": {
      if (pack.frequency !== "monthly" || pack.month % 3 !== 0) return null;
      const fyStart = pack.month >= 4 ? pack.year : pack.year - 1;
      return { frequency: "quarterly", fyStart, quarter: Math.floor(((pack.month + 8) % 12) / 3) + 1 };
    }
    case "weekly": {
      if (pack.frequency === "weekly") return pack;
      const sunday = lastDay.weekday === 7 ? lastDay : lastDay.minus({ days: lastDay.weekday });
      return { frequency: "weekly", isoYear: sunday.weekYear, week: sunday.weekNumber };
    }
  }
}

export interface PackFigure {
  period: Period;
  value: number;
  base: number | null;
  numerator: number | null;
  note: string | null;
  recordedAt: Date;
}

export interface PackComparator {
  label: "England" | "Region" | "Statistical neighbours";
  value: number;
  /** The period it describes, in words, when known. */
  period: string | null;
}

export interface PackIndicatorInput {
  indicator: Indicator;
  /** The indicator's own period in this pack (see indicatorPeriod). */
  period: Period;
  /** Recorded figures up to and including `period`, oldest first (the SPC window). */
  series: PackFigure[];
  /** The figure for the same period a year before, when recorded. */
  lastYear: PackFigure | null;
  comparators: PackComparator[];
  /** The SPC reading of `series`, with its rebases; null without figures. */
  spc: SpcReading | null;
}

export interface Redates {
  count: number;
  lastReason: string | null;
  lastAt: Date;
}

export interface PackInput {
  period: Period;
  councilName: string | null;
  boardName: string | null;
  marking: string;
  suppress: boolean;
  timezone: string;
  produced: Date;
  /** In the board's order. */
  indicators: PackIndicatorInput[];
  /** Indicators in the catalogue with no figure up to this period: left out, and counted in the notes. */
  untracked: number;
  actions: Action[];
  redates: Map<string, Redates>;
  /** Display names for Slack user ids (owners, sponsors); an id without one is shown as it is. */
  names: Map<string, string>;
}

export type Reason = "red" | "worsening" | "special-cause concern";

export interface ScorecardLine {
  key: string;
  name: string;
  period: Period;
  /** The figure as the pack may show it; null when none was recorded for the period. */
  value: string | null;
  previous: { value: string; period: string } | null;
  lastYear: string | null;
  target: string;
  comparators: { england: string | null; region: string | null; neighbours: string | null };
  rag: Rag | null;
  /** Red, Amber, Green, "No target" or "Neutral": always a word, never a colour alone. */
  status: string;
  direction: { judgement: string; amount: string | null } | null;
  spcKind: VariationKind | null;
  /** A few words for a table cell ("Special cause: concern", "Too few points (5 of 12)"). */
  spcShort: string;
  /** The whole reading, for the exceptions. */
  spcWords: string | null;
  note: string | null;
  /** Why it is an exception; empty when it is not. */
  reasons: Reason[];
  /** A small count hides the figure (and so the change and the chart). */
  suppressed: boolean;
}

export interface LinkedAction {
  ref: string;
  title: string;
  owner: string;
  due: string;
  status: string;
  rag: { status: RagStatus; reason: string } | null;
}

export interface PackException extends ScorecardLine {
  actions: LinkedAction[];
  /** An XmR chart goes with it, or the reason it cannot. */
  chart: { shown: true } | { shown: false; why: string };
  /** Comparisons as label and words, in the order a board reads them. */
  facts: [string, string][];
}

export interface PlanLine {
  ref: string;
  title: string;
  owner: string;
  due: string;
  status: string;
  rag: { status: RagStatus; reason: string } | null;
  redated: string;
  evidence: string;
}

export interface PlanTheme {
  theme: string;
  lines: PlanLine[];
}

export interface PackSummary {
  indicators: number;
  withFigures: number;
  /** Names of indicators with no figure for the pack's period. */
  missing: string[];
  red: number;
  amber: number;
  green: number;
  /** Figures with no RAG: neutral indicators, and those with no target yet. */
  noTarget: number;
  concern: string[];
  improvement: string[];
  exceptions: number;
  plan: {
    total: number;
    byStatus: Record<ActionStatus, number>;
    overdue: number;
    redated: number;
    redatedOften: number;
  } | null;
}

export interface BoardPack {
  period: Period;
  periodWords: string;
  title: string;
  cover: {
    council: string | null;
    board: string | null;
    periodWords: string;
    produced: string;
    /** The latest time a figure in the pack was recorded or corrected; null with no figures. */
    recordedUpTo: string | null;
    marking: string;
  };
  summary: PackSummary;
  exceptions: PackException[];
  scorecard: ScorecardLine[];
  plan: PlanTheme[];
  notes: {
    definitions: { key: string; name: string; text: string }[];
    untracked: number;
    suppress: boolean;
  };
  marking: string;
  suppress: boolean;
}

const COMPARATOR_KEY = { England: "england", Region: "region", "Statistical neighbours": "neighbours" } as const;
const RAG_ORDER: Record<string, number> = { red: 0, amber: 1, green: 2 };
const POLARITY_WORDS = { high_good: "higher is better", low_good: "lower is better", neutral: "neutral: reported as increasing or decreasing, with no target" };
const UNIT_NOUN = {
  count: "a count",
  percent: "a percentage",
  rate_per_10k: "a rate per 10,000 children",
  number: "a number (fractions allowed)",
  days: "a number of days",
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function dateWords(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("d LLLL yyyy");
}

export function instantWords(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("d LLLL yyyy 'at' HH:mm");
}

/** A few words for a table: the verdict, or why there is none. */
export function spcShort(r: SpcReading | null): string {
  if (!r) return "No figures";
  const trial = r.trial ? " (trial limits)" : "";
  switch (r.kind) {
    case "none":
      return `Too few points (${r.points} of ${r.needed})`;
    case "common":
      return `Common cause${trial}`;
    case "improvement":
      return `Special cause: improving${trial}`;
    case "concern":
      return `Special cause: concern${trial}`;
    case "neutral":
      return `Special cause: ${r.variation.includes("higher") ? "higher" : "lower"}${trial}`;
  }
}

function scorecardLine(input: PackIndicatorInput, suppress: boolean): ScorecardLine {
  const { indicator: ind, period, series } = input;
  const last = series.at(-1) ?? null;
  const figure = last && periodKey(last.period) === periodKey(period) ? last : null;
  const before = figure ? series.at(-2) : last;
  const previous = before ?? null;
  const show = (f: PackFigure) => publicValue(f.value, ind.unit, suppress, f.base, f.numerator);
  const hides = (f: PackFigure | null) => f !== null && isSuppressed(f.value, ind.unit, suppress);
  const suppressed = hides(figure) || hides(previous) || hides(input.lastYear);
  const comparators = { england: null, region: null, neighbours: null } as ScorecardLine["comparators"];
  for (const c of input.comparators) {
    comparators[COMPARATOR_KEY[c.label]] = `${formatValue(c.value, ind.unit)}${c.period ? ` (${c.period})` : ""}`;
  }
  const target = !hasPolarity(ind) ? "None (neutral)" : ind.target === null ? "None set" : formatValue(ind.target, ind.unit);
  const base = {
    key: ind.key,
    name: ind.name,
    period,
    previous: previous ? { value: show(previous), period: shortPeriodLabel(previous.period) } : null,
    lastYear: input.lastYear ? show(input.lastYear) : null,
    target,
    comparators,
    suppressed,
  };
  if (!figure) {
    return {
      ...base,
      value: null,
      rag: null,
      status: "No figure",
      direction: null,
      spcKind: null,
      spcShort: "No figure",
      spcWords: null,
      note: null,
      reasons: [],
    };
  }
  const r = indicatorRag(ind, figure.value);
  const c = previous ? change(previous.value, figure.value, ind.polarity, ind.unit) : null;
  // A small count's RAG reason and change would give the count away: say the status and the direction only.
  const rag =
    r && hides(figure) && ind.target !== null ? { status: r.status, reason: `fewer than 6, against the target of ${formatValue(ind.target, ind.unit)}` } : r;
  const reasons: Reason[] = [];
  if (r?.status === "red") reasons.push("red");
  if (c?.judgement === "worsening") reasons.push("worsening");
  if (input.spc?.kind === "concern") reasons.push("special-cause concern");
  return {
    ...base,
    value: show(figure),
    rag,
    status: r ? RAG_WORD[r.status] : hasPolarity(ind) ? "No target" : "Neutral",
    direction: c ? { judgement: capital(c.judgement), amount: c.direction === "same" || hides(figure) || hides(previous) ? null : c.amount } : null,
    spcKind: input.spc?.kind ?? null,
    spcShort: spcShort(input.spc),
    spcWords: input.spc ? readingWords(input.spc) : null,
    note: figure.note,
    reasons,
  };
}

/** The owner by name: Slack's name for a Slack user, the plan's for someone outside Slack. */
function ownerWords(a: Action, names: Map<string, string>): string {
  if (a.ownerId) return names.get(a.ownerId) ?? a.ownerId;
  return a.ownerName ?? "no owner";
}

/** "31 Mar 2027", or "ongoing" for an action with no due date. */
function dueWords(due: string | null): string {
  return due === null ? "ongoing" : DateTime.fromISO(due).toFormat("d LLL yyyy");
}

function linkedAction(a: Action, today: string, names: Map<string, string>): LinkedAction {
  return {
    ref: a.ref,
    title: a.title,
    owner: ownerWords(a, names),
    due: dueWords(a.due),
    status: STATUS_WORDS[a.status],
    rag: actionRag(a, today),
  };
}

function exceptionFacts(line: ScorecardLine, input: PackIndicatorInput): [string, string][] {
  const periodWords = describePeriod(line.period);
  const facts: [string, string][] = [[`Figure for ${periodWords}`, line.value ?? "no figure recorded"]];
  facts.push(["Target", line.target]);
  facts.push(["Status", line.rag ? `${RAG_WORD[line.rag.status]}: ${line.rag.reason}` : line.status]);
  if (line.previous) {
    facts.push([
      `Previous figure (${line.previous.period})`,
      `${line.previous.value}${line.direction ? `; ${line.direction.judgement.toLowerCase()}${line.direction.amount ? `, ${line.direction.amount}` : ""}` : ""}`,
    ]);
  } else facts.push(["Previous figure", "none recorded"]);
  facts.push(["Same period last year", line.lastYear ?? "none recorded"]);
  for (const c of input.comparators) facts.push([c.label, `${formatValue(c.value, input.indicator.unit)}${c.period ? ` (${c.period})` : ""}`]);
  facts.push(["SPC", line.spcWords ?? "no reading"]);
  return facts;
}

function chartFor(input: PackIndicatorInput, suppress: boolean): PackException["chart"] {
  if (input.series.some((f) => isSuppressed(f.value, input.indicator.unit, suppress))) {
    return { shown: false, why: "No chart: it would show counts of fewer than 6, which this pack does not publish." };
  }
  if (input.series.length < 2) return { shown: false, why: "No chart: a chart needs at least two figures." };
  return { shown: true };
}

function redatedWords(r: Redates | undefined, zone: string): string {
  if (!r || r.count === 0) return "No";
  const times = r.count === 1 ? "Once" : r.count === 2 ? "Twice" : `${r.count} times`;
  return `${times}; last on ${dateWords(r.lastAt, zone)}${r.lastReason ? `: ${r.lastReason}` : ""}`;
}

/** Action references in their natural order: 1.2 before 1.10. */
export function compareRefs(a: string, b: string): number {
  return a.localeCompare(b, "en-GB", { numeric: true });
}

function planThemes(input: PackInput, today: string): PlanTheme[] {
  const actions = [...input.actions].sort((a, b) => compareRefs(a.ref, b.ref));
  const themes = new Map<string, PlanLine[]>();
  for (const a of actions) {
    const lines = themes.get(a.theme) ?? [];
    lines.push({
      ref: a.ref,
      title: a.title,
      owner: ownerWords(a, input.names),
      due: dueWords(a.due),
      status: STATUS_WORDS[a.status],
      rag: actionRag(a, today),
      redated: redatedWords(input.redates.get(a.ref), input.timezone),
      evidence: a.status === "done" ? (a.evidence ?? "None recorded") : "Not done yet",
    });
    themes.set(a.theme, lines);
  }
  return [...themes].map(([theme, lines]) => ({ theme, lines }));
}

function definition(ind: Indicator): string {
  const parts = [`${capital(UNIT_NOUN[ind.unit])}, recorded ${ind.frequency}; ${POLARITY_WORDS[ind.polarity]}.`];
  if (ind.guidance) parts.push(`${capital(ind.guidance)}${/[.!?]$/.test(ind.guidance) ? "" : "."}`);
  if (hasPolarity(ind) && ind.target !== null) {
    const band = ind.tolerance ? `, amber within ${formatDifference(ind.tolerance, ind.unit)} short of it` : "";
    parts.push(`Target: ${formatValue(ind.target, ind.unit)}${band}.`);
  }
  if (ind.englandValue !== null) parts.push(`England: ${formatValue(ind.englandValue, ind.unit)}${ind.englandPeriod ? ` (${ind.englandPeriod})` : ""}.`);
  return parts.join(" ");
}

export function buildBoardPack(input: PackInput): BoardPack {
  const zone = input.timezone;
  const today = DateTime.fromJSDate(input.produced, { zone }).toISODate()!;
  const periodWords = describePeriod(input.period);
  const scorecard = input.indicators.map((i) => scorecardLine(i, input.suppress));
  const byKey = new Map(input.indicators.map((i) => [i.indicator.key, i]));
  const order = new Map(scorecard.map((l, i) => [l.key, i]));
  const exceptions: PackException[] = scorecard
    .filter((l) => l.reasons.length > 0)
    .sort((a, b) => (RAG_ORDER[a.rag?.status ?? ""] ?? 3) - (RAG_ORDER[b.rag?.status ?? ""] ?? 3) || order.get(a.key)! - order.get(b.key)!)
    .map((l) => {
      const src = byKey.get(l.key)!;
      return {
        ...l,
        facts: exceptionFacts(l, src),
        chart: chartFor(src, input.suppress),
        actions: input.actions
          .filter((a) => a.measureKey === l.key)
          .sort((a, b) => compareRefs(a.ref, b.ref))
          .map((a) => linkedAction(a, today, input.names)),
      };
    });

  const recorded = input.indicators.flatMap((i) => i.series.map((f) => f.recordedAt.getTime()));
  const withFigures = scorecard.filter((l) => l.value !== null);
  const byStatus = Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;
  for (const a of input.actions) byStatus[a.status]++;
  const redated = input.actions.map((a) => input.redates.get(a.ref)?.count ?? 0);

  const title = `Performance report: ${periodWords}`;
  return {
    period: input.period,
    periodWords,
    title,
    cover: {
      council: input.councilName,
      board: input.boardName,
      periodWords,
      produced: dateWords(input.produced, zone),
      recordedUpTo: recorded.length ? instantWords(new Date(Math.max(...recorded)), zone) : null,
      marking: input.marking,
    },
    summary: {
      indicators: scorecard.length,
      withFigures: withFigures.length,
      missing: scorecard.filter((l) => l.value === null).map((l) => l.name),
      red: withFigures.filter((l) => l.rag?.status === "red").length,
      amber: withFigures.filter((l) => l.rag?.status === "amber").length,
      green: withFigures.filter((l) => l.rag?.status === "green").length,
      noTarget: withFigures.filter((l) => l.rag === null).length,
      concern: withFigures.filter((l) => l.spcKind === "concern").map((l) => l.name),
      improvement: withFigures.filter((l) => l.spcKind === "improvement").map((l) => l.name),
      exceptions: exceptions.length,
      plan: input.actions.length
        ? {
            total: input.actions.length,
            byStatus,
            overdue: input.actions.filter((a) => isOverdue(a, today)).length,
            redated: redated.filter((n) => n > 0).length,
            redatedOften: redated.filter((n) => n > 1).length,
          }
        : null,
    },
    exceptions,
    scorecard,
    plan: planThemes(input, today),
    notes: {
      definitions: input.indicators.map(({ indicator }) => ({ key: indicator.key, name: indicator.name, text: definition(indicator) })),
      untracked: input.untracked,
      suppress: input.suppress,
    },
    marking: input.marking,
    suppress: input.suppress,
  };
}

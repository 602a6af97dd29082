// The board pack as a document: each section's headings, sentences and tables,
// in reading order, for the PDF and Word renderers alike. Pure.
import type { BoardPack, PackException, ScorecardLine } from "./board-pack.js";
import type { Block, Cell, DocumentSection, PackDocument } from "./pack-document.js";
import { describePeriod, shortPeriodLabel } from "./period.js";
import { ACTION_STATUSES, STATUS_WORDS } from "./plan.js";
import { RAG_WORD } from "./rag.js";
import { MIN_POINTS_FOR_VERDICT, POINTS_FOR_FIRM_LIMITS } from "./spc-reading.js";
import { SUPPRESSED_TEXT } from "./suppression.js";

export const PACK_LANG = "en-GB";

/** Alt text and caption of each exception's chart, by indicator key, as the chart module wrote them. */
export type ChartTexts = Map<string, { alt: string; caption: string }>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export function packTitle(pack: BoardPack): string {
  const who = pack.cover.board ?? pack.cover.council;
  return who ? `${who}: performance report, ${pack.periodWords}` : pack.title;
}

export function packFilename(pack: BoardPack, ext: string): string {
  return `board-pack-${shortPeriodLabel(pack.period)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")}.${ext}`;
}

const SECTION_NAMES = ["Summary", "Exceptions", "Scorecard", "Improvement plan", "Notes"] as const;

function cover(pack: BoardPack): Block[] {
  const c = pack.cover;
  const overline = [c.council, c.board].filter((s): s is string => Boolean(s));
  return [
    { kind: "title", text: pack.title, overline },
    { kind: "paragraph", style: "lead", text: `Period: ${c.periodWords}` },
    { kind: "paragraph", text: `Produced: ${c.produced}` },
    {
      kind: "paragraph",
      text: c.recordedUpTo
        ? `Figures as recorded up to ${c.recordedUpTo}. A figure recorded or corrected after that appears in the next pack.`
        : "No figures had been recorded for this period when the pack was produced.",
    },
    { kind: "paragraph", text: `Protective marking: ${c.marking}` },
    { kind: "heading", level: 2, text: "Contents" },
    {
      kind: "list",
      items: SECTION_NAMES.map((s, i) => `${i + 1}. ${s}${s === "Exceptions" ? ` (${pack.exceptions.length})` : ""}`),
    },
  ];
}

function summary(pack: BoardPack): Block[] {
  const s = pack.summary;
  const out: Block[] = [{ kind: "heading", level: 1, text: "1. Summary" }];
  if (s.indicators === 0) {
    out.push({ kind: "paragraph", style: "lead", text: `No indicators have figures recorded up to ${pack.periodWords}, so this pack has no scorecard yet.` });
  } else if (s.withFigures === 0) {
    out.push({ kind: "paragraph", style: "lead", text: `No figures have been recorded for ${pack.periodWords}.` });
  } else {
    out.push({
      kind: "paragraph",
      style: "lead",
      text: `${plural(s.withFigures, "indicator")} of ${s.indicators} ${s.withFigures === 1 ? "has a figure" : "have figures"} for ${pack.periodWords}; ${
        s.exceptions === 0
          ? "none is an exception"
          : `${s.exceptions} ${s.exceptions === 1 ? "is an exception" : "are exceptions"} (red, worsening, or a special-cause concern)`
      }.`,
    });
  }
  if (s.indicators > 0) {
    out.push({
      kind: "table",
      caption: "Indicators by status",
      columns: [
        { header: "Status", width: 3 },
        { header: "Indicators", width: 1, align: "right" },
      ],
      rowHeaders: true,
      rows: [
        [{ text: "Red", rag: "red" }, { text: String(s.red) }],
        [{ text: "Amber", rag: "amber" }, { text: String(s.amber) }],
        [{ text: "Green", rag: "green" }, { text: String(s.green) }],
        [{ text: "No target (neutral, or none set)" }, { text: String(s.noTarget) }],
        [{ text: "No figure for this period" }, { text: String(s.missing.length) }],
      ],
    });
    const spc: string[] = [];
    spc.push(s.concern.length ? `Special-cause concern: ${listWords(s.concern)}.` : "No indicator shows a special-cause concern.");
    spc.push(s.improvement.length ? `Special-cause improvement: ${listWords(s.improvement)}.` : "No indicator shows a special-cause improvement.");
    if (s.missing.length) spc.push(`No figure recorded for ${pack.periodWords}: ${listWords(s.missing)}.`);
    out.push({ kind: "list", items: spc });
  }
  const p = s.plan;
  if (p) {
    out.push({ kind: "heading", level: 2, text: "Improvement plan" });
    out.push({
      kind: "paragraph",
      text: `${plural(p.total, "action")}: ${p.overdue} overdue, ${p.redated} re-dated${p.redatedOften ? ` (${p.redatedOften} more than once)` : ""}.`,
    });
    out.push({
      kind: "table",
      caption: "Plan actions by status",
      columns: [
        { header: "Status", width: 3 },
        { header: "Actions", width: 1, align: "right" },
      ],
      rowHeaders: true,
      rows: [
        ...ACTION_STATUSES.map((st): Cell[] => [{ text: STATUS_WORDS[st] }, { text: String(p.byStatus[st]) }]),
        [{ text: "Overdue (not done, past the due date)" }, { text: String(p.overdue) }],
      ],
    });
  } else {
    out.push({ kind: "heading", level: 2, text: "Improvement plan" }, { kind: "paragraph", text: "The improvement plan has no actions yet." });
  }
  return out;
}

function exception(e: PackException, n: number, charts: ChartTexts, first: boolean): Block[] {
  const out: Block[] = [
    // One exception to a page (each with its chart), so a board can turn to it.
    { kind: "heading", level: 2, text: e.name, pageBreakBefore: !first },
    { kind: "paragraph", style: "quiet", text: `Why it is here: ${e.reasons.join("; ")}.` },
    {
      kind: "table",
      caption: `${e.name}: the figure and its comparisons`,
      columns: [
        { header: "Measure", width: 2 },
        { header: "Detail", width: 5 },
      ],
      rowHeaders: true,
      rows: e.facts.map(([label, text]) => [{ text: label }, { text, rag: label === "Status" ? (e.rag?.status ?? null) : null }]),
    },
    { kind: "paragraph", style: "label", text: "Commentary" },
    { kind: "paragraph", text: e.note ?? "No commentary was recorded with this figure." },
    { kind: "paragraph", style: "label", text: "Plan actions for this indicator" },
  ];
  if (e.actions.length) {
    out.push({
      kind: "list",
      items: e.actions.map((a) => `${a.ref} ${a.title}: ${a.owner}, due ${a.due}; ${a.status}${a.rag ? `; ${RAG_WORD[a.rag.status]} (${a.rag.reason})` : ""}.`),
    });
  } else {
    out.push({ kind: "paragraph", text: "No action in the improvement plan names this indicator as its measure." });
  }
  const chart = charts.get(e.key);
  if (e.chart.shown && chart) out.push({ kind: "figure", image: e.key, alt: chart.alt, caption: `Figure ${n}: ${chart.caption}` });
  else if (!e.chart.shown) out.push({ kind: "paragraph", style: "quiet", text: e.chart.why });
  return out;
}

function exceptions(pack: BoardPack, charts: ChartTexts): Block[] {
  const out: Block[] = [
    { kind: "heading", level: 1, text: "2. Exceptions" },
    {
      kind: "paragraph",
      text: "Indicators that are red against their target, worsening since the previous figure, or show a special-cause concern, red first. Each has its commentary, the plan actions that measure it, and an SPC (XmR) chart.",
    },
  ];
  if (pack.exceptions.length === 0) {
    out.push({
      kind: "paragraph",
      style: "lead",
      text:
        pack.summary.withFigures === 0
          ? `There are no exceptions, because no figures have been recorded for ${pack.periodWords}.`
          : "No indicator is red, worsening or showing a special-cause concern this period.",
    });
    return out;
  }
  let figure = 0;
  for (const [i, e] of pack.exceptions.entries()) out.push(...exception(e, e.chart.shown && charts.has(e.key) ? ++figure : figure, charts, i === 0));
  return out;
}

function scorecardRow(l: ScorecardLine): Cell[] {
  const at = (v: string, period: string) => `${v}\n${period}`;
  return [
    { text: l.name, strong: true },
    { text: l.value === null ? at("No figure", shortPeriodLabel(l.period)) : at(l.value, shortPeriodLabel(l.period)) },
    { text: l.previous ? at(l.previous.value, l.previous.period) : "None" },
    { text: l.lastYear ?? "None" },
    { text: l.target },
    { text: l.comparators.england ?? "None" },
    { text: l.comparators.region ?? "None" },
    { text: l.comparators.neighbours ?? "None" },
    { text: l.status, rag: l.rag?.status ?? null },
    { text: l.direction ? (l.direction.amount ? at(l.direction.judgement, l.direction.amount) : l.direction.judgement) : "None" },
    { text: l.spcShort },
  ];
}

function scorecard(pack: BoardPack): Block[] {
  const out: Block[] = [{ kind: "heading", level: 1, text: "3. Scorecard" }];
  if (pack.scorecard.length === 0) {
    out.push({ kind: "paragraph", text: `No indicator has figures recorded up to ${pack.periodWords}.` });
    return out;
  }
  const byFrequency = new Map(pack.scorecard.map((l) => [l.period.frequency, describePeriod(l.period)]));
  const at =
    byFrequency.size === 1
      ? `at ${[...byFrequency.values()][0]}`
      : listWords(
          [...byFrequency].map(([f, words]) => `${f === "monthly" ? "monthly indicators" : f === "quarterly" ? "quarterly ones" : "weekly ones"} at ${words}`),
        );
  out.push({
    kind: "paragraph",
    text: `Every indicator the board tracks: ${at}. Previous is the figure recorded before it, and direction of travel compares the two.`,
  });
  out.push({
    kind: "table",
    caption: `Scorecard, ${pack.periodWords}`,
    columns: [
      { header: "Indicator", width: 20 },
      { header: "Figure", width: 8 },
      { header: "Previous", width: 8 },
      { header: "Same period last year", width: 7 },
      { header: "Target", width: 7 },
      { header: "England", width: 7.5 },
      { header: "Region", width: 6 },
      { header: "Neigh\u00adbours", width: 6.5 },
      { header: "Status", width: 6.5 },
      { header: "Direction of travel", width: 9 },
      { header: "SPC", width: 10 },
    ],
    rowHeaders: true,
    rows: pack.scorecard.map(scorecardRow),
  });
  return out;
}

function plan(pack: BoardPack): Block[] {
  const out: Block[] = [{ kind: "heading", level: 1, text: "4. Improvement plan" }];
  if (pack.plan.length === 0) {
    out.push({ kind: "paragraph", text: "The improvement plan has no actions yet." });
    return out;
  }
  out.push({
    kind: "paragraph",
    text: `As at ${pack.cover.produced}, by theme. RAG: overdue or blocked is red, at risk amber, on track and done green (an admin may set it otherwise, with the reason shown). Re-dated counts each change of due date, with the latest reason.`,
  });
  for (const t of pack.plan) {
    out.push({ kind: "heading", level: 2, text: t.theme });
    out.push({
      kind: "table",
      caption: `Improvement plan: ${t.theme}`,
      columns: [
        { header: "Ref", width: 4 },
        { header: "Action", width: 22 },
        { header: "Owner", width: 10 },
        { header: "Due", width: 8 },
        { header: "Status", width: 7 },
        { header: "RAG", width: 11 },
        { header: "Re-dated", width: 14 },
        { header: "Evidence of impact", width: 18 },
      ],
      rowHeaders: true,
      rows: t.lines.map((l) => [
        { text: l.ref, strong: true },
        { text: l.title },
        { text: l.owner },
        { text: l.due },
        { text: l.status },
        { text: l.rag ? `${RAG_WORD[l.rag.status]}: ${l.rag.reason}` : "None yet", rag: l.rag?.status ?? null },
        { text: l.redated },
        { text: l.evidence },
      ]),
    });
  }
  return out;
}

function notes(pack: BoardPack): Block[] {
  const n = pack.notes;
  const out: Block[] = [
    { kind: "heading", level: 1, text: "5. Notes" },
    { kind: "heading", level: 2, text: "About this pack" },
    {
      kind: "list",
      items: [
        pack.cover.recordedUpTo
          ? `Figures are as recorded up to ${pack.cover.recordedUpTo}. A figure recorded or corrected later appears in the next pack.`
          : "No figures had been recorded when this pack was produced.",
        "Status (RAG) compares a figure with its target: green meets it, amber is short of it by no more than the tolerance, red is further short. The status is always written in words; colour only repeats it.",
        "Neutral indicators, such as the number of children looked after, have no target: a rise or fall is reported as increasing or decreasing, not as better or worse.",
        "Direction of travel compares the figure with the previous recorded figure.",
        "Exceptions are indicators that are red, worsening since the previous figure, or show a special-cause concern.",
        ...(n.untracked
          ? [
              `${plural(n.untracked, "indicator")} in the catalogue ${n.untracked === 1 ? "has" : "have"} no figures recorded up to this period and ${n.untracked === 1 ? "is" : "are"} left out.`,
            ]
          : []),
        `The improvement plan is shown as at ${pack.cover.produced}.`,
      ],
    },
    { kind: "heading", level: 2, text: "Reading the SPC charts" },
    {
      kind: "paragraph",
      text: 'Statistical process control (SPC), as in NHS England\'s "Making Data Count", tells a real change from the ordinary ups and downs of a process.',
    },
    {
      kind: "list",
      items: [
        "Each chart shows the figures, their average (the centre line) and the process limits either side of it. Nearly every figure of a stable process falls between the limits.",
        "Common cause variation: the figures move about within the limits with no pattern. Nothing has changed, and reacting to one rise or fall is reacting to noise.",
        "Special cause variation: something has changed. It is signalled by a figure beyond a process limit, 7 figures in a row rising or falling, 7 figures in a row on one side of the average, or 2 of 3 figures close to a limit.",
        "A special cause is an improvement or a concern according to whether higher or lower is better; for a neutral indicator it is simply higher or lower.",
        "On the charts these points are marked by shape and letter as well as colour: a triangle and I for improving, a diamond and C for concern, a square and H or L for higher or lower.",
        "Assurance, where there is a target: whether the process will meet it consistently, fail it consistently, or hit and miss.",
        `No verdict is given from fewer than ${MIN_POINTS_FOR_VERDICT} figures since the process last changed (a rebase); from ${MIN_POINTS_FOR_VERDICT} to ${POINTS_FOR_FIRM_LIMITS - 1} figures the limits are trial limits.`,
        "Where a period has no figure the chart shows a gap, and SPC treats the figures either side of it as consecutive.",
      ],
    },
    { kind: "heading", level: 2, text: "Small numbers" },
    {
      kind: "paragraph",
      text: n.suppress
        ? `Counts from 1 to 5 are shown as "${SUPPRESSED_TEXT}", as the Department for Education does in its publications, so that no child can be identified. Anything that would give such a count away (a change, a gap to a target, a chart) is left out too.`
        : "This pack shows counts as recorded: the council has not asked for counts from 1 to 5 to be suppressed. Before publishing it, check that no small count could identify a child.",
    },
    {
      kind: "paragraph",
      text: "A percentage of a small group moves a lot with one or two children: two families can move conference timeliness from 96% to 78%. Where the base is known it is shown, as in 80% (12 of 15).",
    },
    { kind: "heading", level: 2, text: "Definitions" },
  ];
  if (n.definitions.length === 0) out.push({ kind: "paragraph", text: "No indicators are in this pack." });
  else
    out.push({
      kind: "table",
      caption: "Definitions of the indicators",
      columns: [
        { header: "Indicator", width: 2 },
        { header: "Definition", width: 4 },
      ],
      rowHeaders: true,
      rows: n.definitions.map((d) => [{ text: `${d.name} (${d.key})`, strong: true }, { text: d.text }]),
    });
  return out;
}

/** The pack as one document: every section in the order a board reads it. */
export function packDocument(pack: BoardPack, charts: ChartTexts, created: Date): PackDocument {
  const sections: DocumentSection[] = [
    { orientation: "portrait", blocks: cover(pack) },
    { orientation: "portrait", blocks: summary(pack) },
    { orientation: "portrait", blocks: exceptions(pack, charts) },
    { orientation: "landscape", blocks: scorecard(pack) },
    { orientation: "landscape", blocks: plan(pack) },
    { orientation: "portrait", blocks: notes(pack) },
  ];
  const who = pack.cover.board ?? pack.cover.council;
  return {
    title: packTitle(pack),
    subject: `Performance report: scorecard, exceptions and improvement plan for ${pack.periodWords}`,
    author: pack.cover.council ?? pack.cover.board ?? "Board Bot",
    lang: PACK_LANG,
    marking: pack.marking,
    footer: `${who ? `${who}: ` : ""}performance report, ${shortPeriodLabel(pack.period)}`,
    created,
    sections,
  };
}

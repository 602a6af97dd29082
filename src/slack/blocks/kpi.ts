// /kpi replies as Block Kit: pure functions from the use cases' results to blocks.
import type { KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import type { Measurement } from "../../db/measurements.js";
import { type AuditWordsFormat, auditInWords, person } from "../../domain/audit-words.js";
import { describeBand, hasBand } from "../../domain/band.js";
import { FORMAT_WORDS, type PackFormat } from "../../domain/board-pack.js";
import { type ComparatorReading, comparatorWords } from "../../domain/comparators.js";
import { type Indicator, UNIT_WORDS } from "../../domain/indicator.js";
import { describePeriod, type Period, periodKey, shortPeriodLabel } from "../../domain/period.js";
import { RAG_WORD, type Rag } from "../../domain/rag.js";
import { notice } from "../../domain/result.js";
import { groupName, inBoardGroups } from "../../domain/scorecard-order.js";
import { readingWords, type SpcIcon } from "../../domain/spc-reading.js";
import { spcShortWords } from "../../domain/spc-summary.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { formatDifference, formatValue, smallBaseWords } from "../../domain/value.js";
import { code, words } from "../../domain/words.js";
import type { IndicatorView } from "../../services/indicator-view.js";
import type { KpiReply, ListRow } from "../../services/kpi.js";
import type { LatestFigure } from "../../services/scorecard.js";
import type { IconFiles } from "../../services/spc-icons.js";
import { linkedActionLines } from "./action-links.js";
import { context, header, type Message, message, mrkdwn, noticeMessage, RAG_EMOJI, removalWords, section, sectionsOfLines } from "./common.js";
import { recordQuestionMessage, screenedMessage } from "./confirm.js";
import { iconsOf, verdictContext, verdictKey } from "./spc-icons.js";

const POLARITY_WORDS = { high_good: "higher is better", low_good: "lower is better", neutral: "neutral: reported as increasing or decreasing" };

export function ragLabel(r: Rag | null): string {
  return r ? `${RAG_EMOJI[r.status]} *${RAG_WORD[r.status]}*` : "";
}

function figure(m: Measurement, indicator: Indicator): string {
  return formatValue(m.value, indicator.unit, m.base, m.numerator);
}

export function helpMessage(): Message {
  const lines = [
    "*Board indicators in Slack.* Replies are only visible to you unless they post to the channel.",
    "• `/kpi list`: every indicator with its latest figure and status",
    "• `/kpi cp-plans`: the latest figure, its trend, target, status and comparators, and for an exception the plan actions on it",
    "• `/kpi cp-second about`: what an indicator is, how it is judged, and its guidance",
    "• `/kpi cp-plans 276 2017-06 Signs of Safety rollout`: record a figure (recorders and admins); recording again for the same period corrects it, after asking",
    "• `/kpi cp-plans history`: recent periods as a table",
    "• `/kpi cp-plans chart` or `spc`: a chart, or an SPC (XmR) chart, posted to the channel",
    "• `/kpi cp-plans delete 2017-06`: withdraw a figure recorded in error (admins)",
    "• `/kpi cp-plans redact 2017-06 <reason…>`: remove its note everywhere it is kept, audit trail and export included (admins)",
    "• `/kpi assess-45wd target 90%`, `tolerance 5`: the target and the amber band short of it (admins)",
    "• `/kpi cp-second band 10%-23%`: bounds of concern on both sides, whatever the target (admins; `band none` clears it)",
    "• `/kpi cp-plans owner @user`: who may record it (admins); `/kpi admins [add|remove @user]` (admins)",
    "• `/kpi audit [key]`: recent changes (admins); `/kpi digest add weekly mon 09:00 [key…]`: a digest in this channel",
    "• `/kpi pack [period] [pdf|docx]`: the board pack (cover, summary, exceptions, scorecard, plan, notes) posted to this channel as a file (admins and recorders)",
    "*Values*: `276`, `1,234`, `98%`, `5.97`, or `12/15` for a percentage with its base.",
    "*Periods*: `2017-06`, `Jun 2017`, `2017/18 Q1` (April to June 2017), `Q1 2017/18`, `2017-W23`. Without one, the latest period that has ended.",
  ];
  return message("How to use /kpi", [
    ...sectionsOfLines(lines),
    context(":lock: Aggregate figures only. Notes are visible to the board: never write a child's name or details."),
  ]);
}

export function queryMessage(v: IndicatorView, zone = "Europe/London"): Message {
  const { indicator: ind, latest } = v;
  const title = `${escapeMrkdwn(ind.name)} (\`${ind.key}\`)`;
  const guidance = ind.guidance ? [context(`:information_source: ${escapeMrkdwn(ind.guidance)}`)] : [];
  if (!latest) {
    return message(`${escapeMrkdwn(ind.name)}: no figures recorded yet`, [
      section(`*${title}*\nNo figures recorded yet.`),
      ...guidance,
      context(`Record one with \`/kpi ${ind.key} <value> <period>\`. ${POLARITY_WORDS[ind.polarity]}; recorded ${ind.frequency}.`),
    ]);
  }
  const period = describePeriod(latest.period);
  const age = v.outOfDate ? ` · :hourglass: *out of date*: no figure recorded since ${period}` : "";
  const lines: string[] = [`*${formatValue(latest.value, ind.unit, latest.base, latest.numerator)}* in ${period}${v.rag ? `  ${ragLabel(v.rag)}` : ""}${age}`];
  const small = smallBaseWords(latest.base);
  if (small) lines.push(`_${capitalise(small)}._`);
  if (v.previous) {
    const c = v.previous.change;
    lines.push(
      `${c.amount === "no change" ? "No change" : capitalise(c.amount)} since the previous figure, for ${describePeriod(v.previous.against.period)} (${figure(v.previous.against, ind)})${c.judgement !== "no change" ? `: *${c.judgement}*` : ""}`,
    );
  } else {
    lines.push("This is the first figure recorded.");
  }
  if (v.lastYear) {
    const c = v.lastYear.change;
    lines.push(
      `${c.amount === "no change" ? "No change" : capitalise(c.amount)} on the same period last year, ${describePeriod(v.lastYear.against.period)} (${figure(v.lastYear.against, ind)})${c.judgement !== "no change" ? `: ${c.judgement}` : ""}`,
    );
  }
  if (ind.polarity !== "neutral") lines.push(statusLine(ind, v.rag));
  if (v.spc) lines.push(`SPC: ${readingWords(v.spc)}`);
  const blocks: KnownBlock[] = [section(`*${title}*\n${lines.join("\n")}`)];
  if (v.comparators.length) {
    blocks.push(section(`*Comparators*\n${v.comparators.map((c) => comparatorLine(c, ind, period)).join("\n")}`));
  }
  if (v.actions) blocks.push(...sectionsOfLines(linkedActionLines(ind.key, v.actions)));
  if (latest.note) blocks.push(section(`*Note*: ${escapeMrkdwn(latest.note)}`));
  else if (latest.noteRemoved) blocks.push(section(`*Note*: _${removalWords(latest.noteRemoved, zone)}_`));
  blocks.push(...guidance);
  blocks.push(context(`${POLARITY_WORDS[ind.polarity]} · recorded ${ind.frequency} · ${escapeMrkdwn(groupName(ind))} · by <@${latest.recordedBy}>`));
  const summary = `${escapeMrkdwn(ind.name)}: ${formatValue(latest.value, ind.unit, latest.base, latest.numerator)} in ${period}${v.rag ? ` (${RAG_WORD[v.rag.status]})` : ""}`;
  return message(summary, blocks);
}

/** Target and band, and the status with its reason. */
function statusLine(ind: Indicator, rag: Rag | null): string {
  const band = hasBand(ind) ? `band of concern ${describeBand({ low: ind.bandLow ?? null, high: ind.bandHigh ?? null }, ind.unit)}` : null;
  const against = [ind.target !== null ? `Target ${formatValue(ind.target, ind.unit)}` : null, band].filter((p) => p !== null).join(", ");
  if (!rag) return `No target set (an admin can set one with \`/kpi ${ind.key} target <value>\`).`;
  return `${capitalise(against)}: ${ragLabel(rag)} because ${escapeMrkdwn(rag.reason)}.`;
}

/** "England 2016/17: 85.7%", or the same marked as context when its period does not compare. */
function comparatorLine(c: ComparatorReading, ind: Indicator, period: string): string {
  const words = comparatorWords(c, ind.unit);
  if (c.comparable) return words;
  return `${words} _(context only: ${c.periodLabel ? "not the same period as" : "its period is not known, so it is not compared with"} ${period})_`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One line per indicator: figure with its period (out of date marked), status, SPC in a few words. */
export function indicatorLine(row: LatestFigure): string {
  const { indicator: ind, latest, rag } = row;
  if (!latest) return `\`${ind.key}\` ${escapeMrkdwn(ind.name)}: _no figures yet_`;
  const age = row.outOfDate ? `${shortPeriodLabel(latest.period)}: :hourglass: out of date` : shortPeriodLabel(latest.period);
  const status = rag ? ` ${RAG_EMOJI[rag.status]} ${RAG_WORD[rag.status]}` : "";
  return `\`${ind.key}\` ${escapeMrkdwn(ind.name)}: *${formatValue(latest.value, ind.unit, latest.base, latest.numerator)}* (${age})${status}`;
}

/** The indicators under their groups' names, in the board's order. */
export function indicatorLines(list: readonly LatestFigure[]): string[] {
  return inBoardGroups(list, (r) => r.indicator).flatMap((g) => [`*${escapeMrkdwn(g.name)}*`, ...g.items.map(indicatorLine)]);
}

/** Exceptions on the Home tab with their own blocks (the line, its actions, then the verdict beside its icons); any more as lines. */
const ATTENTION_WITH_ICONS = 8;

/**
 * The exceptions (red, worsening, special-cause concern), each with what is
 * being done about it and its SPC reading beside Making Data Count's icons
 * (words only for an icon without a file id).
 */
export function attentionBlocks(list: readonly ListRow[], files: IconFiles): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const rest: string[] = [];
  for (const [i, r] of list.filter((r) => r.reasons.length > 0 && r.latest).entries()) {
    const actions = linkedActionLines(r.indicator.key, r.actions, 3).map((l) => `   ${l}`);
    const spc = r.spc ? `SPC: ${escapeMrkdwn(spcShortWords(r.spc))}` : null;
    if (i < ATTENTION_WITH_ICONS) {
      blocks.push(section([`• ${indicatorLine(r)} [${r.reasons.join(", ")}]`, ...actions].join("\n")));
      if (r.spc && spc) blocks.push(verdictContext(r.spc.icons, files, spc));
    } else {
      rest.push(`• ${indicatorLine(r)} [${r.reasons.join(", ")}]${spc ? ` · ${spc}` : ""}`, ...actions);
    }
  }
  return [...blocks, ...(rest.length ? sectionsOfLines(rest) : [])];
}

/** The indicators' SPC verdicts by icon, under the list at a glance. */
export function glanceKey(list: readonly ListRow[], files: IconFiles): KnownBlock[] {
  return verdictKey(
    list.filter((r) => r.spc && r.latest).map((r) => ({ key: r.indicator.key, icons: r.spc!.icons })),
    files,
  );
}

/** The SPC icons the Home tab shows. */
export function homeIcons(list: readonly ListRow[]): SpcIcon[] {
  return [...new Set(list.flatMap((r) => (r.spc && r.latest ? iconsOf(r.spc.icons) : [])))];
}

export function listMessage(list: LatestFigure[]): Message {
  const lines = indicatorLines(list);
  return message(`${list.length} indicators`, [header(`Indicators (${list.length})`), ...sectionsOfLines(lines), context("`/kpi <key>` for detail")]);
}

/** /kpi <key> about: what the indicator is, how it is judged, and its guidance. */
export function aboutMessage(ind: Indicator): Message {
  const lines = [
    `*${escapeMrkdwn(ind.name)}* (\`${ind.key}\`)`,
    `Group: ${escapeMrkdwn(groupName(ind))}`,
    `Unit: ${UNIT_WORDS[ind.unit]}`,
    `Polarity: ${POLARITY_WORDS[ind.polarity]}`,
    `Recorded ${ind.frequency}`,
  ];
  if (ind.polarity !== "neutral") {
    lines.push(
      `Target: ${ind.target !== null ? formatValue(ind.target, ind.unit) : "none"} · tolerance: ${ind.tolerance !== null ? formatDifference(ind.tolerance, ind.unit) : "none"} · band of concern: ${describeBand({ low: ind.bandLow ?? null, high: ind.bandHigh ?? null }, ind.unit)}`,
    );
  }
  if (ind.englandValue !== null)
    lines.push(`England: ${formatValue(ind.englandValue, ind.unit)}${ind.englandPeriod ? ` (${escapeMrkdwn(ind.englandPeriod)})` : ""}`);
  lines.push(ind.guidance ? `*Guidance*: ${escapeMrkdwn(ind.guidance)}` : "_No guidance recorded for it._");
  return message(`About ${ind.name}`, [section(lines.join("\n")), context(`\`/kpi ${ind.key}\` for its latest figure`)]);
}

export function historyMessage(reply: Extract<KpiReply, { kind: "history" }>): Message {
  const { indicator: ind, rows } = reply;
  if (rows.length === 0)
    return message(`${escapeMrkdwn(ind.name)}: no figures yet`, [section(`*${escapeMrkdwn(ind.name)}* (\`${ind.key}\`): no figures recorded yet.`)]);
  const width = Math.max(...rows.map((r) => shortPeriodLabel(r.measurement.period).length), 6);
  const table = rows.map((r) => {
    const m = r.measurement;
    const status = r.rag ? ` ${RAG_WORD[r.rag.status]}` : "";
    const note = m.note ? `  ${m.note.slice(0, 40)}${m.note.length > 40 ? "…" : ""}` : m.noteRemoved ? "  (note removed)" : "";
    return `${shortPeriodLabel(m.period).padEnd(width)}  ${formatValue(m.value, ind.unit, m.base, m.numerator).padStart(14)}${status}${note}`;
  });
  // A code block keeps the columns aligned; a backtick in a note cannot close it because we replace them.
  const lines = [`${"Period".padEnd(width)}  ${"Value".padStart(14)}`, ...table].map((l) => escapeMrkdwn(l.replace(/`/g, "'")));
  return message(`${escapeMrkdwn(ind.name)}: last ${rows.length} figures`, [
    section(`*${escapeMrkdwn(ind.name)}* (\`${ind.key}\`): last ${rows.length} figures, newest first`),
    ...sectionsOfLines(lines, { code: true }),
  ]);
}

export function recordedMessage(reply: Extract<KpiReply, { kind: "recorded" }>): Message {
  const { indicator: ind, measurement: m, replaced, rag, noteKept } = reply;
  const value = formatValue(m.value, ind.unit, m.base, m.numerator);
  const period = describePeriod(m.period);
  const head = replaced
    ? `:white_check_mark: Corrected \`${ind.key}\` for ${period}: ${formatValue(replaced.value, ind.unit, replaced.base, replaced.numerator)} → *${value}*. The old figure stays in the audit trail.`
    : `:white_check_mark: Recorded *${value}* for \`${ind.key}\` (${escapeMrkdwn(ind.name)}), ${period}.`;
  const lines = [head];
  if (rag) lines.push(`${ragLabel(rag)}: ${rag.reason}.`);
  if (m.note) lines.push(`Note: ${escapeMrkdwn(m.note)}${noteKept ? " (kept: no new note was given)" : ""}`);
  else if (noteKept) lines.push("The note stays removed: no new note was given.");
  const blocks: KnownBlock[] = [section(lines.join("\n"))];
  if (rag?.status === "red" && !m.note) blocks.push(context("Boards expect a note when a figure is red: record it again with a note after the period."));
  blocks.push(context(":lock: Notes are seen by the board: never a child's name or details."));
  return message(replaced ? `Corrected ${ind.key} for ${period}` : `Recorded ${value} for ${ind.key}, ${period}`, blocks);
}

export function auditMessage(reply: Extract<KpiReply, { kind: "audit" }>, timezone: string): Message {
  if (reply.rows.length === 0) return noticeMessage(notice("info", words`No changes recorded${reply.key ? words` for ${code(reply.key)}` : ""} yet.`));
  const format: AuditWordsFormat = { unitOf: (key) => reply.units[key] ?? null, zone: timezone };
  const lines = reply.rows.map((r) => {
    const { about, words: said } = auditInWords(r, format);
    return `${DateTime.fromJSDate(r.at, { zone: timezone }).toFormat("d LLL yyyy HH:mm")} · ${mrkdwn([person(r.actor)])} · ${mrkdwn([code(about.replace(/`/g, "'"))])} ${mrkdwn(said)}`;
  });
  return message(`Audit trail${reply.key ? ` for ${reply.key}` : ""}`, [
    header(`Recent changes${reply.key ? ` to ${reply.key}` : ""}`),
    ...sectionsOfLines(lines),
  ]);
}

export function kpiReplyMessage(reply: KpiReply, timezone: string): Message {
  switch (reply.kind) {
    case "notice":
      return noticeMessage(reply.notice);
    case "help":
      return helpMessage();
    case "query":
      return queryMessage(reply.view, timezone);
    case "about":
      return aboutMessage(reply.indicator);
    case "list":
      return listMessage(reply.rows);
    case "history":
      return historyMessage(reply);
    case "audit":
      return auditMessage(reply, timezone);
    case "recorded":
      return recordedMessage(reply);
    case "confirm-record":
      return recordQuestionMessage(reply.question);
    case "held":
      return screenedMessage(reply.screened);
  }
}

/** The comment on a chart posted to a channel: who asked, and how. */
/** The one line that goes with a board pack posted to a channel. */
export function packComment(userId: string, periodWords: string, format: PackFormat, pages: number | null, exceptions: number): string {
  const what = `${FORMAT_WORDS[format]}${pages ? `, ${pages} pages` : ""}; ${exceptions === 1 ? "1 exception" : `${exceptions} exceptions`}`;
  return `:page_facing_up: Board pack for ${periodWords} (${what}), asked for by <@${userId}>.`;
}

export function askedFor(userId: string, command: string): string {
  return `<@${userId}> asked for \`${command}\``;
}

/** The DM to a recorder whose figures for a period are late. */
export function figuresDueText(period: Period, missing: Indicator[]): string {
  const lines = missing.map((ind) => `• ${escapeMrkdwn(ind.name)}: \`/kpi ${ind.key} &lt;value&gt; ${periodKey(period)}\``);
  return `:bar_chart: Figures for ${describePeriod(period)} are due and not yet recorded:\n${lines.join("\n")}`;
}

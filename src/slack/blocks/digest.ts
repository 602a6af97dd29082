// The digest as one Block Kit message, within Slack's limits however many
// indicators: exceptions with what is being done about them, then the
// scorecard in the board's groups, every figure with its age.
import type { KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import { comparatorWords } from "../../domain/comparators.js";
import type { DigestContent, ScorecardRow } from "../../domain/digest.js";
import { ACTION_STATUSES, STATUS_WORDS } from "../../domain/plan.js";
import type { PlanSummary, RagCounts } from "../../domain/plan-summary.js";
import { RAG_WORD } from "../../domain/rag.js";
import type { SpcIcon } from "../../domain/spc-reading.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { words } from "../../domain/words.js";
import { channelProblemAdvice } from "../../services/channel-problems.js";
import type { IconFiles } from "../../services/spc-icons.js";
import { linkedActionLines } from "./action-links.js";
import { clip, context, divider, header, type Message, message, mrkdwn, RAG_EMOJI, section, sectionsOfLines } from "./common.js";
import { personText } from "./plan.js";
import { iconsOf, verdictContext, verdictKey } from "./spc-icons.js";

const ARROW: Record<string, string> = { up: "↑", down: "↓", same: "→" };
// Slack refuses messages whose blocks run to about 13,000 characters; keep well clear.
const TEXT_BUDGET = 9_000; // leaves room for the plan section

function status(r: ScorecardRow): string {
  return r.rag ? `${RAG_EMOJI[r.rag.status]} ${RAG_WORD[r.rag.status]}` : "";
}

/** A figure with its period, marked when it is older than the digest's latest period. */
function figureWithAge(r: ScorecardRow): string {
  return r.outOfDate ? `*${r.value}* (${r.period}: :hourglass: out of date)` : `*${r.value}* (${r.period})`;
}

/** One line of the scorecard: figure and age, change since a named period, status, comparator, SPC. */
export function scorecardLine(r: ScorecardRow): string {
  const parts = [`\`${r.key}\` ${escapeMrkdwn(r.name)}: ${figureWithAge(r)}`];
  if (r.change && r.changeText) parts.push(`${ARROW[r.change.direction]} ${r.changeText}`);
  if (r.rag) parts.push(status(r));
  if (r.comparatorText) parts.push(escapeMrkdwn(r.comparatorText));
  if (r.spcShort) parts.push(`SPC: ${escapeMrkdwn(r.spcShort)}`);
  return parts.join(" · ");
}

/** An exception in a few lines; `spc: false` leaves out the SPC reading, shown beside its icons instead. */
export function exceptionLine(r: ScorecardRow, opts: { spc: boolean } = { spc: true }): string {
  const why = r.rag?.status === "red" ? (r.ragReason ?? "") : (r.changeText ?? "");
  const lines = [`• *${escapeMrkdwn(r.name)}* (\`${r.key}\`) ${status(r)} [${r.reasons.join(", ")}]: ${figureWithAge(r)}. ${escapeMrkdwn(why)}`];
  if (r.rag?.status === "red" && r.changeText) lines.push(`   Change: ${escapeMrkdwn(r.changeText)}`);
  if (r.smallBase) lines.push(`   ${escapeMrkdwn(r.smallBase)}`);
  const compared = r.comparators.filter((c) => c.comparable);
  if (compared.length) lines.push(`   ${escapeMrkdwn(compared.map((c) => comparatorWords(c, r.unit)).join(" · "))}`);
  if (r.spcWords && opts.spc) lines.push(`   SPC: ${escapeMrkdwn(r.spcWords)}`);
  if (r.note) lines.push(`   _Note: ${escapeMrkdwn(r.note)}_`);
  else if (r.rag?.status === "red") lines.push("   _No note recorded_");
  if (r.actions) lines.push(...linkedActionLines(r.key, r.actions, 3).map((l) => `   ${l}`));
  return lines.join("\n");
}

function ragCounts(r: RagCounts): string {
  return (["red", "amber", "green"] as const).map((s) => `${RAG_EMOJI[s]} ${RAG_WORD[s]} ${r[s]}`).join(" · ");
}

function planSectionBlocks(p: PlanSummary): KnownBlock[] {
  const counts = ACTION_STATUSES.map((s) => `${STATUS_WORDS[s]}: ${p.counts[s]}`).join(" · ");
  const lines: string[] = [];
  for (const t of p.themes) lines.push(`${escapeMrkdwn(t.label)}: ${ragCounts(t.rag)}`);
  if (p.overdue.length)
    lines.push(
      `*Overdue* (${p.overdue.length}): ${p.overdue
        .slice(0, 10)
        .map((a) => `\`${escapeMrkdwn(a.ref)}\` due ${a.due} (${personText(a.ownerId, a.ownerName)})`)
        .join(", ")}${p.overdue.length > 10 ? "…" : ""}`,
    );
  if (p.redatedOften.length)
    lines.push(
      `*Re-dated more than once*: ${p.redatedOften
        .slice(0, 10)
        .map((r) => `\`${escapeMrkdwn(r.action.ref)}\` ${r.times} times`)
        .join(", ")}`,
    );
  for (const a of p.newlyDone.slice(0, 8))
    lines.push(
      `:white_check_mark: Done: \`${escapeMrkdwn(a.ref)}\` ${escapeMrkdwn(a.title.slice(0, 120))}${a.evidence ? `: _${escapeMrkdwn(a.evidence.slice(0, 300))}_` : " (no evidence of impact recorded)"}`,
    );
  if (p.risks.open)
    lines.push(
      `*Risks*: ${p.risks.open} open, ${p.risks.high} high${p.risks.reviewOverdue ? `, ${p.risks.reviewOverdue} overdue for review` : ""} (\`/plan risks\`)`,
    );
  return [
    section(`*Improvement plan*: ${ragCounts(p.rag)}\n${counts}`),
    ...(lines.length ? sectionsOfLines(fit(lines, 2500, (n) => `…and ${n} more: \`/plan list\``)) : []),
  ];
}

export interface DigestMessageOptions {
  late: { slot: Date } | null;
  timezone: string;
  /** Slack file ids of the SPC icons; an icon without one is shown in words only. */
  icons?: IconFiles;
}

/** Exceptions shown each with its own blocks (its text, then its verdict beside its icons); any more are listed as text. */
const EXCEPTIONS_WITH_ICONS = 8;
/** Well under Slack's ~13,000 characters of blocks, so images never push a message over. */
const JSON_BUDGET = 12_000;

function fit(lines: string[], budget: number, more: (n: number) => string): string[] {
  const out: string[] = [];
  let used = 0;
  for (const [i, l] of lines.entries()) {
    if (used + l.length + 1 > budget) {
      out.push(more(lines.length - i));
      return out;
    }
    out.push(l);
    used += l.length + 1;
  }
  return out;
}

/** Each exception as a section, then its SPC verdict beside its icons; past the first few, lines of text. */
function exceptionBlocks(d: DigestContent, files: IconFiles): KnownBlock[] {
  const budget = TEXT_BUDGET * 0.4;
  const blocks: KnownBlock[] = [];
  const rest: string[] = [];
  let used = 0;
  for (const [i, r] of d.exceptions.entries()) {
    const own = i < EXCEPTIONS_WITH_ICONS;
    const text = exceptionLine(r, { spc: !own });
    const spc = own && r.spcWords ? `SPC: ${escapeMrkdwn(r.spcWords)}` : "";
    if (used + text.length + spc.length + 1 > budget) {
      rest.push(`…and ${d.exceptions.length - i} more exceptions: \`/kpi list\``);
      break;
    }
    used += text.length + spc.length + 1;
    if (!own) rest.push(text);
    else blocks.push(section(text), ...(spc ? [verdictContext(r.spcIcons, files, spc)] : []));
  }
  return [...blocks, ...(rest.length ? sectionsOfLines(rest) : [])];
}

/**
 * The digest as one message. With the SPC icons' file ids, each verdict has its
 * icons beside it and the scorecard ends with its verdicts by icon; if that
 * would make the message too long for Slack, the key goes, then the icons.
 */
export function digestMessage(d: DigestContent, opts: DigestMessageOptions): Message {
  const files = opts.icons ?? new Map();
  for (const variant of [
    { files, key: files.size > 0 }, // without images, the key would only repeat the scorecard's words
    { files, key: false },
    { files: new Map(), key: false },
  ]) {
    const msg = digestBlocks(d, opts, variant.files, variant.key);
    if (JSON.stringify(msg.blocks).length <= JSON_BUDGET) return msg;
  }
  return digestBlocks(d, opts, new Map(), false);
}

function digestBlocks(d: DigestContent, opts: DigestMessageOptions, files: IconFiles, key: boolean): Message {
  const blocks: KnownBlock[] = [header(`${d.title}: figures to ${d.periodWords}`)];
  if (opts.late) {
    const due = DateTime.fromJSDate(opts.late.slot, { zone: opts.timezone }).toFormat("HH:mm 'on' cccc d LLLL");
    blocks.push(context(`:hourglass: *Sent late*: this digest was due at ${due}, while the bot was not running.`));
  }
  const stale = d.rows.filter((r) => r.outOfDate).length;
  if (stale) {
    blocks.push(
      context(
        `:hourglass: ${stale} of ${d.rows.length} figures are out of date: older than ${d.periodWords}, each shown with its own period. Changes are measured from the period named.`,
      ),
    );
  }
  const scoreLines = fit(
    d.groups.flatMap((g) => [`*${escapeMrkdwn(g.name)}*`, ...g.rows.map(scorecardLine)]),
    TEXT_BUDGET * 0.5,
    (n) => `…and more indicators (${n} lines): \`/kpi list\``,
  );
  blocks.push(section(`*Exceptions* (red, worsening or special-cause concern): ${d.exceptions.length}`));
  if (d.exceptions.length) blocks.push(...exceptionBlocks(d, files));
  else blocks.push(context("None this time."));
  blocks.push(divider(), section(`*Scorecard*: ${d.rows.length} indicators with figures, in the board's order`));
  if (scoreLines.length) blocks.push(...sectionsOfLines(scoreLines));
  if (key)
    blocks.push(
      ...verdictKey(
        d.rows.map((r) => ({ key: r.key, icons: r.spcIcons })),
        files,
      ),
    );
  if (d.without.length) {
    blocks.push(context(clip(`No figures yet (${d.without.length}): ${d.without.map((w) => `\`${w.key}\``).join(", ")}`, 2900)));
  }
  if (d.plan) blocks.push(divider(), ...planSectionBlocks(d.plan));
  blocks.push(context("Charts follow below. `/kpi <key>` for detail, `/kpi <key> spc` for an SPC chart. Aggregate figures only."));
  const text = `${d.title}: figures to ${d.periodWords}. ${d.exceptions.length} exceptions: ${d.exceptions.map((r) => escapeMrkdwn(r.name)).join("; ")}`;
  return message(text, blocks);
}

/** The SPC icons a digest shows (beside its exceptions' verdicts, and in its scorecard's key). */
export function digestIcons(d: DigestContent): SpcIcon[] {
  return [...new Set(d.rows.flatMap((r) => iconsOf(r.spcIcons)))];
}

/** The DM to a digest's creator when it cannot be posted. */
export function digestFailedText(id: number, error: string, channelId: string): string {
  return mrkdwn(words`The digest #${id} could not be posted. ${channelProblemAdvice(error, channelId)}`);
}

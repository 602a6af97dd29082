// The digest as one Block Kit message, within Slack's limits however many indicators.
import type { KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import type { DigestContent, ScorecardRow } from "../../domain/digest.js";
import { ACTION_STATUSES, STATUS_WORDS } from "../../domain/plan.js";
import type { PlanSummary, RagCounts } from "../../domain/plan-summary.js";
import { RAG_WORD } from "../../domain/rag.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { words } from "../../domain/words.js";
import { channelProblemAdvice } from "../../services/channel-problems.js";
import { context, divider, header, type Message, message, mrkdwn, RAG_EMOJI, section, sectionsOfLines } from "./common.js";
import { personText } from "./plan.js";

const ARROW: Record<string, string> = { up: "↑", down: "↓", same: "→" };
// Slack refuses messages whose blocks run to about 13,000 characters; keep well clear.
const TEXT_BUDGET = 8_000; // leaves room for the plan section

function status(r: ScorecardRow): string {
  return r.rag ? `${RAG_EMOJI[r.rag.status]} ${RAG_WORD[r.rag.status]}` : "";
}

export function scorecardLine(r: ScorecardRow): string {
  if (!r.period) return `\`${r.key}\` ${escapeMrkdwn(r.name)}: _no figures yet_`;
  const trend = r.change ? ` ${ARROW[r.change.direction]} ${r.changeText}` : "";
  return `\`${r.key}\` ${escapeMrkdwn(r.name)}: *${r.value}* (${r.period})${trend}${r.rag ? ` ${status(r)}` : ""}`;
}

export function exceptionLine(r: ScorecardRow): string {
  const why = r.rag?.status === "red" ? (r.ragReason ?? "") : (r.changeText ?? "");
  const spc = r.spcWords ? `\n   SPC: ${escapeMrkdwn(r.spcWords)}` : "";
  const note = r.note ? `\n   _Note: ${escapeMrkdwn(r.note)}_` : r.rag?.status === "red" ? "\n   _No note recorded_" : "";
  return `• *${escapeMrkdwn(r.name)}* (\`${r.key}\`) ${status(r)} [${r.reasons.join(", ")}]: ${escapeMrkdwn(why)}${spc}${note}`;
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
}

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

export function digestMessage(d: DigestContent, opts: DigestMessageOptions): Message {
  const blocks: KnownBlock[] = [header(`${d.title}: figures to ${d.periodWords}`)];
  if (opts.late) {
    const due = DateTime.fromJSDate(opts.late.slot, { zone: opts.timezone }).toFormat("HH:mm 'on' cccc d LLLL");
    blocks.push(context(`:hourglass: *Sent late*: this digest was due at ${due}, while the bot was not running.`));
  }
  const exceptionLines = fit(d.exceptions.map(exceptionLine), TEXT_BUDGET * 0.4, (n) => `…and ${n} more exceptions: \`/kpi list\``);
  const scoreLines = fit(d.rows.map(scorecardLine), TEXT_BUDGET * 0.55, (n) => `…and ${n} more indicators: \`/kpi list\``);
  blocks.push(section(`*Exceptions* (red, worsening or special-cause concern): ${d.exceptions.length}`));
  if (exceptionLines.length) blocks.push(...sectionsOfLines(exceptionLines));
  else blocks.push(context("None this time."));
  blocks.push(divider(), section(`*Scorecard*: ${d.rows.length} indicators${d.withoutFigures ? `, ${d.withoutFigures} without figures yet` : ""}`));
  blocks.push(...sectionsOfLines(scoreLines));
  if (d.plan) blocks.push(divider(), ...planSectionBlocks(d.plan));
  blocks.push(context("Charts follow below. `/kpi <key>` for detail, `/kpi <key> spc` for an SPC chart. Aggregate figures only."));
  const text = `${d.title}: figures to ${d.periodWords}. ${d.exceptions.length} exceptions: ${d.exceptions.map((r) => escapeMrkdwn(r.name)).join("; ")}`;
  return message(text, blocks);
}

/** The DM to a digest's creator when it cannot be posted. */
export function digestFailedText(id: number, error: string, channelId: string): string {
  return mrkdwn(words`The digest #${id} could not be posted. ${channelProblemAdvice(error, channelId)}`);
}

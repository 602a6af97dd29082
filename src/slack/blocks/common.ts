// Small Block Kit helpers that keep every message inside Slack's limits.
import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from "@slack/types";
import { DateTime } from "luxon";
import { person } from "../../domain/audit-words.js";
import type { RagStatus } from "../../domain/rag.js";
import type { Removal } from "../../domain/redaction.js";
import type { Notice } from "../../domain/result.js";
import { escapeMrkdwn } from "../../domain/text.js";
import type { Span, Words } from "../../domain/words.js";

export interface Message {
  text: string; // the notification and screen-reader fallback
  blocks: KnownBlock[];
}

/** RAG status as Slack emoji; always shown next to the word, never alone. */
export const RAG_EMOJI: Record<RagStatus, string> = {
  red: ":red_circle:",
  amber: ":large_orange_circle:",
  green: ":large_green_circle:",
};

export const LIMITS = { blocks: 50, sectionText: 3000, header: 150, contextElements: 10, fallbackText: 3000 } as const;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const section = (text: string): SectionBlock => ({ type: "section", text: { type: "mrkdwn", text: clip(text, LIMITS.sectionText) } });
export const header = (text: string): HeaderBlock => ({ type: "header", text: { type: "plain_text", text: clip(text, LIMITS.header), emoji: true } });
export const context = (...texts: string[]): ContextBlock => ({
  type: "context",
  elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: "mrkdwn", text: clip(t, LIMITS.sectionText) })),
});
export const divider = (): KnownBlock => ({ type: "divider" });

/** Lines packed into as few sections as fit, each under the section limit; `code` keeps each section a code block. */
export function sectionsOfLines(lines: string[], opts: { code?: boolean } = {}): SectionBlock[] {
  const fence = opts.code ? "```" : "";
  const budget = LIMITS.sectionText - 2 * (fence.length + 1);
  const wrap = (text: string) => section(fence ? `${fence}\n${text}\n${fence}` : text);
  const out: SectionBlock[] = [];
  let current = "";
  for (const line of lines) {
    const l = clip(line, budget);
    if (current && current.length + 1 + l.length > budget) {
      out.push(wrap(current));
      current = "";
    }
    current = current ? `${current}\n${l}` : l;
  }
  if (current) out.push(wrap(current));
  return out;
}

/** Never more blocks than Slack accepts: the tail is summarised instead of being refused. */
export function capBlocks(blocks: KnownBlock[], max: number = LIMITS.blocks): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context(`…and ${blocks.length - max + 1} more items not shown.`)];
}

export function message(text: string, blocks: KnownBlock[]): Message {
  return { text: clip(text, LIMITS.fallbackText), blocks: capBlocks(blocks) };
}

function spanMrkdwn(s: Span): string {
  // Text from users and imports is escaped, so that it cannot ping a channel or disguise a link.
  if (typeof s === "string") return escapeMrkdwn(s);
  switch (s.kind) {
    case "code":
      return `\`${escapeMrkdwn(s.text.replace(/`/g, "'"))}\``;
    case "strong":
      return `*${escapeMrkdwn(s.text)}*`;
    case "user":
      return `<@${s.id}>`;
    case "channel":
      return `<#${s.id}>`;
  }
}

/** Words as Slack mrkdwn: codes in backticks, bold, mentions and channel links. The text itself is escaped (&, <, >), so it shows as written. */
export function mrkdwn(w: Words): string {
  return w.map(spanMrkdwn).join("");
}

/** Words for a plain_text field such as a modal's error, where Slack shows no bold: the rest as in mrkdwn. */
export function plainText(w: Words): string {
  // plain_text is not parsed, so nothing is escaped: it shows as written.
  return w
    .map((s) => {
      if (typeof s === "string") return s;
      if (s.kind === "strong") return s.text;
      if (s.kind === "code") return `\`${s.text}\``;
      return spanMrkdwn(s);
    })
    .join("");
}

const TONE_ICON: Record<Notice["tone"], string> = { ok: ":white_check_mark:", info: ":information_source:", error: ":warning:", denied: ":no_entry:" };

export function noticeMessage(n: Notice): Message {
  const text = mrkdwn(n.text);
  const example = n.example ? mrkdwn(n.example) : null;
  const blocks: KnownBlock[] = [section(`${TONE_ICON[n.tone]} ${text}`)];
  if (example) blocks.push(context(`Try: ${example.startsWith("/") ? `\`${example}\`` : example}`));
  return message(example ? `${text} Try: ${example}` : text, blocks);
}

/** "removed by @admin on 4 Jul 2017: why" (what was removed is never shown). */
export function removalWords(r: Removal, zone: string): string {
  return `removed by ${mrkdwn([person(r.by)])} on ${DateTime.fromJSDate(r.at, { zone }).toFormat("d LLL yyyy")}: ${escapeMrkdwn(r.reason)}`;
}

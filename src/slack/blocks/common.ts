// Small Block Kit helpers that keep every message inside Slack's limits.
import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from "@slack/types";
import type { Notice } from "../../services/context.js";

export interface Message {
  text: string; // the notification and screen-reader fallback
  blocks: KnownBlock[];
}

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

const TONE_ICON: Record<Notice["tone"], string> = { ok: ":white_check_mark:", info: ":information_source:", error: ":warning:", denied: ":no_entry:" };

export function noticeMessage(n: Notice): Message {
  const blocks: KnownBlock[] = [section(`${TONE_ICON[n.tone]} ${n.text}`)];
  if (n.example) blocks.push(context(`Try: ${n.example.startsWith("/") ? `\`${n.example}\`` : n.example}`));
  return message(n.example ? `${n.text} Try: ${n.example}` : n.text, blocks);
}

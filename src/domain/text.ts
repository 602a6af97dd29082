// Command text as Slack delivers it, made safe to parse: length, odd Unicode, entities.
import { formatNumber } from "./number-format.js";
import { err, ok, type Result } from "./result.js";

export const MAX_COMMAND_LENGTH = 1000;
export const MAX_NOTE_LENGTH = 500;

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;
// Control characters other than tab and newline, plus unassigned and private-use code points.
const FORBIDDEN = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}]/u;

/** Normalise what the user typed, or say why it cannot be read. */
export function cleanCommandText(raw: string): Result<string> {
  if (raw.length > MAX_COMMAND_LENGTH) {
    return err(
      `That is ${formatNumber(raw.length, 0)} characters; a command can be at most ${MAX_COMMAND_LENGTH}.`,
      "keep notes short: /kpi cp-plans 276 2017-06 Signs of Safety rollout",
    );
  }
  if (BIDI_CONTROLS.test(raw)) {
    return err("The text contains invisible direction-changing characters, which can disguise what it says.", "retype it rather than pasting it");
  }
  const normalised = raw
    .normalize("NFKC")
    .replace(ZERO_WIDTH, "")
    .replace(/[\t\n\r]+/g, " ");
  if (FORBIDDEN.test(normalised)) {
    return err("The text contains control or unprintable characters.", "retype it rather than pasting it");
  }
  return ok(normalised.replace(/\s+/g, " ").trim());
}

/** Slack escapes &, < and > in command text; notes are stored as the user wrote them. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Escape text for Slack mrkdwn, so a note cannot ping @channel or fake a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function checkNote(note: string): Result<string | null> {
  const n = decodeSlackEntities(note).trim();
  if (n === "") return ok(null);
  if (n.length > MAX_NOTE_LENGTH) {
    return err(`The note is ${n.length} characters; keep it to ${MAX_NOTE_LENGTH}.`, "a short reason, such as: two sibling groups moved the rate");
  }
  return ok(n);
}

/** Slack user mentions as delivered with should_escape: <@U0123456789> or <@U0123456789|name>. */
export function parseMention(token: string): string | null {
  const m = token.match(/^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$/);
  return m ? m[1]! : null;
}

export function parseChannelMention(token: string): string | null {
  const m = token.match(/^<#([CG][A-Z0-9]{2,20})(?:\|[^>]*)?>$/);
  return m ? m[1]! : null;
}

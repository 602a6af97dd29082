// "What are we doing about it": an exception's open plan actions as lines of
// mrkdwn (owner, due date, RAG with its reason), or plainly that there are none.
import { DateTime } from "luxon";
import type { LinkedAction } from "../../domain/action-links.js";
import { STATUS_WORDS } from "../../domain/plan.js";
import { RAG_WORD } from "../../domain/rag.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { clip, RAG_EMOJI } from "./common.js";

function shortDate(iso: string): string {
  return DateTime.fromISO(iso).toFormat("d LLL yyyy");
}

export function linkedActionLine(a: LinkedAction): string {
  const rag = a.rag ? `${RAG_EMOJI[a.rag.status]} ${RAG_WORD[a.rag.status]} (${escapeMrkdwn(a.rag.reason)})` : "no RAG yet (not started)";
  return `\`${escapeMrkdwn(a.ref)}\` ${escapeMrkdwn(clip(a.title, 100))} · ${a.ownerId ? `<@${a.ownerId}>` : escapeMrkdwn(a.ownerName ?? "no owner")} · ${a.due ? `due ${shortDate(a.due)}` : "ongoing"}${a.overdue ? " *overdue*" : ""} · ${STATUS_WORDS[a.status]} · ${rag}`;
}

/** The heading and one line per action (at most `max`), or the plain sentence that there are none. */
export function linkedActionLines(key: string, actions: readonly LinkedAction[], max = 5): string[] {
  if (actions.length === 0) return [`*What are we doing about it?* No open plan action names \`${key}\` as its measure.`];
  const shown = actions.slice(0, max).map((a) => `  ◦ ${linkedActionLine(a)}`);
  const more = actions.length > max ? [`  ◦ …and ${actions.length - max} more: \`/plan list\``] : [];
  return [`*What are we doing about it?* ${actions.length} open plan action${actions.length === 1 ? "" : "s"}:`, ...shown, ...more];
}

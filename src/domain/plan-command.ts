// The grammar of /plan. Pure.
import { type ActionStatus, parseStatus, REF_PATTERN } from "./plan.js";
import type { RagStatus } from "./rag.js";
import { err, ok, type Result } from "./result.js";
import { checkNote, parseChannelMention, parseMention } from "./text.js";

export type PlanCommand =
  | { kind: "mine" }
  | { kind: "help" }
  | { kind: "list"; theme: string | null }
  | { kind: "show"; ref: string }
  | { kind: "status"; ref: string; status: Exclude<ActionStatus, "not_started">; note: string | null }
  | { kind: "due"; ref: string; date: string; reason: string }
  | { kind: "reassign"; ref: string; role: "owner" | "sponsor"; userId: string }
  | { kind: "channel"; channelId: string | null }
  | { kind: "rag"; ref: string; status: RagStatus | null; reason: string | null }
  | { kind: "redact"; ref: string; n: number; reason: string };

const USAGE = "/plan 2.3 on-track, /plan 2.3 due 2026-12-31 waiting for the new case system, or /plan list";

export function parsePlanCommand(text: string): Result<PlanCommand> {
  const tokens = text === "" ? [] : text.split(" ");
  const [first, ...rest] = tokens;
  if (first === undefined) return ok({ kind: "mine" });
  const word = first.toLowerCase();
  if (word === "help") return rest.length ? err("`/plan help` takes nothing after it.", "/plan help") : ok({ kind: "help" });
  if (word === "list") {
    const theme = rest.join(" ").trim();
    return ok({ kind: "list", theme: theme === "" ? null : theme.slice(0, 100) });
  }
  if (word === "channel") {
    if (rest.length !== 1) return err("Name one channel for escalations.", "/plan channel #improvement-board (or /plan channel none)");
    if (rest[0]!.toLowerCase() === "none") return ok({ kind: "channel", channelId: null });
    const id = parseChannelMention(rest[0]!);
    return id ? ok({ kind: "channel", channelId: id }) : err(`"${rest[0]}" is not a channel. Pick it with #.`, "/plan channel #improvement-board");
  }
  if (!REF_PATTERN.test(first)) return err(`"${first}" is not an action reference.`, `${USAGE}`);
  const ref = first;
  if (rest.length === 0) return ok({ kind: "show", ref });
  const sub = rest[0]!.toLowerCase();
  const after = rest.slice(1);
  if (sub === "owner" || sub === "sponsor") {
    if (after.length !== 1) return err(`Mention one person as the ${sub}.`, `/plan ${ref} ${sub} @user`);
    const id = parseMention(after[0]!);
    return id
      ? ok({ kind: "reassign", ref, role: sub, userId: id })
      : err(`"${after[0]}" is not a Slack user. Mention them with @.`, `/plan ${ref} ${sub} @user`);
  }
  if (sub === "rag") {
    const usage = `/plan ${ref} rag red waiting on partner funding (or /plan ${ref} rag auto)`;
    const want = after[0]?.toLowerCase();
    if (want === "auto" && after.length === 1) return ok({ kind: "rag", ref, status: null, reason: null });
    if (want !== "red" && want !== "amber" && want !== "green") return err("Say red, amber or green and why, or auto to go back to the derived status.", usage);
    const reason = checkNote(after.slice(1).join(" "));
    if (!reason.ok) return reason;
    if (reason.value === null) return err("Give the reason: boards distrust a RAG with no explanation.", usage);
    return ok({ kind: "rag", ref, status: want, reason: reason.value });
  }
  if (sub === "redact") {
    const usage = `/plan ${ref} redact 3 the update named a child`;
    if (after.length === 0 || !/^\d{1,6}$/.test(after[0]!) || Number(after[0]) < 1) {
      return err(`Say which update's text to remove by its number in /plan ${ref}, and why.`, usage);
    }
    const reason = checkNote(after.slice(1).join(" "));
    if (!reason.ok) return reason;
    if (reason.value === null) return err("Give the reason for removing the text: the audit trail keeps it.", usage);
    return ok({ kind: "redact", ref, n: Number(after[0]), reason: reason.value });
  }
  if (sub === "due") {
    if (after.length === 0) return err("Give the new due date and the reason.", `/plan ${ref} due 2026-12-31 waiting for the new case system`);
    const reason = checkNote(after.slice(1).join(" "));
    if (!reason.ok) return reason;
    if (reason.value === null)
      return err("Give the reason for the new date: boards ask why dates move.", `/plan ${ref} due ${after[0]} waiting for the new case system`);
    return ok({ kind: "due", ref, date: after[0]!, reason: reason.value });
  }
  const status = parseStatus(sub);
  if (status && status !== "not_started") {
    const note = checkNote(after.join(" "));
    if (!note.ok) return note;
    return ok({ kind: "status", ref, status, note: note.value });
  }
  return err(`I don't know "${rest[0]}" for an action. Say on-track, at-risk, blocked, done, due, owner, sponsor rag or redact.`, USAGE);
}

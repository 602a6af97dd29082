// The grammar of /plan. Pure.
import { parseMilestone } from "./milestone.js";
import { type ActionStatus, parseStatus, REF_PATTERN } from "./plan.js";
import type { RagStatus } from "./rag.js";
import { err, ok, type Result } from "./result.js";
import { MAX_RISK_TEXT, parseRating, parseRiskId } from "./risk.js";
import { checkNote, parseChannelMention, parseMention } from "./text.js";

/** A person: a Slack user (a mention), or someone outside Slack by name. */
export type PersonRef = { userId: string } | { name: string };

export type RiskCommand =
  | { kind: "risk-add"; theme: string; likelihood: number; impact: number; text: string }
  | { kind: "risk-show"; id: number }
  | { kind: "risk-owner"; id: number; person: PersonRef }
  | { kind: "risk-review"; id: number; date: string }
  | { kind: "risk-mitigation"; id: number; text: string }
  | { kind: "risk-rate"; id: number; likelihood: number; impact: number; note: string | null }
  | { kind: "risk-close"; id: number; reason: string };

export type PlanCommand =
  | { kind: "mine" }
  | { kind: "help" }
  | { kind: "list"; theme: string | null }
  | { kind: "recs" }
  | { kind: "risks" }
  | RiskCommand
  | { kind: "show"; ref: string }
  | { kind: "status"; ref: string; status: Exclude<ActionStatus, "not_started">; note: string | null }
  | { kind: "due"; ref: string; date: string; reason: string }
  | { kind: "reassign"; ref: string; role: "owner" | "sponsor"; userId: string | null; name?: string }
  | { kind: "channel"; channelId: string | null }
  | { kind: "rag"; ref: string; status: RagStatus | null; reason: string | null }
  | { kind: "milestone-add"; ref: string; due: string; text: string }
  | { kind: "milestone-done"; ref: string; n: number }
  | { kind: "redact"; ref: string; n: number; reason: string };

const USAGE = "/plan 2.3 on-track, /plan 2.3 due 2026-12-31 waiting for the new case system, or /plan list";
const MAX_NAME = 100;

/** A mention, or the full name (two words or more) of someone outside Slack. */
export function parsePerson(tokens: string[]): PersonRef | null {
  if (tokens.length === 1) {
    const id = parseMention(tokens[0]!);
    return id ? { userId: id } : null;
  }
  const name = tokens.join(" ").trim();
  if (tokens.length < 2 || name.startsWith("@") || name.includes("<") || name.length > MAX_NAME) return null;
  return { name };
}

function parseRisk(rest: string[]): Result<RiskCommand> {
  const [first, sub, ...after] = rest;
  if (first?.toLowerCase() === "add") {
    const usage = "/plan risk add 2 4 5 the new case system is not ready in time";
    const [theme, l, i, ...text] = [sub, ...after];
    if (!theme) return err("Say which theme the risk belongs to, its likelihood and impact (1 to 5), and the risk.", usage);
    const likelihood = parseRating(l, "likelihood");
    if (!likelihood.ok) return err(likelihood.error.text, usage);
    const impact = parseRating(i, "impact");
    if (!impact.ok) return err(impact.error.text, usage);
    const t = checkNote(text.join(" "));
    if (!t.ok) return t;
    if (t.value === null) return err("Say what the risk is.", usage);
    if (t.value.length > MAX_RISK_TEXT) return err(`Keep the risk to ${MAX_RISK_TEXT} characters.`, usage);
    return ok({ kind: "risk-add", theme, likelihood: likelihood.value, impact: impact.value, text: t.value });
  }
  const id = first ? parseRiskId(first) : null;
  if (id === null) return err(`"${first ?? ""}" is not a risk. Risks are numbered R1, R2…`, "/plan risks lists them; /plan risk add 2 4 5 <risk…>");
  const r = `R${id}`;
  if (sub === undefined) return ok({ kind: "risk-show", id });
  switch (sub.toLowerCase()) {
    case "owner": {
      const person = parsePerson(after);
      return person
        ? ok({ kind: "risk-owner", id, person })
        : err("Mention the owner with @, or give the full name of someone outside Slack.", `/plan risk ${r} owner @user`);
    }
    case "review":
      if (after.length !== 1) return err("Give the date of the next review.", `/plan risk ${r} review 2027-01-31`);
      return ok({ kind: "risk-review", id, date: after[0]! });
    case "mitigation": {
      const t = checkNote(after.join(" "));
      if (!t.ok) return t;
      if (t.value === null) return err("Say how the risk is being mitigated.", `/plan risk ${r} mitigation interim managers in post`);
      return ok({ kind: "risk-mitigation", id, text: t.value });
    }
    case "rate": {
      const usage = `/plan risk ${r} rate 3 4 [why…]`;
      const likelihood = parseRating(after[0], "likelihood");
      if (!likelihood.ok) return err(likelihood.error.text, usage);
      const impact = parseRating(after[1], "impact");
      if (!impact.ok) return err(impact.error.text, usage);
      const note = checkNote(after.slice(2).join(" "));
      if (!note.ok) return note;
      return ok({ kind: "risk-rate", id, likelihood: likelihood.value, impact: impact.value, note: note.value });
    }
    case "close": {
      const reason = checkNote(after.join(" "));
      if (!reason.ok) return reason;
      if (reason.value === null) return err("Say why the risk is closed.", `/plan risk ${r} close the new system went live`);
      return ok({ kind: "risk-close", id, reason: reason.value });
    }
    default:
      return err(`I don't know "${sub}" for a risk. Say owner, review, mitigation, rate or close.`, `/plan risk ${r} review 2027-01-31`);
  }
}

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
  if (word === "recs" || word === "recommendations") return rest.length ? err(`\`/plan ${word}\` takes nothing after it.`, "/plan recs") : ok({ kind: "recs" });
  if (word === "risks") return rest.length ? err("`/plan risks` takes nothing after it.", "/plan risks") : ok({ kind: "risks" });
  if (word === "risk") return parseRisk(rest);
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
    const person = parsePerson(after);
    if (!person) {
      return after.length === 1
        ? err(`"${after[0]}" is not a Slack user. Mention them with @, or give the full name of someone outside Slack.`, `/plan ${ref} ${sub} @user`)
        : err(`Mention one person as the ${sub}, or give the full name of someone outside Slack.`, `/plan ${ref} ${sub} @user`);
    }
    return ok(
      "userId" in person ? { kind: "reassign", ref, role: sub, userId: person.userId } : { kind: "reassign", ref, role: sub, userId: null, name: person.name },
    );
  }
  if (sub === "milestone" || sub === "milestones") {
    const action = after[0]?.toLowerCase();
    if (action === "add") {
      const m = parseMilestone(after.slice(1).join(" "));
      if (!m.ok) return err(m.error.text, `/plan ${ref} milestone add 2026-12-31 draft framework agreed`);
      const t = checkNote(m.value.text);
      if (!t.ok) return t;
      return ok({ kind: "milestone-add", ref, due: m.value.due, text: t.value ?? m.value.text });
    }
    if (action === "done") {
      const n = after[1]?.match(/^#?(\d{1,3})$/);
      if (!n || after.length !== 2) return err(`Give the milestone's number, as \`/plan ${ref}\` shows it.`, `/plan ${ref} milestone done 2`);
      return ok({ kind: "milestone-done", ref, n: Number(n[1]) });
    }
    return err("Say add or done.", `/plan ${ref} milestone add 2026-12-31 draft framework agreed (or milestone done 2)`);
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
  return err(`I don't know "${rest[0]}" for an action. Say on-track, at-risk, blocked, done, due, milestone, owner, sponsor, rag or redact.`, USAGE);
}

// An audit entry in words, as a board member reads it: "276 → 277, note added: …",
// "target set to 90%", "figure for June 2017 withdrawn". Pure: it returns Words
// (people and channels as spans, quoted text as plain text), which slack/blocks
// renders as mentions and escapes; the caller gives each indicator's unit.
import { DateTime } from "luxon";
import { type DigestScheduleSpec, describeSchedule } from "./digest-schedule.js";
import { type IdentifyingKind, kindWords } from "./identifying-text.js";
import type { Unit } from "./indicator.js";
import { describePeriod, parsePeriod } from "./period.js";
import { type ActionStatus, STATUS_WORDS } from "./plan.js";
import { RAG_WORD, type RagStatus } from "./rag.js";
import { type Removal, removalFromJson, removedKey } from "./redaction.js";
import { riskLabel } from "./risk.js";
import { formatDifference, formatValue } from "./value.js";
import { channel as channelSpan, joinWords, type Span, toWords, user, type Words, words } from "./words.js";

export interface AuditFacts {
  action: string;
  subject: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface AuditWordsFormat {
  unitOf(key: string): Unit | null;
  /** The time zone for the dates of removals; Europe/London when not given. */
  zone?: string;
}

export interface AuditWords {
  /** What the entry is about: an indicator key, "action 2.3", "digest #4", "admins". */
  about: string;
  words: Words;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;
const SLACK_CHANNEL = /^[CG][A-Z0-9]{2,20}$/;
/** A Slack user as a mention; a CLI actor ("cli:jo") as plain text. */
export const person = (id: string): Span => (SLACK_USER.test(id) ? user(id) : id);
const channelOf = (id: string): Span => (SLACK_CHANNEL.test(id) ? channelSpan(id) : id);
const quote = (text: string): string => `“${text}”`;

const MAX_QUOTE = 120;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function clip(text: string): string {
  return text.length <= MAX_QUOTE ? text : `${text.slice(0, MAX_QUOTE - 1)}…`;
}

/** "cp-plans@2017-06" → the key and the period in words (the key as stored when it is not a period). */
function splitSubject(subject: string): { key: string; period: string | null } {
  const at = subject.indexOf("@");
  if (at < 0) return { key: subject, period: null };
  const p = parsePeriod(subject.slice(at + 1));
  return { key: subject.slice(0, at), period: p.ok ? describePeriod(p.value) : subject.slice(at + 1) };
}

function figure(v: unknown, unit: Unit | null): string | null {
  const o = obj(v);
  const value = num(o ? o.value : v);
  if (value === null) return null;
  if (!unit) return String(value);
  const base = o ? num(o.base) : null;
  const numerator = o ? num(o.numerator) : null;
  // Older entries kept the base but not the numerator: work it out for the words.
  const n = numerator ?? (base !== null ? Math.round((value / 100) * base) : null);
  return formatValue(value, unit, base, base !== null ? n : null);
}

/** A quoted text in an entry, or the mark an admin's redaction left in its place. */
type Quoted = { text: string } | { removed: Removal } | null;

function quoted(o: Obj | null, field: string): Quoted {
  if (!o) return null;
  const text = str(o[field]);
  if (text !== null) return { text };
  const removed = removalFromJson(o[removedKey(field)]);
  return removed ? { removed } : null;
}

function shown(q: Exclude<Quoted, null>, f: AuditWordsFormat): Words {
  if ("text" in q) return words`${quote(clip(q.text))}`;
  const on = DateTime.fromJSDate(q.removed.at, { zone: f.zone ?? "Europe/London" }).toFormat("d LLL yyyy");
  return words`[removed by ${person(q.removed.by)} on ${on}: ${quote(clip(q.removed.reason))}]`;
}

/** ", note: “…”" (or the mark of its removal), or nothing. */
function withText(label: string, q: Quoted, f: AuditWordsFormat, separator = ", "): Words {
  return q ? words`${separator}${label}${shown(q, f)}` : [];
}

function noteChange(oldNote: Quoted, newNote: Quoted, f: AuditWordsFormat): Words | null {
  if (JSON.stringify(oldNote) === JSON.stringify(newNote)) return oldNote && "removed" in oldNote ? words`note ${shown(oldNote, f)}` : null;
  if (oldNote === null) return words`note added: ${shown(newNote!, f)}`;
  if (newNote === null) return words`note removed (was ${shown(oldNote, f)})`;
  return words`note changed from ${shown(oldNote, f)} to ${shown(newNote, f)}`;
}

function kindList(v: unknown): string {
  const kinds = ids(v) as IdentifyingKind[];
  return kinds.length ? kinds.map((k) => kindWords(k)).join(", ") : "something identifying";
}

function people(list: string[]): Words {
  return list.length ? joinWords(list.map(person), ", ") : words`nobody`;
}

const COMPARATOR_WORDS: Record<string, string> = { england: "England", region: "region", neighbours: "statistical neighbours" };

function schedule(v: unknown): Words {
  const o = obj(v);
  if (!o) return [];
  const spec = o as unknown as DigestScheduleSpec;
  const when = spec.cadence === "weekly" || spec.cadence === "monthly" ? describeSchedule(spec) : "";
  const keys = ids(o.keys);
  const channel = str(o.channelId);
  const parts: Words[] = [
    words`${when}`,
    channel ? words`in ${channelOf(channel)}` : [],
    words`${keys.length ? `for ${keys.join(", ")}` : "for all indicators"}`,
  ];
  return joinWords(
    parts.filter((p) => p.length > 0),
    " ",
  );
}

function status(v: unknown): string | null {
  const s = str(v);
  return s && s in STATUS_WORDS ? STATUS_WORDS[s as ActionStatus] : s;
}

/** A field-by-field account of what changed between two plain objects (imports of indicators and actions). */
function fieldChanges(oldValue: unknown, newValue: unknown): string {
  const o = obj(oldValue) ?? {};
  const n = obj(newValue) ?? {};
  const show = (v: unknown) => (v === null || v === undefined || v === "" ? "none" : typeof v === "string" ? quote(clip(v)) : String(v));
  const changes = Object.keys(n)
    .filter((k) => k !== "key" && JSON.stringify(o[k] ?? null) !== JSON.stringify(n[k] ?? null))
    .map((k) => `${k.replace(/_/g, " ")} ${k in o ? `${show(o[k])} → ` : ""}${show(n[k])}`);
  return changes.length ? changes.join("; ") : "no change";
}

export function auditInWords(e: AuditFacts, f: AuditWordsFormat): AuditWords {
  const { about, said } = auditParts(e, f);
  return { about, words: toWords(said) };
}

function auditParts(e: AuditFacts, f: AuditWordsFormat): { about: string; said: string | Words } {
  const { key, period } = splitSubject(e.subject);
  const unit = f.unitOf(key);
  const oldO = obj(e.oldValue);
  const newO = obj(e.newValue);
  const ref = e.subject.replace(/^action:/, "");
  switch (e.action) {
    case "record":
      return { about: key, said: words`${figure(e.newValue, unit) ?? "a figure"} recorded for ${period ?? "?"}${withText("note: ", quoted(newO, "note"), f)}` };
    case "correct": {
      const before = figure(e.oldValue, unit);
      const after = figure(e.newValue, unit);
      const value = before === after ? `${after} for ${period}, figure unchanged` : `${before} → ${after} for ${period}`;
      const note = noteChange(quoted(oldO, "note"), quoted(newO, "note"), f);
      return { about: key, said: note ? words`${value}, ${note}` : value };
    }
    case "delete":
      return {
        about: key,
        said: words`figure for ${period ?? "?"} withdrawn (was ${figure(e.oldValue, unit) ?? "unknown"}${withText("note: ", quoted(oldO, "note"), f)})`,
      };
    case "redact":
      return {
        about: key,
        said: `note for ${period} removed from the figure and ${num(newO?.entries) ?? 0} audit entries: ${quote(clip(str(newO?.reason) ?? ""))}`,
      };
    case "action-redact":
      return {
        about: `action ${ref}`,
        said: `text of update ${num(newO?.n) ?? "?"} removed, and from ${num(newO?.entries) ?? 0} audit entries: ${quote(clip(str(newO?.reason) ?? ""))}`,
      };
    case "screen-override":
      return {
        about: key.startsWith("action:") ? `action ${ref}` : key.startsWith("risk:") ? `risk ${riskLabel(Number(key.slice("risk:".length)))}` : key,
        said: `${str(newO?.field) ?? "text"}${period ? ` for ${period}` : ""} stored anyway, though it looked like ${kindList(newO?.kinds)}`,
      };
    case "target":
    case "tolerance": {
      const show = (v: unknown) => {
        const n = num(v);
        if (n === null || !unit) return n === null ? null : String(n);
        return e.action === "tolerance" ? formatDifference(n, unit) : formatValue(n, unit);
      };
      const before = show(e.oldValue);
      const after = show(e.newValue);
      if (after === null) return { about: key, said: `${e.action} cleared${before ? ` (was ${before})` : ""}` };
      return { about: key, said: before === null ? `${e.action} set to ${after}` : `${e.action} changed from ${before} to ${after}` };
    }
    case "owner":
      return { about: key, said: words`recorders set to ${people(ids(e.newValue))} (were ${people(ids(e.oldValue))})` };
    case "admins-add":
    case "admins-remove": {
      const before = ids(e.oldValue);
      const after = ids(e.newValue);
      const changed = e.action === "admins-add" ? after.filter((id) => !before.includes(id)) : before.filter((id) => !after.includes(id));
      return { about: "admins", said: words`${people(changed)} ${e.action === "admins-add" ? "made admin" : "no longer admin"}` };
    }
    case "rebase": {
      const reason = str(e.newValue);
      const old = str(e.oldValue);
      return {
        about: key,
        said: `SPC limits restart from ${period}${reason ? `: ${quote(clip(reason))}` : ""}${old ? ` (replacing ${quote(clip(old))})` : ""}`,
      };
    }
    case "benchmark": {
      const [comparator, value] = Object.entries(newO ?? {})[0] ?? [];
      const old = oldO && comparator ? num(oldO[comparator]) : null;
      const show = (v: number | null) => (v === null ? "none" : unit ? formatValue(v, unit === "count" ? "number" : unit) : String(v));
      const who = COMPARATOR_WORDS[comparator ?? ""] ?? comparator ?? "comparator";
      return { about: key, said: `${who} figure for ${period} set to ${show(num(value))}${old !== null ? ` (was ${show(old)})` : ""}` };
    }
    case "indicator-add":
      return {
        about: key,
        said: `indicator added: ${quote(clip(str(newO?.name) ?? key))}${
          newO
            ? ` (${[newO.unit, newO.polarity, newO.frequency]
                .filter((x) => typeof x === "string")
                .join(", ")
                .replace(/_/g, " ")})`
            : ""
        }`,
      };
    case "indicator-update": {
      // The old value is the stored indicator (camelCase), the new one the imported row (snake_case).
      const old = oldO ? { ...oldO, england_value: oldO.englandValue, england_period: oldO.englandPeriod } : null;
      return { about: key, said: `indicator updated: ${fieldChanges(old, e.newValue)}` };
    }
    case "digest-add":
      return { about: e.subject.replace("digest:", "digest #"), said: words`added: ${schedule(e.newValue)}` };
    case "digest-remove":
      return { about: e.subject.replace("digest:", "digest #"), said: words`removed (was ${schedule(e.oldValue)})` };
    case "action-status":
      return {
        about: `action ${ref}`,
        said: words`${status(oldO?.status) ?? "no status"} → ${status(newO?.status) ?? "no status"}${withText("note: ", quoted(newO, "note"), f)}`,
      };
    case "action-due":
      return {
        about: `action ${ref}`,
        said: words`re-dated from ${str(oldO?.due) ?? "none"} to ${str(newO?.due) ?? "none"}${withText("", quoted(newO, "reason"), f, ": ")}`,
      };
    case "action-owner":
    case "action-sponsor": {
      const role = e.action.slice("action-".length);
      const before = str(e.oldValue);
      const after = str(e.newValue);
      return { about: `action ${ref}`, said: words`${role} ${before ? person(before) : "nobody"} → ${after ? person(after) : "nobody"}` };
    }
    case "action-rag": {
      const s = str(newO?.status);
      const reason = str(newO?.reason);
      if (!s) return { about: `action ${ref}`, said: "RAG back to the derived one" };
      return {
        about: `action ${ref}`,
        said: words`RAG overridden to ${RAG_WORD[s as RagStatus] ?? s}${withText("", reason ? { text: reason } : quoted(newO, "reason"), f, ": ")}`,
      };
    }
    case "action-add":
      return {
        about: `action ${ref}`,
        said: words`added: ${quote(clip(str(newO?.title) ?? ""))}${str(newO?.ownerId) ? words`, owner ${person(str(newO?.ownerId)!)}` : ""}${str(newO?.due) ? `, due ${str(newO?.due)}` : ""}`,
      };
    case "action-update":
      return { about: `action ${ref}`, said: `updated: ${fieldChanges(e.oldValue, e.newValue)}` };
    case "plan-channel": {
      const before = str(e.oldValue);
      const after = str(e.newValue);
      return {
        about: "plan",
        said: words`escalations go to ${after ? channelOf(after) : "sponsors only"} (was ${before ? channelOf(before) : "sponsors only"})`,
      };
    }
    default:
      // An action this version does not know: still no JSON, and still what changed.
      return { about: e.subject, said: `${e.action}: ${fieldChanges(oldO ?? { value: e.oldValue }, newO ?? { value: e.newValue })}` };
  }
}

// The grammar of /kpi, as a pure parser from cleaned text to a command.
// It knows nothing of the catalogue: whether a key exists is checked later.

import { type PackFormat, parsePackFormat } from "./board-pack.js";
import { type DigestScheduleSpec, parseDigestSchedule } from "./digest-schedule.js";
import { KEY_PATTERN } from "./indicator.js";
import { isMonthWord, PERIOD_EXAMPLES, type Period, parsePeriod, periodLookalike } from "./period.js";
import { err, ok, type Result } from "./result.js";
import { checkNote, parseMention } from "./text.js";
import { looksLikeValue } from "./value.js";
import { code, words } from "./words.js";

export type KpiCommand =
  | { kind: "help" }
  | { kind: "list" }
  | { kind: "export" }
  | { kind: "admins" }
  | { kind: "admins-change"; change: "add" | "remove"; userIds: string[] }
  | { kind: "audit"; key: string | null }
  | { kind: "digest-add"; schedule: DigestScheduleSpec; keys: string[] }
  | { kind: "digest-list" }
  | { kind: "digest-remove"; id: number }
  | { kind: "pack"; period: Period | null; format: PackFormat }
  | { kind: "query"; key: string }
  | { kind: "about"; key: string }
  | { kind: "band"; key: string; text: string }
  | { kind: "history"; key: string }
  | { kind: "chart"; key: string }
  | { kind: "spc"; key: string }
  | { kind: "delete"; key: string; period: Period }
  | { kind: "rebase"; key: string; period: Period; reason: string }
  | { kind: "redact"; key: string; period: Period; reason: string }
  | { kind: "target" | "tolerance"; key: string; valueText: string | null }
  | { kind: "owner"; key: string; userIds: string[] }
  | { kind: "record"; key: string; valueText: string; period: Period | null; note: string | null; noteCaution: NoteCaution | null };

/**
 * A note that starts like a figure or a period may be a slip ("27 6 2017-06", "276 May"):
 * the caller should ask before storing it. `text` is what it starts with.
 */
export interface NoteCaution {
  startsLike: "number" | "period";
  text: string;
}

export const TOP_LEVEL_WORDS = ["help", "list", "export", "admins", "audit", "digest", "pack"] as const;
export const KEY_SUBCOMMANDS = ["history", "chart", "spc", "about", "delete", "rebase", "target", "tolerance", "band", "owner", "redact"] as const;

const RECORD_EXAMPLE = "/kpi cp-plans 276 2017-06 Signs of Safety rollout";

function noMore(rest: string[], usage: string): Result<true> {
  return rest.length === 0 ? ok(true) : err(words`${code(usage)} takes nothing after it, but I got "${rest.join(" ")}".`, usage);
}

/** A period at the start of the tokens: two-word forms first (Jun 2017, 2017/18 Q1). */
export function takePeriod(tokens: string[]): { period: Result<Period> | null; used: number } {
  if (tokens.length >= 2) {
    const two = parsePeriod(`${tokens[0]} ${tokens[1]}`);
    if (two.ok) return { period: two, used: 2 };
  }
  if (tokens.length >= 1) {
    const one = parsePeriod(tokens[0]!);
    if (one.ok) return { period: one, used: 1 };
    // Looks like a period attempt (2017-13, 2017/19 Q1, Q5 2017/18): report it rather than file it as a note.
    const t = tokens[0]!;
    if (/^\d{4}[-/]\S*$|^q\d/i.test(t) || (/^\d{4}\/\d{2,4}$/.test(t) && tokens.length >= 2)) {
      const attempt = tokens.length >= 2 && /^q\d$/i.test(tokens[1]!) ? `${t} ${tokens[1]}` : t;
      return { period: parsePeriod(attempt), used: attempt === t ? 1 : 2 };
    }
  }
  return { period: null, used: 0 };
}

function mentions(tokens: string[], usage: string): Result<string[]> {
  const ids: string[] = [];
  for (const t of tokens) {
    const id = parseMention(t);
    if (!id) return err(`"${t}" is not a Slack user. Mention people with @.`, usage);
    if (!ids.includes(id)) ids.push(id);
  }
  return ok(ids);
}

export function parseKpiCommand(text: string): Result<KpiCommand> {
  const tokens = text === "" ? [] : text.split(" ");
  const [first, ...rest] = tokens;
  if (first === undefined) return ok({ kind: "help" });
  const word = first.toLowerCase();

  switch (word) {
    case "help": {
      const n = noMore(rest, "/kpi help");
      return n.ok ? ok({ kind: "help" }) : n;
    }
    case "list": {
      const n = noMore(rest, "/kpi list");
      return n.ok ? ok({ kind: "list" }) : n;
    }
    case "export": {
      const n = noMore(rest, "/kpi export");
      return n.ok ? ok({ kind: "export" }) : n;
    }
    case "admins": {
      if (rest.length === 0) return ok({ kind: "admins" });
      const sub = rest[0]!.toLowerCase();
      const usage = `/kpi admins ${sub === "remove" ? "remove" : "add"} @user`;
      if (sub !== "add" && sub !== "remove")
        return err(words`${code("/kpi admins")} can ${code("add")} or ${code("remove")}, not "${rest[0]!}".`, "/kpi admins add @user");
      if (rest.length === 1) return err("Say whom: mention one or more people.", usage);
      const ids = mentions(rest.slice(1), usage);
      return ids.ok ? ok({ kind: "admins-change", change: sub, userIds: ids.value }) : ids;
    }
    case "audit": {
      if (rest.length === 0) return ok({ kind: "audit", key: null });
      if (rest.length > 1) return err(words`${code("/kpi audit")} takes at most one key, but I got "${rest.join(" ")}".`, "/kpi audit cp-plans");
      const key = rest[0]!.toLowerCase();
      if (!KEY_PATTERN.test(key)) return err(`"${rest[0]}" is not an indicator key.`, "/kpi audit cp-plans");
      return ok({ kind: "audit", key });
    }
    case "digest":
      return parseDigestCommand(rest);
    case "pack":
      return parsePackCommand(rest);
    default:
      break;
  }

  const key = word;
  if (!KEY_PATTERN.test(key)) {
    return err(`"${first}" is not an indicator key or a command.`, "/kpi list shows every key; /kpi help shows the commands");
  }
  if (rest.length === 0) return ok({ kind: "query", key });

  const sub = rest[0]!.toLowerCase();
  const after = rest.slice(1);
  switch (sub) {
    case "history":
    case "chart":
    case "spc":
    case "about": {
      const n = noMore(after, `/kpi ${key} ${sub}`);
      return n.ok ? ok({ kind: sub, key }) : n;
    }
    case "delete": {
      const usage = `/kpi ${key} delete 2017-06`;
      if (after.length === 0) return err("Say which period's figure to delete.", usage);
      const { period, used } = takePeriod(after);
      if (!period) return err(`"${after.join(" ")}" is not a period I can read.`, `${usage} (periods: ${PERIOD_EXAMPLES})`);
      if (!period.ok) return period;
      const n = noMore(after.slice(used), usage);
      return n.ok ? ok({ kind: "delete", key, period: period.value }) : n;
    }
    case "rebase": {
      const usage = `/kpi ${key} rebase 2018-04 new assessment model introduced`;
      if (after.length === 0) return err("Say from which period the process changed, and why.", usage);
      const { period, used } = takePeriod(after);
      if (!period) return err(`"${after[0]}" is not a period I can read.`, usage);
      if (!period.ok) return period;
      const reason = checkNote(after.slice(used).join(" "));
      if (!reason.ok) return reason;
      if (reason.value === null) return err("Give the reason for the change in the process.", usage);
      return ok({ kind: "rebase", key, period: period.value, reason: reason.value });
    }
    case "redact": {
      const usage = `/kpi ${key} redact 2017-06 the note named a child`;
      if (after.length === 0) return err("Say which period's note to remove, and why.", usage);
      const { period, used } = takePeriod(after);
      if (!period) return err(`"${after[0]}" is not a period I can read.`, `${usage} (periods: ${PERIOD_EXAMPLES})`);
      if (!period.ok) return period;
      const reason = checkNote(after.slice(used).join(" "));
      if (!reason.ok) return reason;
      if (reason.value === null) return err("Give the reason for removing the note: the audit trail keeps it.", usage);
      return ok({ kind: "redact", key, period: period.value, reason: reason.value });
    }
    case "target":
    case "tolerance": {
      const usage = `/kpi ${key} ${sub} ${sub === "target" ? "95%" : "3"}`;
      if (after.length !== 1)
        return err(`Give one ${sub} value${after.length ? `, not "${after.join(" ")}"` : ""}.`, words`${usage} (or ${code(`${sub} none`)} to clear it)`);
      const v = after[0]!.toLowerCase();
      return ok({ kind: sub, key, valueText: v === "none" || v === "clear" ? null : after[0]! });
    }
    case "band": {
      // The bounds are read against the indicator's unit by the use case; here only that some were given.
      const usage = `/kpi ${key} band 10%-23%`;
      if (after.length === 0) return err("Give the low and high bounds of concern.", words`${usage} (or ${code("band none")} to clear it)`);
      return ok({ kind: "band", key, text: after.join(" ") });
    }
    case "owner":
    case "owners": {
      const ids = mentions(after, `/kpi ${key} owner @user`);
      return ids.ok ? ok({ kind: "owner", key, userIds: ids.value }) : ids;
    }
    default:
      break;
  }

  const valueText = rest[0]!;
  if (!looksLikeValue(valueText)) {
    return err(`After the key I expected a figure or one of ${KEY_SUBCOMMANDS.join(", ")}, not "${valueText}".`, `${RECORD_EXAMPLE}, or /kpi ${key} history`);
  }
  const { period, used } = takePeriod(after);
  if (period && !period.ok) return period;
  const noteTokens = after.slice(used);
  // Where a period belongs (straight after the figure), and at the start of the note after one,
  // a period we cannot read is refused: filed as a note, it would put the figure on the wrong period.
  const lookalike = periodLookalike(noteTokens, used === 0);
  if (lookalike !== null) {
    return err(
      `"${lookalike}" looks like a period, but not one I can read.`,
      `write the period as ${PERIOD_EXAMPLES}, straight after the figure: ${RECORD_EXAMPLE}`,
    );
  }
  const note = checkNote(noteTokens.join(" "));
  if (!note.ok) return note;
  return ok({ kind: "record", key, valueText, period: period ? period.value : null, note: note.value, noteCaution: noteCaution(noteTokens) });
}

/** Does the note start like a figure or a period (a month without its year counts)? */
export function noteCaution(tokens: readonly string[]): NoteCaution | null {
  const first = tokens[0];
  if (first === undefined) return null;
  if (/^[-+£$]?\d/.test(first) || looksLikeValue(first)) return { startsLike: "number", text: first };
  const { period, used } = takePeriod([...tokens]);
  if (period) return { startsLike: "period", text: tokens.slice(0, Math.max(used, 1)).join(" ") };
  if (isMonthWord(first.replace(/[,.;:]$/, ""))) return { startsLike: "period", text: first };
  return null;
}

/** /kpi pack [period] [pdf|docx] */
function parsePackCommand(rest: string[]): Result<KpiCommand> {
  const usage = "/kpi pack 2017/18 Q1";
  let tokens = rest;
  let format: PackFormat = "pdf";
  const last = tokens.at(-1);
  if (last !== undefined && /^(pdf|docx|word)$/i.test(last)) {
    const f = parsePackFormat(last);
    if (f.ok) format = f.value;
    tokens = tokens.slice(0, -1);
  }
  if (tokens.length === 0) return ok({ kind: "pack", period: null, format });
  const { period, used } = takePeriod(tokens);
  if (!period) return err(`"${tokens.join(" ")}" is not a period or a format I can read.`, `${usage} (periods: ${PERIOD_EXAMPLES}; formats: pdf, docx)`);
  if (!period.ok) return period;
  if (used < tokens.length) {
    return err(`"${tokens.slice(used).join(" ")}" is not a format I can write: pdf or docx.`, `${usage} docx`);
  }
  return ok({ kind: "pack", period: period.value, format });
}

function parseDigestCommand(rest: string[]): Result<KpiCommand> {
  const sub = rest[0]?.toLowerCase();
  const usage = "/kpi digest add weekly mon 09:00 [key…]";
  switch (sub) {
    case "list": {
      const n = noMore(rest.slice(1), "/kpi digest list");
      return n.ok ? ok({ kind: "digest-list" }) : n;
    }
    case "remove": {
      if (rest.length !== 2 || !/^\d{1,9}$/.test(rest[1]!))
        return err("Say which digest to remove by its number (see `/kpi digest list`).", "/kpi digest remove 3");
      return ok({ kind: "digest-remove", id: Number(rest[1]) });
    }
    case "add": {
      const parsed = parseDigestSchedule(rest.slice(1, 4));
      if (!parsed.ok) return parsed;
      const keys: string[] = [];
      for (const k of rest.slice(4)) {
        const key = k.toLowerCase();
        if (!KEY_PATTERN.test(key)) return err(`"${k}" is not an indicator key.`, `${usage}, such as /kpi digest add weekly mon 09:00 cp-plans cla`);
        if (!keys.includes(key)) keys.push(key);
      }
      return ok({ kind: "digest-add", schedule: parsed.value, keys });
    }
    default:
      return err(
        words`${code("/kpi digest")} can ${code("add")}, ${code("list")} or ${code("remove")}${sub ? `, not "${rest[0]}"` : ""}.`,
        `${usage} or /kpi digest add monthly 1 09:00`,
      );
  }
}

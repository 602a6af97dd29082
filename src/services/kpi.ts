// The /kpi use cases: each takes a parsed command and the caller, checks the
// caller's role, changes the database in one audited transaction, and returns
// what to show. Nothing here knows about Slack.

import { type AuditRow, auditOf, recentAudit, rewriteAudit, writeAudit } from "../db/audit.js";
import { getIndicator, listIndicators, setThreshold } from "../db/indicators.js";
import { atomically, lockIndicator, lockName } from "../db/locks.js";
import {
  deleteMeasurement,
  getMeasurement,
  lockedMeasurement,
  type Measurement,
  recentMeasurements,
  recordMeasurement,
  removeNote,
} from "../db/measurements.js";
import { addAdmin, canRecord, isAdmin, listAdmins, recordersOf, removeAdmin, setRecorders } from "../db/roles.js";
import type { Finding, IdentifyingKind } from "../domain/identifying-text.js";
import type { Indicator } from "../domain/indicator.js";
import { hasPolarity } from "../domain/indicator.js";
import type { KpiCommand, NoteCaution } from "../domain/kpi-command.js";
import { checkFrequency, describePeriod, frequencyExample, hasEnded, latestEndedPeriod, type Period, parsePeriod, periodKey } from "../domain/period.js";
import { indicatorRag, type Rag } from "../domain/rag.js";
import { redactAuditValue, textsIn } from "../domain/redaction.js";
import { err, type Notice, notice, ok, type Result } from "../domain/result.js";
import { type Slip, slipCheck } from "../domain/slip.js";
import { formatValue, type ParsedValue, parseValue } from "../domain/value.js";
import { code, joinWords, user, words } from "../domain/words.js";
import { setIndicatorBand } from "./bands.js";
import { type FigureSnapshot, type PendingChange, signChange } from "./confirm-token.js";
import type { Context } from "./context.js";
import { type IndicatorView, indicatorView } from "./indicator-view.js";
import { unknownKey } from "./indicators.js";
import { type LatestFigure, latestFigures, type ScorecardEntry, scorecard } from "./scorecard.js";
import { auditScreenOverride, type Held, kindsOf, redactionReasonRefusal, screenFindings } from "./screening.js";
import { processFigures } from "./spc.js";

export type KpiReply =
  | { kind: "notice"; notice: Notice }
  | { kind: "help" }
  | { kind: "query"; view: IndicatorView }
  | { kind: "about"; indicator: Indicator }
  | { kind: "list"; rows: LatestFigure[] }
  | { kind: "history"; indicator: Indicator; rows: HistoryRow[] }
  | { kind: "audit"; key: string | null; rows: AuditRow[]; units: Record<string, Indicator["unit"]> }
  | { kind: "recorded"; indicator: Indicator; measurement: Measurement; replaced: Measurement | null; rag: Rag | null; noteKept: boolean }
  | { kind: "confirm-record"; question: RecordQuestion }
  | Held;

/** Recording this figure needs a yes first: what it would replace, and why the bot asks. */
export interface RecordQuestion {
  indicator: Indicator;
  period: Period;
  /** The figure it would replace, if any. */
  old: Measurement | null;
  next: ParsedValue & { note: string | null; noteKept: boolean };
  slip: Slip | null;
  caution: NoteCaution | null;
  /** What in the note looked identifying (the button then stores it anyway). */
  findings: Finding[];
  /** The signed button value; null when the note is too long to carry in a button. */
  token: string | null;
}

/** A row of /kpi list and the Home tab: the board's scorecard entry (figures, age, RAG, exception, linked actions). */
export type ListRow = ScorecardEntry;

export interface HistoryRow {
  measurement: Measurement;
  rag: Rag | null;
}

const reply = (n: Notice): KpiReply => ({ kind: "notice", notice: n });

async function requireAdmin(ctx: Context, userId: string, what: string): Promise<Notice | null> {
  if (await isAdmin(ctx.db, ctx.config.adminUserIds, userId)) return null;
  return notice("denied", `Sorry, only admins can ${what}. Nothing was changed.`);
}

/** The period to record for: the one given, or the latest that has ended; it must fit and have ended. */
export function resolvePeriod(ctx: Context, indicator: Indicator, given: Period | null): Result<Period> {
  const now = ctx.now();
  const period = given ?? latestEndedPeriod(indicator.frequency, now, ctx.config.timezone);
  const fits = checkFrequency(period, indicator.frequency, indicator.key);
  if (!fits.ok) return fits;
  if (!hasEnded(period, now, ctx.config.timezone)) {
    return err(
      `${describePeriod(period)} has not ended yet, so it has no figure to record.`,
      `a period that has ended, such as ${describePeriod(latestEndedPeriod(indicator.frequency, now, ctx.config.timezone))}`,
    );
  }
  return ok(period);
}

export async function runKpiCommand(ctx: Context, userId: string, cmd: KpiCommand): Promise<KpiReply> {
  switch (cmd.kind) {
    case "help":
      return { kind: "help" };
    case "list":
      return { kind: "list", rows: await latestFigures(ctx) };
    case "admins":
    case "admins-change":
      return reply(await admins(ctx, userId, cmd));
    case "audit":
      return audit(ctx, userId, cmd.key);
    case "export":
    case "digest-add":
    case "digest-list":
    case "digest-remove":
    case "chart":
    case "spc":
    case "rebase":
    case "pack":
      // Routed by the listener to their own use cases (they post files or manage schedules).
      throw new Error(`${cmd.kind} is not a /kpi query use case`);
    default:
      break;
  }
  const indicator = await getIndicator(ctx.db, cmd.key);
  if (!indicator) return reply(await unknownKey(ctx, cmd.key));
  switch (cmd.kind) {
    case "query":
      return { kind: "query", view: await indicatorView(ctx, indicator) };
    case "about":
      return { kind: "about", indicator };
    case "band":
      return reply(await setIndicatorBand(ctx, userId, indicator, cmd.text));
    case "history":
      return history(ctx, indicator);
    case "record":
      return record(ctx, userId, indicator, cmd);
    case "delete":
      return reply(await remove(ctx, userId, indicator, cmd.period));
    case "target":
    case "tolerance":
      return reply(await threshold(ctx, userId, indicator, cmd.kind, cmd.valueText));
    case "owner":
      return reply(await owners(ctx, userId, indicator, cmd.userIds));
    case "redact":
      return reply(await redact(ctx, userId, indicator, cmd.period, cmd.reason));
  }
}

/** Every indicator with its latest figure, status and SPC reading, in the board's order (the Home tab). */
export async function indicatorList(ctx: Context): Promise<ListRow[]> {
  return scorecard(ctx);
}

async function history(ctx: Context, indicator: Indicator): Promise<KpiReply> {
  const rows = await recentMeasurements(ctx.db, indicator.key, 24);
  return { kind: "history", indicator, rows: rows.map((m) => ({ measurement: m, rag: indicatorRag(indicator, m.value) })) };
}

async function record(ctx: Context, userId: string, indicator: Indicator, cmd: Extract<KpiCommand, { kind: "record" }>): Promise<KpiReply> {
  if (!(await canRecord(ctx.db, ctx.config.adminUserIds, userId, indicator.key))) {
    return reply(
      notice(
        "denied",
        words`Sorry, only admins and the recorders of ${code(indicator.key)} can record it. An admin can add you with ${code(`/kpi ${indicator.key} owner @you`)}. Nothing was recorded.`,
      ),
    );
  }
  const value = parseValue(cmd.valueText, indicator.unit);
  if (!value.ok)
    return reply(
      notice(
        "error",
        words`${value.error.text} Nothing was recorded.`,
        value.error.example && `/kpi ${indicator.key} ${exampleValue(indicator)} ${frequencyExample(indicator.frequency).split(" or ")[0]}`,
      ),
    );
  const period = resolvePeriod(ctx, indicator, cmd.period);
  if (!period.ok) return reply({ ...period.error, text: words`${period.error.text} Nothing was recorded.` });

  // Nothing is replaced, and no slip or identifying note stored, without the user's yes.
  // A figure recorded by someone else between the look and the write is asked about too.
  for (let attempt = 0; attempt < 3; attempt++) {
    const old = await getMeasurement(ctx.db, indicator.key, period.value);
    const question = await recordQuestion(ctx, userId, indicator, period.value, value.value, cmd, old);
    if (question) return question;
    const done = await applyRecord(ctx, userId, indicator, period.value, value.value, cmd.note, false, [], (now) => now === null);
    if (done.kind !== "conflict") return done;
  }
  throw new Error(`the figure ${indicator.key}@${periodKey(period.value)} kept changing while it was being recorded`);
}

/** The question to ask before recording, if any: a figure would be replaced, or the value or note looks like a slip. */
async function recordQuestion(
  ctx: Context,
  userId: string,
  indicator: Indicator,
  period: Period,
  value: ParsedValue,
  cmd: Extract<KpiCommand, { kind: "record" }>,
  old: Measurement | null,
): Promise<KpiReply | null> {
  const keep = cmd.note === null && old !== null;
  const findings = screenFindings(ctx, cmd.note);
  const slip = slipCheck(value.value, await processFigures(ctx, indicator, periodKey(period)));
  if (!old && !slip && !cmd.noteCaution && findings.length === 0) return null;
  const change: PendingChange = {
    k: "record",
    key: indicator.key,
    p: periodKey(period),
    v: value.value,
    n: value.numerator,
    b: value.base,
    note: cmd.note,
    keep,
    was: old && snapshot(old),
    scr: kindsOf(findings),
  };
  const next = { ...value, note: keep && old ? old.note : cmd.note, noteKept: keep && old !== null && (old.note !== null || old.noteRemoved !== null) };
  const question = { indicator, period, old, next, slip, caution: cmd.noteCaution, findings, token: signChange(ctx, userId, change) };
  return { kind: "confirm-record", question };
}

const snapshot = (m: Measurement): FigureSnapshot => ({ v: m.value, b: m.base, n: m.numerator, note: m.note, at: m.recordedAt.getTime() });
const sameFigure = (a: FigureSnapshot | null, b: FigureSnapshot | null) => JSON.stringify(a) === JSON.stringify(b);

/** Record or correct, unless the figure is no longer as `expected` (then the figure as it is now, unchanged). */
async function applyRecord(
  ctx: Context,
  userId: string,
  indicator: Indicator,
  period: Period,
  value: ParsedValue,
  note: string | null,
  keepNote: boolean,
  storedAnyway: readonly IdentifyingKind[],
  expected: (now: Measurement | null) => boolean,
): Promise<KpiReply | { kind: "conflict"; now: Measurement | null }> {
  const fresh = { indicatorKey: indicator.key, period, ...value, note, recordedBy: userId, keepNote };
  const done = await atomically(ctx.db, async (tx) => {
    const r = await recordMeasurement(tx, fresh, expected);
    if ("conflict" in r) return r;
    await auditScreenOverride(tx, userId, `${indicator.key}@${periodKey(period)}`, "note", storedAnyway);
    return r;
  });
  if ("conflict" in done) return { kind: "conflict", now: done.conflict };
  const { old: replaced, stored: measurement } = done;
  const noteKept = keepNote && replaced !== null && (replaced.note !== null || replaced.noteRemoved !== null);
  return { kind: "recorded", indicator, measurement, replaced, rag: indicatorRag(indicator, measurement.value), noteKept };
}

/** The "Replace" (or "Record", "Store anyway") click: records the figure asked about, unless it changed since. */
export async function confirmRecord(ctx: Context, userId: string, c: Extract<PendingChange, { k: "record" }>): Promise<KpiReply> {
  const indicator = await getIndicator(ctx.db, c.key);
  const period = parsePeriod(c.p);
  if (!indicator || !period.ok) return reply(notice("error", words`${code(c.key)} is no longer an indicator I know, so nothing was recorded.`));
  if (!(await canRecord(ctx.db, ctx.config.adminUserIds, userId, indicator.key))) {
    return reply(notice("denied", words`Sorry, you can no longer record ${code(indicator.key)}, so nothing was recorded.`));
  }
  // Compared with the figure as the user saw it inside the transaction that replaces it: of many clicks at once, one wins.
  const unchanged = (now: Measurement | null) => sameFigure(now && snapshot(now), c.was);
  const done = await applyRecord(ctx, userId, indicator, period.value, { value: c.v, numerator: c.n, base: c.b }, c.note, c.keep, c.scr, unchanged);
  if (done.kind !== "conflict") return done;
  const now = done.now;
  const was = now ? words`it is now ${formatValue(now.value, indicator.unit, now.base, now.numerator)}` : "it has been withdrawn";
  return reply(
    notice(
      "info",
      words`The figure for ${code(indicator.key)}, ${describePeriod(period.value)} changed after I asked (${was}), so nothing was changed. Send the command again if you still want it.`,
    ),
  );
}

/** /kpi <key> redact <period> <reason>: the figure's notes out of the record and every audit entry that quotes them. */
async function redact(ctx: Context, userId: string, indicator: Indicator, period: Period, reason: string): Promise<Notice> {
  const denied = await requireAdmin(ctx, userId, "remove a note");
  if (denied) return denied;
  const fits = checkFrequency(period, indicator.frequency, indicator.key);
  if (!fits.ok) return notice("error", words`${fits.error.text} Nothing was removed.`, fits.error.example);
  const subject = `${indicator.key}@${periodKey(period)}`;
  const removed = [
    (await getMeasurement(ctx.db, indicator.key, period))?.note ?? null,
    ...(await auditOf(ctx.db, subject)).flatMap((e) => [...textsIn(e.oldValue, ["note"]), ...textsIn(e.newValue, ["note"])]),
  ].filter((t): t is string => t !== null);
  const refused = redactionReasonRefusal(ctx, reason, removed, `/kpi ${indicator.key} redact ${periodKey(period)} named a child`);
  if (refused) return refused;
  const removal = { by: userId, at: ctx.now(), reason };
  const { fromFigure, entries } = await atomically(ctx.db, async (tx) => {
    const m = await lockedMeasurement(tx, indicator.key, period);
    const fromFigure = m?.note != null;
    if (fromFigure) await removeNote(tx, indicator.key, period, removal);
    let entries = 0;
    for (const e of await auditOf(tx, subject)) {
      const o = redactAuditValue(e.oldValue, ["note"], "all", removal);
      const n = redactAuditValue(e.newValue, ["note"], "all", removal);
      if (!o.changed && !n.changed) continue;
      await rewriteAudit(tx, e.id, o.value, n.value);
      entries++;
    }
    if (fromFigure || entries) await writeAudit(tx, { actor: userId, action: "redact", subject, oldValue: null, newValue: { field: "note", reason, entries } });
    return { fromFigure, entries };
  });
  if (!fromFigure && !entries) {
    return notice("info", words`${code(indicator.key)} has no note for ${describePeriod(period)}, here or in the audit trail, so nothing was removed.`);
  }
  const where = [fromFigure ? "the figure" : null, entries ? `${entries} audit entr${entries === 1 ? "y" : "ies"}` : null].filter(Boolean).join(" and ");
  return notice(
    "ok",
    words`Removed the note of ${code(indicator.key)} for ${describePeriod(period)} from ${where}. Each now says it was removed by ${user(userId)}, and why: ${reason}. The export leaves it out too.`,
  );
}

function exampleValue(indicator: Indicator): string {
  return { count: "276", percent: "85%", rate_per_10k: "42.8", number: "5.5", days: "12" }[indicator.unit];
}

async function remove(ctx: Context, userId: string, indicator: Indicator, given: Period): Promise<Notice> {
  const denied = await requireAdmin(ctx, userId, "delete a figure");
  if (denied) return denied;
  const fits = checkFrequency(given, indicator.frequency, indicator.key);
  if (!fits.ok) return notice("error", words`${fits.error.text} Nothing was deleted.`, fits.error.example);
  const old = await atomically(ctx.db, async (tx) => {
    const o = await deleteMeasurement(tx, indicator.key, given);
    if (o) {
      await writeAudit(tx, {
        actor: userId,
        action: "delete",
        subject: `${indicator.key}@${periodKey(given)}`,
        oldValue: { value: o.value, base: o.base, note: o.note },
        newValue: null,
      });
    }
    return o;
  });
  if (!old)
    return notice(
      "error",
      words`${code(indicator.key)} has no figure for ${describePeriod(given)}, so nothing was deleted.`,
      `/kpi ${indicator.key} history shows the recorded periods`,
    );
  return notice(
    "ok",
    words`Deleted the figure of ${formatValue(old.value, indicator.unit, old.base, old.numerator)} for ${code(indicator.key)}, ${describePeriod(given)}. The audit trail keeps it.`,
  );
}

async function threshold(ctx: Context, userId: string, indicator: Indicator, field: "target" | "tolerance", text: string | null): Promise<Notice> {
  const denied = await requireAdmin(ctx, userId, `set a ${field}`);
  if (denied) return denied;
  if (!hasPolarity(indicator)) {
    return notice("error", words`${code(indicator.key)} is neutral (a rise is neither good nor bad), so it has no target or RAG status. Nothing was changed.`);
  }
  let value: number | null = null;
  if (text !== null) {
    const parsed = parseValue(text, indicator.unit === "count" && field === "tolerance" ? "count" : indicator.unit);
    if (!parsed.ok)
      return notice(
        "error",
        words`${parsed.error.text} Nothing was changed.`,
        `/kpi ${indicator.key} ${field} ${field === "target" ? exampleValue(indicator) : "3"}`,
      );
    if (parsed.value.base !== null)
      return notice(
        "error",
        `Give the ${field} as one figure, not a fraction. Nothing was changed.`,
        `/kpi ${indicator.key} ${field} ${exampleValue(indicator)}`,
      );
    value = parsed.value.value;
  }
  const old = await atomically(ctx.db, async (tx) => {
    await lockIndicator(tx, indicator.key);
    const was = (await getIndicator(tx, indicator.key))?.[field] ?? null;
    await setThreshold(tx, indicator.key, field, value);
    await writeAudit(tx, { actor: userId, action: field, subject: indicator.key, oldValue: was, newValue: value });
    return was;
  });
  const show = (v: number | null) => (v === null ? "none" : formatValue(v, indicator.unit));
  return notice("ok", words`The ${field} of ${code(indicator.key)} is now ${show(value)} (was ${show(old)}).`);
}

async function owners(ctx: Context, userId: string, indicator: Indicator, userIds: string[]): Promise<Notice> {
  const current = await recordersOf(ctx.db, indicator.key);
  const who = (ids: string[]) => (ids.length ? joinWords(ids.map(user), ", ") : "nobody yet (admins only)");
  if (userIds.length === 0) {
    return notice(
      "info",
      words`${code(indicator.key)} can be recorded by ${who(current)}, and by admins.`,
      `/kpi ${indicator.key} owner @user @user sets who may record it`,
    );
  }
  const denied = await requireAdmin(ctx, userId, "choose who records an indicator");
  if (denied) return denied;
  const was = await atomically(ctx.db, async (tx) => {
    await lockIndicator(tx, indicator.key);
    const was = await recordersOf(tx, indicator.key);
    await setRecorders(tx, indicator.key, userIds, userId);
    await writeAudit(tx, { actor: userId, action: "owner", subject: indicator.key, oldValue: was, newValue: userIds });
    return was;
  });
  return notice("ok", words`${code(indicator.key)} can now be recorded by ${who(userIds)} (was ${who(was)}).`);
}

async function admins(ctx: Context, userId: string, cmd: Extract<KpiCommand, { kind: "admins" | "admins-change" }>): Promise<Notice> {
  const denied = await requireAdmin(ctx, userId, cmd.kind === "admins" ? "see the admins" : "change the admins");
  if (denied) return denied;
  const current = await listAdmins(ctx.db, ctx.config.adminUserIds);
  const describe = (list: typeof current) =>
    list.length
      ? joinWords(
          list.map((a) => words`${user(a.userId)}${a.fromConfig ? " (from ADMIN_USER_IDS)" : ""}`),
          ", ",
        )
      : "nobody";
  if (cmd.kind === "admins") return notice("info", words`Admins: ${describe(current)}.`, "/kpi admins add @user or /kpi admins remove @user");

  if (cmd.change === "remove") {
    const fixed = cmd.userIds.filter((id) => ctx.config.adminUserIds.includes(id));
    if (fixed.length) {
      return notice(
        "error",
        words`${joinWords(fixed.map(user), ", ")} ${fixed.length > 1 ? "are admins" : "is an admin"} by the ADMIN_USER_IDS setting; change that setting to remove them. Nothing was changed.`,
      );
    }
  }
  // The list is locked from the check to the change: two admins removing each other at once cannot leave none.
  const changed = await atomically(ctx.db, async (tx): Promise<string[] | Notice> => {
    await lockName(tx, "admins");
    if (!(await isAdmin(tx, ctx.config.adminUserIds, userId))) return notice("denied", "Sorry, only admins can change the admins. Nothing was changed.");
    const before = (await listAdmins(tx, ctx.config.adminUserIds)).map((a) => a.userId);
    if (cmd.change === "remove" && before.every((id) => cmd.userIds.includes(id))) {
      return notice("error", "That would leave no admins. Add another admin first. Nothing was changed.");
    }
    const done: string[] = [];
    for (const id of cmd.userIds) {
      const did = cmd.change === "add" ? await addAdmin(tx, id, userId) : await removeAdmin(tx, id);
      if (did) done.push(id);
    }
    if (done.length) {
      await writeAudit(tx, {
        actor: userId,
        action: `admins-${cmd.change}`,
        subject: "admins",
        oldValue: before,
        newValue: cmd.change === "add" ? [...before, ...done] : before.filter((id) => !done.includes(id)),
      });
    }
    return done;
  });
  if (!Array.isArray(changed)) return changed;
  const after = await listAdmins(ctx.db, ctx.config.adminUserIds);
  const verb = cmd.change === "add" ? "Added" : "Removed";
  const what = changed.length ? words`${verb} ${joinWords(changed.map(user), ", ")}.` : "No change: they already were as asked.";
  return notice("ok", words`${what} Admins now: ${describe(after)}.`);
}

async function audit(ctx: Context, userId: string, key: string | null): Promise<KpiReply> {
  const denied = await requireAdmin(ctx, userId, "read the audit trail");
  if (denied) return reply(denied);
  if (key !== null && !(await getIndicator(ctx.db, key))) return reply(await unknownKey(ctx, key));
  // Units, so the trail can say "90%" and "5 points" rather than raw numbers.
  const units = Object.fromEntries((await listIndicators(ctx.db)).map((i) => [i.key, i.unit]));
  return { kind: "audit", key, rows: await recentAudit(ctx.db, key, 25), units };
}

// The improvement plan's use cases. Only an action's owner, its sponsor or an
// admin may update it; every change is audited with the update it records.

import { auditOf, rewriteAudit, writeAudit } from "../db/audit.js";
import type { Db, Tx } from "../db/client.js";
import { getIndicator } from "../db/indicators.js";
import { atomically, lockAction, lockedRead, lockName } from "../db/locks.js";
import { type Measurement, recentMeasurements } from "../db/measurements.js";
import { type MilestoneRow, milestonesOf } from "../db/milestones.js";
import {
  type ActionUpdateRow,
  actionHistory,
  addUpdate,
  allActionRefs,
  getAction,
  getSetting,
  listActions,
  PLAN_CHANNEL,
  putSetting,
  removeUpdateNote,
  setActionFields,
  updateNumbered,
} from "../db/plan.js";
import { listObjectives, listThemes } from "../db/plan-structure.js";
import { listRecommendations } from "../db/recommendations.js";
import { isAdmin } from "../db/roles.js";
import type { IdentifyingKind } from "../domain/identifying-text.js";
import type { Indicator } from "../domain/indicator.js";
import { type MeasureReading, readMeasure } from "../domain/measure.js";
import { type Action, type ActionStatus, describeDate, describeDue, localDate, parseNewDueDate, STATUS_WORDS } from "../domain/plan.js";
import type { PersonRef } from "../domain/plan-command.js";
import type { Objective, Theme } from "../domain/plan-structure.js";
import { RAG_WORD, type RagStatus } from "../domain/rag.js";
import type { Recommendation } from "../domain/recommendation.js";
import { ragReasonOf, redactAuditValue } from "../domain/redaction.js";
import { err, fail, type Notice, notice, ok, type Result } from "../domain/result.js";
import { nearest } from "../domain/suggest.js";
import { channel, code, joinWords, type Span, strong, user, type Words, words } from "../domain/words.js";
import type { Context } from "./context.js";
import { indicatorList, type ListRow } from "./kpi.js";
import { auditScreenOverride, type Held, holdIfIdentifying, redactionReasonRefusal } from "./screening.js";

/** An update made, with what to say about it; or held back by the identifying-text screen; or why not. */
export type Outcome = Result<{ kind: "updated"; action: Action; notice: Notice } | Held>;

async function unknownRef(db: Db | Tx, ref: string): Promise<Notice> {
  const near = nearest(ref, await allActionRefs(db));
  return notice(
    "error",
    words`There is no action ${code(ref)}${near.length ? words`. Did you mean ${joinWords(near.map(code), ", ")}?` : " (it may have been removed)."}`,
    "/plan list shows every action",
  );
}

async function mayUpdate(ctx: Context, db: Db | Tx, userId: string, a: Action): Promise<boolean> {
  return a.ownerId === userId || a.sponsorId === userId || (await isAdmin(db, ctx.config.adminUserIds, userId));
}

/** A person as words: a Slack user as a mention, someone outside Slack by name. */
export function personWords(id: string | null, name: string | null | undefined): Span | string {
  return id ? user(id) : (name ?? "nobody");
}

function denied(a: Action): Notice {
  return notice(
    "denied",
    words`Sorry, only the owner (${personWords(a.ownerId, a.ownerName)})${a.sponsorId || a.sponsorName ? words`, the sponsor (${personWords(a.sponsorId, a.sponsorName)})` : ""} or an admin can update action ${code(a.ref)}. Nothing was changed.`,
  );
}

/** Why this user may not update this action now, or null. `issuedAt` marks a button: refuse it if the action changed since. */
async function updateRefusal(ctx: Context, db: Db | Tx, userId: string, a: Action, issuedAt?: number): Promise<Notice | null> {
  if (!(await mayUpdate(ctx, db, userId, a))) return denied(a);
  if (issuedAt !== undefined && a.lastUpdateAt && a.lastUpdateAt.getTime() > issuedAt) {
    return notice(
      "info",
      words`Action ${code(a.ref)} was already updated after this message was sent: it is now ${strong(STATUS_WORDS[a.status])}, ${describeDue(a.due)}. Nothing more was recorded.`,
    );
  }
  return null;
}

/** A reminder or Home-tab button: its action, if this user may still answer it; or why not. */
export async function buttonTarget(ctx: Context, userId: string, ref: string, issuedAt: number): Promise<Result<Action>> {
  const a = await getAction(ctx.db, ref);
  if (!a) return err(words`Action ${code(ref)} no longer exists (it may have been removed from the plan), so nothing was recorded.`);
  const refusal = await updateRefusal(ctx, ctx.db, userId, a, issuedAt);
  return refusal ? fail(refusal) : ok(a);
}

/** The action, locked until the transaction ends (see locks.ts), or null. */
function lockedAction(tx: Tx, ref: string): Promise<Action | null> {
  return lockedRead(
    () => lockAction(tx, ref),
    () => getAction(tx, ref),
  );
}

/**
 * An action the user may update, locked until the transaction ends and read
 * through it (so the check and the audit's old values hold at the write), or why not.
 */
export async function lockForUpdate(ctx: Context, tx: Tx, userId: string, ref: string, issuedAt?: number): Promise<Result<Action>> {
  const a = await lockedAction(tx, ref);
  if (!a) return fail(await unknownRef(tx, ref));
  const refusal = await updateRefusal(ctx, tx, userId, a, issuedAt);
  return refusal ? fail(refusal) : ok(a);
}

export async function updateStatus(
  ctx: Context,
  userId: string,
  ref: string,
  status: Exclude<ActionStatus, "not_started">,
  note: string | null,
  issuedAt?: number,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Outcome> {
  const now = ctx.now();
  return atomically(ctx.db, async (tx): Promise<Outcome> => {
    const loaded = await lockForUpdate(ctx, tx, userId, ref, issuedAt);
    if (!loaded.ok) return loaded;
    const a = loaded.value;
    if ((status === "at_risk" || status === "blocked") && !note) {
      return err(
        words`Say briefly why ${code(ref)} is ${STATUS_WORDS[status].toLowerCase()}: boards ask. Nothing was changed.`,
        `/plan ${ref} ${status.replace("_", "-")} waiting for legal advice`,
      );
    }
    const hold = holdIfIdentifying(ctx, userId, note, storeAnyway, (scr) => ({
      change: { k: "plan-status", ref, status, note, scr },
      field: status === "done" ? "evidence" : "note",
      about: words`action ${code(ref)}`,
    }));
    if (hold) return ok(hold);
    await setActionFields(tx, ref, {
      status,
      lastUpdateAt: now,
      ...(status === "done" ? { doneAt: now, ...(note ? { evidence: note } : {}) } : { doneAt: null }),
    });
    await addUpdate(tx, ref, { at: now, by: userId, kind: "status", status, note });
    await writeAudit(tx, { actor: userId, action: "action-status", subject: `action:${ref}`, oldValue: { status: a.status }, newValue: { status, note } });
    await auditScreenOverride(tx, userId, `action:${ref}`, status === "done" ? "evidence" : "note", storeAnyway ?? []);
    const updated = { ...a, status, lastUpdateAt: now, ...(status === "done" && note ? { evidence: note } : {}) };
    return ok({
      kind: "updated",
      action: updated,
      notice: notice("ok", words`Action ${code(ref)} is now ${strong(STATUS_WORDS[status])}${note ? `: ${note}` : ""}.`),
    });
  });
}

export async function changeDue(
  ctx: Context,
  userId: string,
  ref: string,
  dateText: string,
  reason: string,
  issuedAt?: number,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Outcome> {
  const now = ctx.now();
  return atomically(ctx.db, async (tx): Promise<Outcome> => {
    const loaded = await lockForUpdate(ctx, tx, userId, ref, issuedAt);
    if (!loaded.ok) return loaded;
    const a = loaded.value;
    const date = parseNewDueDate(dateText, localDate(now, ctx.config.timezone));
    if (!date.ok) return err(words`${date.error.text} Nothing was changed.`, words`/plan ${ref} due ${date.error.example ?? "2026-12-31"} <reason>`);
    if (reason.trim() === "") return err("Give the reason for the new date. Nothing was changed.");
    const hold = holdIfIdentifying(ctx, userId, reason, storeAnyway, (scr) => ({
      change: { k: "plan-due", ref, date: dateText, reason, scr },
      field: "reason",
      about: words`the new due date of action ${code(ref)}`,
    }));
    if (hold) return ok(hold);
    await setActionFields(tx, ref, { due: date.value, lastUpdateAt: now });
    await addUpdate(tx, ref, { at: now, by: userId, kind: "due", oldDue: a.due, newDue: date.value, note: reason });
    await writeAudit(tx, { actor: userId, action: "action-due", subject: `action:${ref}`, oldValue: { due: a.due }, newValue: { due: date.value, reason } });
    await auditScreenOverride(tx, userId, `action:${ref}`, "reason", storeAnyway ?? []);
    return ok({
      kind: "updated",
      action: { ...a, due: date.value, lastUpdateAt: now },
      notice: notice(
        "ok",
        words`Action ${code(ref)} is now due ${describeDate(date.value)} (was ${a.due ? describeDate(a.due) : "ongoing"}). Reason: ${reason}`,
      ),
    });
  });
}

export async function reassign(ctx: Context, userId: string, ref: string, role: "owner" | "sponsor", to: PersonRef): Promise<Notice> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId)))
    return notice("denied", `Sorry, only admins can change an action's ${role}. Nothing was changed.`);
  const toId = "userId" in to ? to.userId : null;
  const toName = "name" in to ? to.name : null;
  // The old owner is read under the lock: two reassignments at once each say truly whom they replaced.
  const was = await atomically(ctx.db, async (tx) => {
    const a = await lockedAction(tx, ref);
    if (!a) return unknownRef(tx, ref);
    const oldId = role === "owner" ? a.ownerId : a.sponsorId;
    const oldName = role === "owner" ? a.ownerName : a.sponsorName;
    await setActionFields(tx, ref, role === "owner" ? { ownerId: toId, ownerName: toName } : { sponsorId: toId, sponsorName: toName });
    // The note names user ids as data: slack/blocks shows them as mentions.
    await addUpdate(tx, ref, { at: ctx.now(), by: userId, kind: role, note: `${oldId || oldName || "nobody"} → ${toId ?? toName}` });
    await writeAudit(tx, { actor: userId, action: `action-${role}`, subject: `action:${ref}`, oldValue: oldId ?? oldName ?? null, newValue: toId ?? toName });
    return { oldId, oldName };
  });
  if ("tone" in was) return was;
  const { oldId, oldName } = was;
  const outside: Words | string = toId ? "" : role === "owner" ? " They are outside Slack, so the sponsor is reminded instead." : "";
  return notice("ok", words`${personWords(toId, toName)} is now the ${role} of ${code(ref)} (was ${personWords(oldId, oldName)}).${outside}`);
}

export async function setPlanChannel(ctx: Context, userId: string, channelId: string | null): Promise<Notice> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId)))
    return notice("denied", "Sorry, only admins can choose the escalation channel. Nothing was changed.");
  await atomically(ctx.db, async (tx) => {
    await lockName(tx, `setting:${PLAN_CHANNEL}`);
    const current = await getSetting(tx, PLAN_CHANNEL);
    await putSetting(tx, PLAN_CHANNEL, channelId, userId);
    await writeAudit(tx, { actor: userId, action: "plan-channel", subject: "settings", oldValue: current, newValue: channelId });
  });
  return notice("ok", channelId ? words`Escalations will be posted in ${channel(channelId)}.` : "Escalations will go to sponsors only.");
}

export interface ActionView {
  action: Action;
  history: ActionUpdateRow[];
  redated: number;
  /** Where it sits in the plan. */
  theme: Theme | null;
  objective: Objective | null;
  /** The recommendations it answers. */
  recommendations: Recommendation[];
  milestones: MilestoneRow[];
  /** The linked indicator, its latest figure and the reading against the measure's target. */
  measure: { indicator: Indicator; latest: Measurement | null; reading: MeasureReading } | null;
}

export async function actionView(ctx: Context, a: Action): Promise<ActionView> {
  const history = await actionHistory(ctx.db, a.ref);
  let measure: ActionView["measure"] = null;
  if (a.measureKey) {
    const indicator = await getIndicator(ctx.db, a.measureKey);
    if (indicator) {
      const [latest] = await recentMeasurements(ctx.db, indicator.key, 1);
      measure = { indicator, latest: latest ?? null, reading: readMeasure({ target: a.measureTarget ?? null }, indicator, latest ?? null) };
    }
  }
  const theme = (await listThemes(ctx.db)).find((t) => t.name === a.theme) ?? null;
  const objective = a.objectiveRef ? ((await listObjectives(ctx.db)).find((o) => o.ref === a.objectiveRef) ?? null) : null;
  const recs = a.recommendations?.length ? (await listRecommendations(ctx.db)).filter((r) => a.recommendations!.includes(r.ref)) : [];
  return {
    action: a,
    history,
    redated: history.filter((h) => h.kind === "due").length,
    theme,
    objective,
    recommendations: recs,
    milestones: await milestonesOf(ctx.db, a.ref),
    measure,
  };
}

export async function showAction(ctx: Context, ref: string): Promise<Result<ActionView>> {
  const a = await getAction(ctx.db, ref);
  if (!a) return fail(await unknownRef(ctx.db, ref));
  return ok(await actionView(ctx, a));
}

/** Why there is nothing under this reference, with the nearest ones. */
export async function noSuchRef(ctx: Context, ref: string): Promise<Notice> {
  return unknownRef(ctx.db, ref);
}

/** /plan: the caller's open actions. */
export async function myOpenActions(ctx: Context, userId: string): Promise<Action[]> {
  return listActions(ctx.db, { ownerId: userId, openOnly: true });
}

/** The Home tab: the user's open actions and the indicators at a glance. */
export async function homeTab(ctx: Context, userId: string): Promise<{ mine: Action[]; indicators: ListRow[] }> {
  return { mine: await myOpenActions(ctx, userId), indicators: await indicatorList(ctx) };
}

export async function overrideRag(
  ctx: Context,
  userId: string,
  ref: string,
  status: RagStatus | null,
  reason: string | null,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Notice | Held> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId)))
    return notice("denied", "Sorry, only admins can override an action's RAG. Nothing was changed.");
  if (status && reason) {
    const hold = holdIfIdentifying(ctx, userId, reason, storeAnyway, (scr) => ({
      change: { k: "plan-rag", ref, status, reason, scr },
      field: "reason",
      about: words`the RAG override of action ${code(ref)}`,
    }));
    if (hold) {
      if (!(await getAction(ctx.db, ref))) return unknownRef(ctx.db, ref);
      return hold;
    }
  }
  const missing = await atomically(ctx.db, async (tx) => {
    const a = await lockedAction(tx, ref);
    if (!a) return unknownRef(tx, ref);
    await setActionFields(tx, ref, { ragOverride: status, ragReason: reason });
    await addUpdate(tx, ref, { at: ctx.now(), by: userId, kind: "rag", note: status ? `RAG set to ${RAG_WORD[status]}: ${reason}` : "RAG back to derived" });
    await writeAudit(tx, {
      actor: userId,
      action: "action-rag",
      subject: `action:${ref}`,
      oldValue: a.ragOverride ?? null,
      newValue: status ? { status, reason } : null,
    });
    await auditScreenOverride(tx, userId, `action:${ref}`, "reason", storeAnyway ?? []);
    return null;
  });
  if (missing) return missing;
  return notice(
    "ok",
    status ? words`Action ${code(ref)} now shows ${RAG_WORD[status]}: ${String(reason)}.` : words`Action ${code(ref)} shows its derived RAG again.`,
  );
}

/** /plan <ref> redact <n> <reason>: update n's text out of the update, the action and every audit entry that quotes it. */
export async function redactUpdate(ctx: Context, userId: string, ref: string, n: number, reason: string): Promise<Notice> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId)))
    return notice("denied", "Sorry, only admins can remove an update's text. Nothing was removed.");
  if (!(await getAction(ctx.db, ref))) return unknownRef(ctx.db, ref);
  const removal = { by: userId, at: ctx.now(), reason };
  const fromAction: string[] = [];
  // The action and its updates are locked from the look to the rewrite: a redaction never misses a text stored meanwhile.
  const entries = await atomically(ctx.db, async (tx): Promise<number | Notice> => {
    const a = await lockedAction(tx, ref);
    if (!a) return unknownRef(tx, ref);
    const u = await updateNumbered(tx, ref, n);
    if (!u) return notice("error", words`Action ${code(ref)} has no update ${n}. Nothing was removed.`, `/plan ${ref} numbers its updates`);
    if (u.note === null) {
      return notice(
        "info",
        u.noteRemoved ? words`The text of update ${n} of ${code(ref)} was already removed.` : words`Update ${n} of ${code(ref)} has no text to remove.`,
      );
    }
    const refused = redactionReasonRefusal(ctx, reason, [u.note], `/plan ${ref} redact ${n} named a child`);
    if (refused) return refused;
    const note = u.note;
    const rag = u.kind === "rag" ? ragReasonOf(note) : null;
    const texts = new Set([note, ...(rag ? [rag] : [])]);
    await removeUpdateNote(tx, u.id, removal);
    if (a.evidence !== null && texts.has(a.evidence)) {
      await setActionFields(tx, ref, { evidence: null });
      fromAction.push("its evidence of impact");
    }
    if (a.ragOverride && texts.has(a.ragOverride.reason)) {
      await setActionFields(tx, ref, { ragReason: null });
      fromAction.push("its RAG reason");
    }
    let count = 0;
    for (const e of await auditOf(tx, `action:${ref}`)) {
      const o = redactAuditValue(e.oldValue, ["note", "reason"], texts, removal);
      const nv = redactAuditValue(e.newValue, ["note", "reason"], texts, removal);
      if (!o.changed && !nv.changed) continue;
      await rewriteAudit(tx, e.id, o.value, nv.value);
      count++;
    }
    await writeAudit(tx, { actor: userId, action: "action-redact", subject: `action:${ref}`, oldValue: null, newValue: { n, reason, entries: count } });
    return count;
  });
  if (typeof entries !== "number") return entries;
  const where = ["the update", ...fromAction, ...(entries ? [`${entries} audit entr${entries === 1 ? "y" : "ies"}`] : [])];
  return notice(
    "ok",
    words`Removed the text of update ${n} of ${code(ref)} from ${where.join(", ")}. Each now says it was removed by ${user(userId)}, and why: ${reason}.`,
  );
}

// The improvement plan's use cases. Only an action's owner, its sponsor or an
// admin may update it; every change is audited with the update it records.
import { escapeMrkdwn } from "../domain/text.js";
import type { Indicator } from "../domain/indicator.js";
import { describeDate, localDate, parseNewDueDate, STATUS_WORDS, type Action, type ActionStatus } from "../domain/plan.js";
import { indicatorRag, RAG_WORD, type Rag, type RagStatus } from "../domain/rag.js";
import { nearest } from "../domain/suggest.js";
import { writeAudit } from "../db/audit.js";
import { getIndicator } from "../db/indicators.js";
import { recentMeasurements, type Measurement } from "../db/measurements.js";
import {
  actionHistory, addUpdate, allActionRefs, getAction, listActions, PLAN_CHANNEL, putSetting, redateCounts, setActionFields, type ActionUpdateRow,
} from "../db/plan.js";
import { isAdmin } from "../db/roles.js";
import { notice, type Context, type Notice } from "./context.js";

export type Outcome = { ok: true; action: Action; notice: Notice } | { ok: false; notice: Notice };

async function unknownRef(ctx: Context, ref: string): Promise<Notice> {
  const near = nearest(ref, await allActionRefs(ctx.db));
  return notice("error", `There is no action \`${ref}\`${near.length ? `. Did you mean ${near.map((r) => `\`${r}\``).join(", ")}?` : " (it may have been removed)."}`, "/plan list shows every action");
}

export async function mayUpdate(ctx: Context, userId: string, a: Action): Promise<boolean> {
  return a.ownerId === userId || a.sponsorId === userId || (await isAdmin(ctx.db, ctx.config.adminUserIds, userId));
}

function denied(a: Action): Notice {
  return notice("denied", `Sorry, only the owner (<@${a.ownerId}>)${a.sponsorId ? `, the sponsor (<@${a.sponsorId}>)` : ""} or an admin can update action \`${a.ref}\`. Nothing was changed.`);
}

/** Why this user may not update this action now, or null. `issuedAt` marks a button: refuse it if the action changed since. */
export async function updateRefusal(ctx: Context, userId: string, a: Action, issuedAt?: number): Promise<Notice | null> {
  if (!(await mayUpdate(ctx, userId, a))) return denied(a);
  if (issuedAt !== undefined && a.lastUpdateAt && a.lastUpdateAt.getTime() > issuedAt) {
    return notice("info", `Action \`${a.ref}\` was already updated after this message was sent: it is now *${STATUS_WORDS[a.status]}*, due ${describeDate(a.due)}. Nothing more was recorded.`);
  }
  return null;
}

/** Load an action the user may update, or say why not. */
async function loadForUpdate(ctx: Context, userId: string, ref: string, issuedAt?: number): Promise<{ ok: true; action: Action } | { ok: false; notice: Notice }> {
  const a = await getAction(ctx.db, ref);
  if (!a) return { ok: false, notice: await unknownRef(ctx, ref) };
  const refusal = await updateRefusal(ctx, userId, a, issuedAt);
  return refusal ? { ok: false, notice: refusal } : { ok: true, action: a };
}

export async function updateStatus(
  ctx: Context, userId: string, ref: string, status: Exclude<ActionStatus, "not_started">, note: string | null, issuedAt?: number,
): Promise<Outcome> {
  const loaded = await loadForUpdate(ctx, userId, ref, issuedAt);
  if (!loaded.ok) return loaded;
  const a = loaded.action;
  if ((status === "at_risk" || status === "blocked") && !note) {
    return { ok: false, notice: notice("error", `Say briefly why \`${ref}\` is ${STATUS_WORDS[status].toLowerCase()}: boards ask. Nothing was changed.`, `/plan ${ref} ${status.replace("_", "-")} waiting for legal advice`) };
  }
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await setActionFields(tx, ref, {
      status, lastUpdateAt: now,
      ...(status === "done" ? { doneAt: now, ...(note ? { evidence: note } : {}) } : { doneAt: null }),
    });
    await addUpdate(tx, ref, { at: now, by: userId, kind: "status", status, note });
    await writeAudit(tx, { actor: userId, action: "action-status", subject: `action:${ref}`, oldValue: { status: a.status }, newValue: { status, note } });
  });
  const updated = { ...a, status, lastUpdateAt: now, ...(status === "done" && note ? { evidence: note } : {}) };
  return { ok: true, action: updated, notice: notice("ok", `Action \`${ref}\` is now *${STATUS_WORDS[status]}*${note ? `: ${escapeMrkdwn(note)}` : ""}.`) };
}

export async function changeDue(ctx: Context, userId: string, ref: string, dateText: string, reason: string, issuedAt?: number): Promise<Outcome> {
  const loaded = await loadForUpdate(ctx, userId, ref, issuedAt);
  if (!loaded.ok) return loaded;
  const a = loaded.action;
  const date = parseNewDueDate(dateText, localDate(ctx.now(), ctx.config.timezone));
  if (!date.ok) return { ok: false, notice: notice("error", `${date.error} Nothing was changed.`, `/plan ${ref} due ${date.example ?? "2026-12-31"} <reason>`) };
  if (reason.trim() === "") return { ok: false, notice: notice("error", "Give the reason for the new date. Nothing was changed.") };
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await setActionFields(tx, ref, { due: date.value, lastUpdateAt: now });
    await addUpdate(tx, ref, { at: now, by: userId, kind: "due", oldDue: a.due, newDue: date.value, note: reason });
    await writeAudit(tx, { actor: userId, action: "action-due", subject: `action:${ref}`, oldValue: { due: a.due }, newValue: { due: date.value, reason } });
  });
  return { ok: true, action: { ...a, due: date.value, lastUpdateAt: now }, notice: notice("ok", `Action \`${ref}\` is now due ${describeDate(date.value)} (was ${describeDate(a.due)}). Reason: ${escapeMrkdwn(reason)}`) };
}

export async function reassign(ctx: Context, userId: string, ref: string, role: "owner" | "sponsor", to: string): Promise<Notice> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId))) return notice("denied", `Sorry, only admins can change an action's ${role}. Nothing was changed.`);
  const a = await getAction(ctx.db, ref);
  if (!a) return unknownRef(ctx, ref);
  const old = role === "owner" ? a.ownerId : a.sponsorId;
  await ctx.db.$transaction(async (tx) => {
    await setActionFields(tx, ref, role === "owner" ? { ownerId: to } : { sponsorId: to });
    await addUpdate(tx, ref, { at: ctx.now(), by: userId, kind: role, note: `${old ? `<@${old}>` : "nobody"} → <@${to}>` });
    await writeAudit(tx, { actor: userId, action: `action-${role}`, subject: `action:${ref}`, oldValue: old, newValue: to });
  });
  return notice("ok", `<@${to}> is now the ${role} of \`${ref}\` (was ${old ? `<@${old}>` : "nobody"}).`);
}

export async function setPlanChannel(ctx: Context, userId: string, channelId: string | null, current: string | null): Promise<Notice> {
  await ctx.db.$transaction(async (tx) => {
    await putSetting(tx, PLAN_CHANNEL, channelId, userId);
    await writeAudit(tx, { actor: userId, action: "plan-channel", subject: "settings", oldValue: current, newValue: channelId });
  });
  return notice("ok", channelId ? `Escalations will be posted in <#${channelId}>.` : "Escalations will go to sponsors only.");
}

export interface ActionView {
  action: Action;
  history: ActionUpdateRow[];
  redated: number;
  measure: { indicator: Indicator; latest: Measurement | null; rag: Rag | null } | null;
}

export async function actionView(ctx: Context, a: Action): Promise<ActionView> {
  const history = await actionHistory(ctx.db, a.ref);
  let measure: ActionView["measure"] = null;
  if (a.measureKey) {
    const indicator = await getIndicator(ctx.db, a.measureKey);
    if (indicator) {
      const [latest] = await recentMeasurements(ctx.db, indicator.key, 1);
      measure = {
        indicator,
        latest: latest ?? null,
        rag: latest ? indicatorRag(indicator, latest.value) : null,
      };
    }
  }
  return { action: a, history, redated: history.filter((h) => h.kind === "due").length, measure };
}

export async function showAction(ctx: Context, ref: string): Promise<{ ok: true; view: ActionView } | { ok: false; notice: Notice }> {
  const a = await getAction(ctx.db, ref);
  if (!a) return { ok: false, notice: await unknownRef(ctx, ref) };
  return { ok: true, view: await actionView(ctx, a) };
}

export async function planList(ctx: Context, theme: string | null): Promise<{ actions: Action[]; redated: Map<string, number> }> {
  const all = await listActions(ctx.db);
  const t = theme?.toLowerCase();
  return { actions: t ? all.filter((a) => a.theme.toLowerCase().includes(t)) : all, redated: await redateCounts(ctx.db) };
}

export async function overrideRag(ctx: Context, userId: string, ref: string, status: RagStatus | null, reason: string | null): Promise<Notice> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId))) return notice("denied", "Sorry, only admins can override an action's RAG. Nothing was changed.");
  const a = await getAction(ctx.db, ref);
  if (!a) return unknownRef(ctx, ref);
  await ctx.db.$transaction(async (tx) => {
    await setActionFields(tx, ref, { ragOverride: status, ragReason: reason });
    await addUpdate(tx, ref, { at: ctx.now(), by: userId, kind: "rag", note: status ? `RAG set to ${RAG_WORD[status]}: ${reason}` : "RAG back to derived" });
    await writeAudit(tx, { actor: userId, action: "action-rag", subject: `action:${ref}`, oldValue: a.ragOverride ?? null, newValue: status ? { status, reason } : null });
  });
  return notice("ok", status ? `Action \`${ref}\` now shows ${RAG_WORD[status]}: ${escapeMrkdwn(reason ?? "")}.` : `Action \`${ref}\` shows its derived RAG again.`);
}

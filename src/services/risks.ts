// The plan's risk register: /plan risks, /plan risk add, and a risk's owner,
// review date, mitigation, rating and closing. Admins add risks and name
// their owners; a risk's owner or an admin keeps it up to date. Every change
// is audited; a review (a new date, rating or mitigation) quiets its reminder.
// A risk's text, mitigation or closing reason that may identify someone is held
// back unless stored anyway.
import { DateTime } from "luxon";
import { writeAudit } from "../db/audit.js";
import type { Db, Tx } from "../db/client.js";
import { atomically, lockedRead, lockRisk } from "../db/locks.js";
import { createRisk, getRisk, openRisks, type RiskFields, setRiskFields } from "../db/risks.js";
import { isAdmin } from "../db/roles.js";
import type { IdentifyingKind } from "../domain/identifying-text.js";
import { describeDate, localDate } from "../domain/plan.js";
import type { PersonRef } from "../domain/plan-command.js";
import { parsePlanDate } from "../domain/plan-dates.js";
import { findTheme, type Theme, themeLabel } from "../domain/plan-structure.js";
import { latestReminderSlot, risksToReview } from "../domain/reminder-policy.js";
import { fail, type Notice, notice, ok, type Result } from "../domain/result.js";
import { compareRisks, type Risk, riskLabel, riskLevel, riskScore } from "../domain/risk.js";
import { code, strong, words } from "../domain/words.js";
import type { Context } from "./context.js";
import { personWords } from "./plan.js";
import { loadPlanTree } from "./plan-structure.js";
import { auditScreenOverride, type Held, holdIfIdentifying } from "./screening.js";

export interface RiskRegister {
  /** Highest score first. */
  risks: Risk[];
  /** The plan's themes, for labels. */
  themes: Theme[];
}

async function themes(ctx: Context): Promise<Theme[]> {
  return (await loadPlanTree(ctx)).map((t) => t.theme);
}

/** /plan risks: the open risks, highest score first. */
export async function riskRegister(ctx: Context): Promise<RiskRegister> {
  return { risks: (await openRisks(ctx.db)).sort(compareRisks), themes: await themes(ctx) };
}

function describeRating(r: Pick<Risk, "likelihood" | "impact">): string {
  return `${riskScore(r)} ${riskLevel(r).word.toLowerCase()} (likelihood ${r.likelihood} × impact ${r.impact})`;
}

export async function addRisk(
  ctx: Context,
  userId: string,
  themeQuery: string,
  likelihood: number,
  impact: number,
  text: string,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Notice | Held> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId))) return notice("denied", "Sorry, only admins can add risks. Nothing was changed.");
  const all = await themes(ctx);
  const theme = findTheme(all, themeQuery);
  if (!theme)
    return notice(
      "error",
      words`"${themeQuery}" is not one of the plan's themes${all.length ? words`: ${all.map((t) => (t.ref ? t.ref : t.name)).join(", ")}` : " (import the plan first)"}. Nothing was changed.`,
      `/plan risk add ${all[0]?.ref ?? "2"} ${likelihood} ${impact} ${text}`,
    );
  const hold = holdIfIdentifying(ctx, userId, text, storeAnyway, (scr) => ({
    change: { k: "risk-add", theme: themeQuery, l: likelihood, i: impact, text, scr },
    field: "text",
    about: words`a new risk in ${themeLabel(theme)}`,
  }));
  if (hold) return hold;
  const now = ctx.now();
  const review = DateTime.fromJSDate(now, { zone: ctx.config.timezone }).plus({ months: 1 }).toISODate()!;
  const id = await ctx.db.$transaction(async (tx) => {
    const data = { theme: theme.name, text, likelihood, impact, ownerId: userId, ownerName: null, reviewDate: review, mitigation: null };
    const id = await createRisk(tx, { ...data, createdBy: userId, createdAt: now });
    await writeAudit(tx, { actor: userId, action: "risk-add", subject: `risk:${id}`, oldValue: null, newValue: data });
    await auditScreenOverride(tx, userId, `risk:${id}`, "text", storeAnyway ?? []);
    return id;
  });
  return notice(
    "ok",
    words`Risk ${code(riskLabel(id))} added to ${themeLabel(theme)}: ${text}, rated ${describeRating({ likelihood, impact })}. You own it; its first review is ${describeDate(review)}.`,
    `/plan risk ${riskLabel(id)} owner @user, /plan risk ${riskLabel(id)} mitigation <how…>`,
  );
}

async function noRisk(db: Db | Tx, id: number): Promise<Notice> {
  const open = (await openRisks(db)).map((r) => riskLabel(r.id));
  return notice(
    "error",
    `There is no open risk ${riskLabel(id)}${open.length ? ` (open: ${open.join(", ")})` : ""}. Nothing was changed.`,
    "/plan risks lists them",
  );
}

export async function showRisk(ctx: Context, id: number): Promise<Result<{ risk: Risk; theme: Theme | null }>> {
  const risk = await getRisk(ctx.db, id);
  if (!risk) return fail(await noRisk(ctx.db, id));
  return ok({ risk, theme: (await themes(ctx)).find((t) => t.name === risk.theme) ?? null });
}

/** A risk this user may change: its owner or an admin (only admins may give it a new owner). */
async function loadRisk(ctx: Context, db: Db | Tx, userId: string, id: number, adminOnly: boolean): Promise<Result<Risk>> {
  const risk = await getRisk(db, id);
  if (!risk) return fail(await noRisk(db, id));
  if (adminOnly || risk.ownerId !== userId) {
    if (!(await isAdmin(db, ctx.config.adminUserIds, userId)))
      return fail(
        notice(
          "denied",
          adminOnly
            ? `Sorry, only admins can change who owns a risk. Nothing was changed.`
            : words`Sorry, only the risk's owner (${personWords(risk.ownerId, risk.ownerName)}) or an admin can change ${code(riskLabel(id))}. Nothing was changed.`,
        ),
      );
  }
  return ok(risk);
}

/**
 * Change a risk this user may change (its owner or an admin; only admins give it
 * a new owner), locked from the check to the write: returns the risk as it was.
 */
async function change(
  ctx: Context,
  userId: string,
  id: number,
  fields: RiskFields,
  what: string,
  opts: { review: boolean; adminOnly?: boolean; storedAnyway?: { field: string; kinds: readonly IdentifyingKind[] } | null },
): Promise<Result<Risk>> {
  const now = ctx.now();
  return atomically(ctx.db, async (tx) => {
    await lockedRead(
      () => lockRisk(tx, id),
      () => getRisk(tx, id),
    );
    const loaded = await loadRisk(ctx, tx, userId, id, opts.adminOnly ?? false);
    if (!loaded.ok) return loaded;
    const risk = loaded.value;
    await setRiskFields(tx, risk.id, { ...fields, ...(opts.review ? { lastReviewedAt: now } : {}) });
    const keys = Object.keys(fields) as (keyof Risk)[];
    await writeAudit(tx, {
      actor: userId,
      action: `risk-${what}`,
      subject: `risk:${risk.id}`,
      oldValue: Object.fromEntries(keys.map((k) => [k, risk[k] ?? null])),
      newValue: fields,
    });
    if (opts.storedAnyway) await auditScreenOverride(tx, userId, `risk:${risk.id}`, opts.storedAnyway.field, opts.storedAnyway.kinds);
    return ok(risk);
  });
}

export async function setRiskOwner(ctx: Context, userId: string, id: number, to: PersonRef): Promise<Notice> {
  const toId = "userId" in to ? to.userId : null;
  const toName = "name" in to ? to.name : null;
  const was = await change(ctx, userId, id, { ownerId: toId, ownerName: toName }, "owner", { review: false, adminOnly: true });
  if (!was.ok) return was.error;
  return notice(
    "ok",
    words`${personWords(toId, toName)} now owns risk ${code(riskLabel(id))} (was ${personWords(was.value.ownerId, was.value.ownerName)}).${toId ? "" : " They are outside Slack, so its reviews are not reminded."}`,
  );
}

export async function setRiskReview(ctx: Context, userId: string, id: number, dateText: string): Promise<Notice> {
  const loaded = await loadRisk(ctx, ctx.db, userId, id, false);
  if (!loaded.ok) return loaded.error;
  const date = parsePlanDate(dateText);
  const today = localDate(ctx.now(), ctx.config.timezone);
  if (!date.ok) return notice("error", words`${date.error.text} Nothing was changed.`, `/plan risk ${riskLabel(id)} review 2027-01-31`);
  if (date.value <= today)
    return notice("error", `${describeDate(date.value)} is not in the future. Nothing was changed.`, `/plan risk ${riskLabel(id)} review 2027-01-31`);
  const done = await change(ctx, userId, id, { reviewDate: date.value }, "review", { review: true });
  if (!done.ok) return done.error;
  return notice("ok", words`Risk ${code(riskLabel(id))} reviewed; the next review is ${describeDate(date.value)}.`);
}

export async function setRiskMitigation(
  ctx: Context,
  userId: string,
  id: number,
  text: string,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Notice | Held> {
  const loaded = await loadRisk(ctx, ctx.db, userId, id, false);
  if (!loaded.ok) return loaded.error;
  const hold = holdIfIdentifying(ctx, userId, text, storeAnyway, (scr) => ({
    change: { k: "risk-mitigation", id, text, scr },
    field: "mitigation",
    about: words`risk ${code(riskLabel(id))}`,
  }));
  if (hold) return hold;
  const storedAnyway = storeAnyway && { field: "mitigation", kinds: storeAnyway };
  const done = await change(ctx, userId, id, { mitigation: text }, "mitigation", { review: true, storedAnyway });
  if (!done.ok) return done.error;
  return notice("ok", words`Risk ${code(riskLabel(id))}'s mitigation is now: ${text}`);
}

export async function rateRisk(ctx: Context, userId: string, id: number, likelihood: number, impact: number, note: string | null): Promise<Notice> {
  const was = await change(ctx, userId, id, { likelihood, impact }, "rate", { review: true });
  if (!was.ok) return was.error;
  const r = was.value;
  return notice(
    "ok",
    words`Risk ${code(riskLabel(id))} is now rated ${strong(describeRating({ likelihood, impact }))} (was ${describeRating(r)})${note ? `: ${note}` : ""}.`,
  );
}

export async function closeRisk(
  ctx: Context,
  userId: string,
  id: number,
  reason: string,
  storeAnyway: readonly IdentifyingKind[] | null = null,
): Promise<Notice | Held> {
  const loaded = await loadRisk(ctx, ctx.db, userId, id, false);
  if (!loaded.ok) return loaded.error;
  const hold = holdIfIdentifying(ctx, userId, reason, storeAnyway, (scr) => ({
    change: { k: "risk-close", id, reason, scr },
    field: "reason",
    about: words`closing risk ${code(riskLabel(id))}`,
  }));
  if (hold) return hold;
  const storedAnyway = storeAnyway && { field: "reason", kinds: storeAnyway };
  const done = await change(ctx, userId, id, { closedAt: ctx.now(), closedReason: reason }, "close", { review: true, storedAnyway });
  if (!done.ok) return done.error;
  return notice("ok", words`Risk ${code(riskLabel(id))} is closed: ${reason}`);
}

export interface DueRiskReview {
  ownerId: string;
  slot: Date;
  risks: Risk[];
}

/** Risk owners due a review reminder at this instant: one message per owner per day. */
export async function riskReviewsDue(ctx: Context, now: Date): Promise<DueRiskReview[]> {
  const slot = latestReminderSlot(ctx.config.reminders, now, ctx.config.timezone);
  return [...risksToReview(await openRisks(ctx.db), ctx.config.reminders, slot, ctx.config.timezone)].map(([ownerId, risks]) => ({ ownerId, slot, risks }));
}

/** The plan's themes, to label the risks in a review reminder. */
export function riskThemes(ctx: Context): Promise<Theme[]> {
  return themes(ctx);
}

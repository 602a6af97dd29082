// /kpi digest add|list|remove: schedules stored in the database, audited.
import { DateTime } from "luxon";
import { describeSchedule, nextSlot, type DigestScheduleSpec } from "../domain/digest-schedule.js";
import { writeAudit } from "../db/audit.js";
import { activeSchedules, createSchedule, deactivateSchedule, getSchedule } from "../db/digests.js";
import { allKeys } from "../db/indicators.js";
import { isAdmin } from "../db/roles.js";
import { notice, type Context, type Notice } from "./context.js";
import { unknownKey } from "./kpi.js";

export async function mayManageDigests(ctx: Context, userId: string): Promise<Notice | null> {
  return (await isAdmin(ctx.db, ctx.config.adminUserIds, userId)) ? null : notice("denied", "Sorry, only admins can add or remove digests. Nothing was changed.");
}

/** Checks that need no Slack call, so a bad command never costs one. */
export async function checkDigestKeys(ctx: Context, keys: string[]): Promise<Notice | null> {
  const known = new Set(await allKeys(ctx.db));
  const unknown = keys.find((k) => !known.has(k));
  return unknown ? unknownKey(ctx, unknown) : null;
}

function when(ctx: Context, d: Date): string {
  return DateTime.fromJSDate(d, { zone: ctx.config.timezone }).toFormat("cccc d LLLL yyyy 'at' HH:mm");
}

export async function addDigest(ctx: Context, userId: string, channelId: string, spec: DigestScheduleSpec, keys: string[]): Promise<Notice> {
  const s = await ctx.db.$transaction(async (tx) => {
    const created = await createSchedule(tx, channelId, spec, keys, userId, ctx.now());
    await writeAudit(tx, { actor: userId, action: "digest-add", subject: `digest:${created.id}`, oldValue: null, newValue: { channelId, ...spec, keys } });
    return created;
  });
  const what = keys.length ? keys.map((k) => `\`${k}\``).join(", ") : "all indicators";
  return notice("ok", `Digest #${s.id} added: <#${channelId}> gets ${what} ${describeSchedule(spec)} (UK time). The first is due ${when(ctx, nextSlot(spec, ctx.now(), ctx.config.timezone))}.`, `/kpi digest remove ${s.id} stops it`);
}

export async function listDigests(ctx: Context): Promise<Notice> {
  const list = await activeSchedules(ctx.db);
  if (list.length === 0) return notice("info", "No digests yet.", "/kpi digest add weekly mon 09:00");
  const lines = list.map((s) => `#${s.id}: <#${s.channelId}> ${describeSchedule(s.spec)}, ${s.keys.length ? s.keys.join(", ") : "all indicators"}; next ${when(ctx, nextSlot(s.spec, ctx.now(), ctx.config.timezone))}`);
  return notice("info", `Digests:\n${lines.join("\n")}`);
}

export async function removeDigest(ctx: Context, userId: string, id: number): Promise<Notice> {
  const denied = await mayManageDigests(ctx, userId);
  if (denied) return denied;
  const s = await getSchedule(ctx.db, id);
  if (!s) return notice("error", `There is no digest #${id}. Nothing was changed.`, "/kpi digest list shows them");
  await ctx.db.$transaction(async (tx) => {
    await deactivateSchedule(tx, id);
    await writeAudit(tx, { actor: userId, action: "digest-remove", subject: `digest:${id}`, oldValue: { channelId: s.channelId, ...s.spec, keys: s.keys }, newValue: null });
  });
  return notice("ok", `Digest #${id} for <#${s.channelId}> removed.`);
}

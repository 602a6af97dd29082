// /kpi digest add|list|remove: schedules stored in the database, audited;
// and which digests are due, for the scheduler.

import { DateTime } from "luxon";
import { writeAudit } from "../db/audit.js";
import { activeSchedules, createSchedule, type DigestSchedule, deactivateSchedule, getSchedule } from "../db/digests.js";
import { allKeys } from "../db/indicators.js";
import { atomically, lockDigestSchedule, lockedRead } from "../db/locks.js";
import { isAdmin } from "../db/roles.js";
import { type DigestScheduleSpec, describeSchedule, latestSlot, nextSlot } from "../domain/digest-schedule.js";
import { type Notice, notice } from "../domain/result.js";
import { channel, code, joinWords, words } from "../domain/words.js";
import { channelProblemAdvice } from "./channel-problems.js";
import type { Context } from "./context.js";
import { unknownKey } from "./indicators.js";

export type { DigestSchedule } from "../db/digests.js";

/** Asks Slack whether the bot can post in a channel: null if it can, or Slack's reason (not_in_channel…). */
export type PostingCheck = (channelId: string) => Promise<string | null>;

async function mayManageDigests(ctx: Context, userId: string): Promise<Notice | null> {
  return (await isAdmin(ctx.db, ctx.config.adminUserIds, userId))
    ? null
    : notice("denied", "Sorry, only admins can add or remove digests. Nothing was changed.");
}

/** Checks that need no Slack call, so a bad command never costs one. */
async function checkDigestKeys(ctx: Context, keys: string[]): Promise<Notice | null> {
  const known = new Set(await allKeys(ctx.db));
  const unknown = keys.find((k) => !known.has(k));
  return unknown ? unknownKey(ctx, unknown) : null;
}

function when(ctx: Context, d: Date): string {
  return DateTime.fromJSDate(d, { zone: ctx.config.timezone }).toFormat("cccc d LLLL yyyy 'at' HH:mm");
}

/** Admins only; the keys must exist and the bot must be able to post in the channel (asked last: it costs a Slack call). */
export async function addDigest(
  ctx: Context,
  userId: string,
  channelId: string,
  spec: DigestScheduleSpec,
  keys: string[],
  canPost: PostingCheck,
): Promise<Notice> {
  const problem = (await mayManageDigests(ctx, userId)) ?? (await checkDigestKeys(ctx, keys));
  if (problem) return problem;
  const cannot = await canPost(channelId);
  if (cannot) return notice("error", words`${channelProblemAdvice(cannot, channelId)} Nothing was changed.`);
  const s = await ctx.db.$transaction(async (tx) => {
    const created = await createSchedule(tx, channelId, spec, keys, userId, ctx.now());
    await writeAudit(tx, { actor: userId, action: "digest-add", subject: `digest:${created.id}`, oldValue: null, newValue: { channelId, ...spec, keys } });
    return created;
  });
  const what = keys.length ? joinWords(keys.map(code), ", ") : "all indicators";
  return notice(
    "ok",
    words`Digest #${s.id} added: ${channel(channelId)} gets ${what} ${describeSchedule(spec)} (UK time). The first is due ${when(ctx, nextSlot(spec, ctx.now(), ctx.config.timezone))}.`,
    `/kpi digest remove ${s.id} stops it`,
  );
}

export async function listDigests(ctx: Context): Promise<Notice> {
  const list = await activeSchedules(ctx.db);
  if (list.length === 0) return notice("info", "No digests yet.", "/kpi digest add weekly mon 09:00");
  const lines = list.map(
    (s) =>
      words`#${s.id}: ${channel(s.channelId)} ${describeSchedule(s.spec)}, ${s.keys.length ? s.keys.join(", ") : "all indicators"}; next ${when(ctx, nextSlot(s.spec, ctx.now(), ctx.config.timezone))}`,
  );
  return notice("info", words`Digests:\n${joinWords(lines, "\n")}`);
}

export async function removeDigest(ctx: Context, userId: string, id: number): Promise<Notice> {
  const denied = await mayManageDigests(ctx, userId);
  if (denied) return denied;
  // Locked from the look to the change: of two removals at once, one removes it and the other is told it is gone.
  const s = await atomically(ctx.db, async (tx) => {
    const s = await lockedRead(
      () => lockDigestSchedule(tx, id),
      () => getSchedule(tx, id),
    );
    if (!s) return null;
    await deactivateSchedule(tx, id);
    await writeAudit(tx, {
      actor: userId,
      action: "digest-remove",
      subject: `digest:${id}`,
      oldValue: { channelId: s.channelId, ...s.spec, keys: s.keys },
      newValue: null,
    });
    return s;
  });
  if (!s) return notice("error", `There is no digest #${id}. Nothing was changed.`, "/kpi digest list shows them");
  return notice("ok", words`Digest #${id} for ${channel(s.channelId)} removed.`);
}

/** The digests due at this instant: each schedule's latest slot, unless it was set up after it. */
export async function dueDigests(ctx: Context, now: Date): Promise<{ schedule: DigestSchedule; slot: Date }[]> {
  const due: { schedule: DigestSchedule; slot: Date }[] = [];
  for (const schedule of await activeSchedules(ctx.db)) {
    const slot = latestSlot(schedule.spec, now, ctx.config.timezone);
    if (slot.getTime() < schedule.createdAt.getTime()) continue; // not due since it was set up
    due.push({ schedule, slot });
  }
  return due;
}

/** Every digest schedule in force. */
export async function digestSchedules(ctx: Context): Promise<DigestSchedule[]> {
  return activeSchedules(ctx.db);
}

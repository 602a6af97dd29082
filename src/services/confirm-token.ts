// The change a confirmation button stands for (Replace / Keep, Store anyway)
// travels in the button itself, signed with HMAC-SHA256 under a key derived from
// the app's signing secret (the bot token in Socket Mode, which has none). So a
// text the screen held back is never written to the database while it waits; a
// restart loses nothing; and nobody can forge or alter a change. Each token names
// the user it was for and when it was issued, and is good for one click: the
// click claims its nonce in ConfirmationUse before anything changes.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { IdentifyingKind } from "../domain/identifying-text.js";
import type { ActionStatus } from "../domain/plan.js";
import type { RagStatus } from "../domain/rag.js";
import { err, ok, type Result } from "../domain/result.js";
import type { Context } from "./context.js";

/** A question is good for 30 minutes, as long as Slack lets the bot answer through its response_url. */
export const CONFIRM_TTL_MS = 30 * 60_000;
/** Slack's limit on a button's value. */
export const MAX_BUTTON_VALUE = 2000;

/** A figure as the user saw it when asked, so a click after it changed changes nothing. */
export interface FigureSnapshot {
  v: number;
  b: number | null;
  n: number | null;
  note: string | null;
  /** recordedAt, in ms */
  at: number;
}

/** What a click would do. `scr` lists what the identifying-text screen saw, when the user stores it anyway. */
export type PendingChange =
  | {
      k: "record";
      key: string;
      p: string;
      v: number;
      n: number | null;
      b: number | null;
      note: string | null;
      keep: boolean;
      was: FigureSnapshot | null;
      scr: IdentifyingKind[];
    }
  | { k: "plan-status"; ref: string; status: Exclude<ActionStatus, "not_started">; note: string | null; scr: IdentifyingKind[] }
  | { k: "plan-due"; ref: string; date: string; reason: string; scr: IdentifyingKind[] }
  | { k: "plan-rag"; ref: string; status: RagStatus; reason: string; scr: IdentifyingKind[] }
  | { k: "rebase"; key: string; p: string; reason: string; scr: IdentifyingKind[] }
  | { k: "milestone-add"; ref: string; due: string; text: string; scr: IdentifyingKind[] }
  | { k: "risk-add"; theme: string; l: number; i: number; text: string; scr: IdentifyingKind[] }
  | { k: "risk-mitigation"; id: number; text: string; scr: IdentifyingKind[] }
  | { k: "risk-close"; id: number; reason: string; scr: IdentifyingKind[] };

export interface SignedChange {
  /** The user who was asked. */
  u: string;
  /** When, in ms. */
  t: number;
  /** Single use: claimed on the first click. */
  id: string;
  c: PendingChange;
}

function key(ctx: Context): Buffer {
  const secret = ctx.config.slack.signingSecret ?? ctx.config.slack.botToken;
  return Buffer.from(hkdfSync("sha256", secret, "board-bot", "confirmation buttons v1", 32));
}

const mac = (ctx: Context, body: string): Buffer => createHmac("sha256", key(ctx)).update(body).digest();

/** The button value for this change, asked of this user now; null when it would not fit in a button. */
export function signChange(ctx: Context, userId: string, change: PendingChange): string | null {
  const signed: SignedChange = { u: userId, t: ctx.now().getTime(), id: randomBytes(12).toString("base64url"), c: change };
  const body = Buffer.from(JSON.stringify(signed)).toString("base64url");
  const token = `${body}.${mac(ctx, body).toString("base64url")}`;
  return token.length <= MAX_BUTTON_VALUE ? token : null;
}

/** The change a button stands for, if it is genuine, this user's and still fresh; or why not. Nothing is claimed. */
export function readChange(ctx: Context, userId: string, token: string): Result<SignedChange> {
  const [body, sig, ...rest] = token.split(".");
  const refuse = () => err("That button is not one I recognise, so nothing was changed.");
  if (!body || !sig || rest.length) return refuse();
  const given = Buffer.from(sig, "base64url");
  const expected = mac(ctx, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse();
  let signed: SignedChange;
  try {
    signed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SignedChange;
  } catch {
    return refuse();
  }
  if (signed.u !== userId) return err("That question was asked of someone else, so your click changed nothing.");
  const age = ctx.now().getTime() - signed.t;
  if (age > CONFIRM_TTL_MS || age < -60_000) {
    return err("That question was asked more than 30 minutes ago, so nothing was changed. Send the command again if you still want it.");
  }
  return ok(signed);
}

/** Claim a token's single use: false when it was already answered. */
export async function claimChange(ctx: Context, signed: SignedChange): Promise<boolean> {
  const now = ctx.now();
  // Claims older than any live token are no longer needed.
  await ctx.db.confirmationUse.deleteMany({ where: { usedAt: { lt: new Date(now.getTime() - 2 * CONFIRM_TTL_MS - 86_400_000) } } });
  try {
    await ctx.db.confirmationUse.create({ data: { nonce: signed.id, usedAt: now } });
    return true;
  } catch (e) {
    // A unique violation (P2002, however the driver adapter words it): the nonce was claimed already.
    if ((e as { code?: string }).code === "P2002" || (await ctx.db.confirmationUse.findUnique({ where: { nonce: signed.id } }))) return false;
    throw e;
  }
}

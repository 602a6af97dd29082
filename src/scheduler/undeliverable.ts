// A delivery with nowhere to go (an escalation for an action with no sponsor
// when no plan channel is set, a DM to someone who has left the workspace) is
// not "sent": it is recorded as failed with the reason, and the admins are
// told, once, so that someone can fix where it should go.
import type { WebClient } from "@slack/web-api";
import type { Context } from "../services/context.js";
import { adminsToTell, claimDelivery, markSent } from "../services/deliveries.js";
import { dm } from "../slack/direct-messages.js";
import { classifySlackError } from "../slack/errors.js";

/** Thrown by a send that finds no recipient: permanent, with a reason in words. */
export class NoRecipient extends Error {
  constructor(readonly reason: string) {
    super(`no recipient: ${reason}`);
    this.name = "NoRecipient";
  }
}

/** Slack errors that mean a person can no longer get a DM from the bot. */
export const GONE_USER_ERRORS = new Set(["user_not_found", "account_inactive", "cannot_dm_bot", "user_disabled", "user_not_visible"]);

export const isGoneUser = (e: unknown): boolean => GONE_USER_ERRORS.has(classifySlackError(e).error);

/**
 * DM every admin about a problem, once per `key` ever: the notice is itself a
 * delivery (job `notice:<key>`, one fixed slot), so the tick and a CLI run
 * racing for it still send it once.
 */
export async function tellAdminsOnce(ctx: Context, client: WebClient, key: string, text: string): Promise<boolean> {
  const c = await claimDelivery(ctx, `notice:${key}`, new Date(0), false, ctx.now());
  if (!c) return false;
  let reached = 0;
  for (const userId of await adminsToTell(ctx)) {
    try {
      await dm(client, userId, text);
      reached += 1;
    } catch (e) {
      ctx.log.warn({ err: e, admin: userId }, "could not tell an admin about an undeliverable message");
    }
  }
  if (reached === 0) ctx.log.error({ key, text }, "no admin could be told about an undeliverable message");
  await markSent(ctx, c.id, ctx.now());
  return true;
}

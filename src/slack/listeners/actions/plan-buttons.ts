// Reminder and Home-tab buttons: On track records at once; Done, At risk,
// Blocked and New date open a modal. Stale or foreign clicks change nothing.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { type Notice, notice } from "../../../domain/result.js";
import type { Context } from "../../../services/context.js";
import { failureNotice } from "../../../services/failures.js";
import { buttonTarget, updateStatus } from "../../../services/plan.js";
import { answerTurn } from "../../answer-turns.js";
import { mrkdwn, noticeMessage } from "../../blocks/common.js";
import { dueModal, statusModal } from "../../blocks/plan.js";
import { dm } from "../../direct-messages.js";
import { type Origin, refreshOrigin } from "../../plan-refresh.js";

const valueSchema = z.object({ r: z.string().min(1).max(20), t: z.number().int().nonnegative() });
export const modalMetaSchema = z.object({
  ref: z.string().min(1).max(20),
  status: z.enum(["done", "at_risk", "blocked"]).optional(),
  t: z.number().int().nonnegative(),
  channel: z.string().max(20).optional(),
  ts: z.string().max(40).optional(),
  home: z.boolean().optional(),
});
export type ModalMeta = z.infer<typeof modalMetaSchema>;

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function planButton(ctx: Context, kind: "done" | "on_track" | "at_risk" | "blocked" | "new_date") {
  return async ({ ack, body, action, client, respond, logger, context }: Args): Promise<void> => {
    await ack();
    if (!(await answerTurn(context))) return;
    const userId = body.user.id;
    const tell = async (n: Notice) => {
      if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, ...noticeMessage(n) });
      else await dm(client, userId, mrkdwn(n.text));
    };
    try {
      let value: z.infer<typeof valueSchema>;
      try {
        value = valueSchema.parse(JSON.parse(action.value ?? ""));
      } catch {
        return tell(notice("error", "That button is not one I recognise, so nothing was recorded."));
      }
      const origin: Origin = body.container?.type === "view" ? { home: true } : { channel: body.channel?.id, ts: body.message?.ts };
      const target = await buttonTarget(ctx, userId, value.r, value.t);
      if (!target.ok) {
        // A stale button: show what was recorded in its place.
        if (target.error.tone === "info") await refreshOrigin(ctx, client, userId, origin);
        return tell(target.error);
      }
      const a = target.value;
      if (kind === "on_track") {
        const r = await updateStatus(ctx, userId, a.ref, "on_track", null, value.t);
        if (!r.ok) await tell(r.error);
        // What was recorded stands even if the message cannot be redrawn: not a failure to report as one.
        await refreshOrigin(ctx, client, userId, origin).catch((e: unknown) => logger.error(`refresh failed: ${(e as Error).message}`));
        return;
      }
      const meta: ModalMeta = { ref: a.ref, t: value.t, ...(origin.home ? { home: true } : { channel: origin.channel, ts: origin.ts }) };
      const view = kind === "new_date" ? dueModal(a.ref, a.due, JSON.stringify(meta)) : statusModal(a.ref, kind, JSON.stringify({ ...meta, status: kind }));
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (e) {
      context.outcome = "error"; // the request log reports it
      logger.error(`plan button failed: ${(e as Error).stack ?? e}`);
      await tell(failureNotice(e, "Something went wrong on our side, and nothing was recorded. Please try again."));
    }
  };
}

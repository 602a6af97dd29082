// "Store anyway" on the view pushed over a plan form when its text looked
// identifying: the signed change is applied once, then every view closes and
// the reminder or Home tab shows what was recorded.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { answerConfirmation } from "../../../services/confirmations.js";
import type { Context } from "../../../services/context.js";
import { answerTurn } from "../../answer-turns.js";
import { outcomeModal } from "../../blocks/confirm.js";
import { refreshOrigin } from "../../plan-refresh.js";

const screenMetaSchema = z.object({
  token: z.string().max(2000),
  channel: z.string().max(20).optional(),
  ts: z.string().max(40).optional(),
  home: z.boolean().optional(),
});
export type ScreenMeta = z.infer<typeof screenMetaSchema>;

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function screenConfirmSubmitted(ctx: Context) {
  return async ({ ack, view, body, client, logger, context }: Args): Promise<void> => {
    let meta: ScreenMeta;
    try {
      meta = screenMetaSchema.parse(JSON.parse(view.private_metadata));
    } catch {
      return void (await ack({ response_action: "update", view: outcomeModal("That form is not one I recognise, so nothing was stored.") }));
    }
    const { reply } = await answerConfirmation(ctx, body.user.id, meta.token, true);
    if (reply.kind === "notice" && reply.notice.tone !== "ok") return void (await ack({ response_action: "update", view: outcomeModal(reply.notice) }));
    await ack({ response_action: "clear" });
    if (!(await answerTurn(context))) return;
    await refreshOrigin(ctx, client, body.user.id, meta).catch((e: unknown) => logger.error(`refresh failed: ${(e as Error).message}`));
  };
}

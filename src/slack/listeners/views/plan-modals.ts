// The modals behind Done, At risk, Blocked and New date. Validation errors are
// shown in the modal (response_action: errors) and nothing is recorded.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { type Err, fail } from "../../../domain/result.js";
import { checkNote } from "../../../domain/text.js";
import type { Context } from "../../../services/context.js";
import { failureNotice } from "../../../services/failures.js";
import { changeDue, updateStatus } from "../../../services/plan.js";
import type { Screened } from "../../../services/screening.js";
import { answerTurn } from "../../answer-turns.js";
import { plainText } from "../../blocks/common.js";
import { screenedModal } from "../../blocks/confirm.js";
import { refreshOrigin } from "../../plan-refresh.js";
import { type ModalMeta, modalMetaSchema } from "../actions/plan-buttons.js";
import type { ScreenMeta } from "./screen-confirm.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function parseMeta(raw: string): ModalMeta | null {
  try {
    return modalMetaSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** A text the screen held back: a view over the form, whose submit stores it anyway and whose close goes back to it. */
function heldView(s: Screened, meta: ModalMeta) {
  const origin: ScreenMeta = { token: s.token ?? "", ...(meta.home ? { home: true } : { channel: meta.channel, ts: meta.ts }) };
  return screenedModal(s, JSON.stringify(origin));
}

/** A failure of ours, shown in the form (so the person can submit again) and logged with its stack. */
function failed(e: unknown, logger: Args["logger"]): Err {
  logger.error(`plan form failed: ${(e as Error).stack ?? e}`);
  return fail(failureNotice(e, "Something went wrong on our side, and nothing was recorded. Please try again."));
}

function field(view: Args["view"], block: string): string {
  const v = view.state.values[block]?.value;
  return (v?.value ?? v?.selected_date ?? "").trim();
}

export function statusModalSubmitted(ctx: Context) {
  return async ({ ack, view, body, client, logger, context }: Args): Promise<void> => {
    const meta = parseMeta(view.private_metadata);
    if (!meta?.status) return void (await ack({ response_action: "errors", errors: { note: "This form is out of date. Close it and use /plan instead." } }));
    const note = checkNote(field(view, "note"));
    if (!note.ok) return void (await ack({ response_action: "errors", errors: { note: plainText(note.error.text) } }));
    const r = await updateStatus(ctx, body.user.id, meta.ref, meta.status, note.value, meta.t).catch((e: unknown) => failed(e, logger));
    if (!r.ok) return void (await ack({ response_action: "errors", errors: { note: plainText(r.error.text) } }));
    if (r.value.kind === "held") return void (await ack({ response_action: "push", view: heldView(r.value.screened, meta) }));
    await ack();
    if (!(await answerTurn(context))) return;
    await refreshOrigin(ctx, client, body.user.id, meta).catch((e: unknown) => logger.error(`refresh failed: ${(e as Error).message}`));
  };
}

export function dueModalSubmitted(ctx: Context) {
  return async ({ ack, view, body, client, logger, context }: Args): Promise<void> => {
    const meta = parseMeta(view.private_metadata);
    if (!meta) return void (await ack({ response_action: "errors", errors: { date: "This form is out of date. Close it and use /plan instead." } }));
    const reason = checkNote(field(view, "reason"));
    if (!reason.ok || reason.value === null) {
      return void (await ack({
        response_action: "errors",
        errors: { reason: reason.ok ? "Give the reason for the new date: boards ask why dates move." : plainText(reason.error.text) },
      }));
    }
    const r = await changeDue(ctx, body.user.id, meta.ref, field(view, "date"), reason.value, meta.t).catch((e: unknown) => failed(e, logger));
    if (!r.ok) return void (await ack({ response_action: "errors", errors: { date: plainText(r.error.text) } }));
    if (r.value.kind === "held") return void (await ack({ response_action: "push", view: heldView(r.value.screened, meta) }));
    await ack();
    if (!(await answerTurn(context))) return;
    await refreshOrigin(ctx, client, body.user.id, meta).catch((e: unknown) => logger.error(`refresh failed: ${(e as Error).message}`));
  };
}

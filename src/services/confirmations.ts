// A click on a confirmation button: Replace / Keep for a figure, Store anyway for a
// text the screen held back. Only a genuine, fresh click by the user who was asked
// changes anything, and only once; a stale or foreign click changes nothing.
import { parsePeriod } from "../domain/period.js";
import { notice } from "../domain/result.js";
import { code, words } from "../domain/words.js";
import { claimChange, readChange, type SignedChange } from "./confirm-token.js";
import type { Context } from "./context.js";
import { confirmRecord, type KpiReply } from "./kpi.js";
import { addActionMilestone } from "./milestones.js";
import { changeDue, overrideRag, updateStatus } from "./plan.js";
import { addRisk, closeRisk, setRiskMitigation } from "./risks.js";
import type { Held } from "./screening.js";
import { rebase } from "./spc.js";

const say = (n: ReturnType<typeof notice>): KpiReply => ({ kind: "notice", notice: n });
const sayOrHold = (r: ReturnType<typeof notice> | Held): KpiReply => ("kind" in r ? r : say(r));

export interface Answer {
  reply: KpiReply;
  /** The question was answered by this click (so its buttons can go); false for a stale, used or foreign click. */
  answered: boolean;
}

/** `yes`: Replace, Record or Store anyway; otherwise Keep (nothing changes, and the question is closed). */
export async function answerConfirmation(ctx: Context, userId: string, token: string, yes: boolean): Promise<Answer> {
  const read = readChange(ctx, userId, token);
  if (!read.ok) return { reply: say({ ...read.error, tone: "info" }), answered: false };
  const signed = read.value;
  if (!(await claimChange(ctx, signed))) {
    return { reply: say(notice("info", "You have already answered that question, so nothing more was changed.")), answered: false };
  }
  return { reply: await apply(ctx, userId, signed, yes), answered: true };
}

async function apply(ctx: Context, userId: string, signed: SignedChange, yes: boolean): Promise<KpiReply> {
  const c = signed.c;
  if (!yes) {
    if (c.k === "record" && c.was) return say(notice("ok", words`Kept the figure for ${code(c.key)} as it was. Nothing was changed.`));
    return say(notice("ok", c.k === "record" ? "Nothing was recorded." : "Nothing was stored or changed."));
  }
  switch (c.k) {
    case "record":
      return confirmRecord(ctx, userId, c);
    case "plan-status": {
      const r = await updateStatus(ctx, userId, c.ref, c.status, c.note, signed.t, c.scr);
      return r.ok ? (r.value.kind === "held" ? r.value : say(r.value.notice)) : say(r.error);
    }
    case "plan-due": {
      const r = await changeDue(ctx, userId, c.ref, c.date, c.reason, signed.t, c.scr);
      return r.ok ? (r.value.kind === "held" ? r.value : say(r.value.notice)) : say(r.error);
    }
    case "plan-rag":
      return sayOrHold(await overrideRag(ctx, userId, c.ref, c.status, c.reason, c.scr));
    case "rebase": {
      const period = parsePeriod(c.p);
      if (!period.ok) return say(period.error);
      return sayOrHold(await rebase(ctx, userId, { kind: "rebase", key: c.key, period: period.value, reason: c.reason }, c.scr));
    }
    case "milestone-add":
      return sayOrHold(await addActionMilestone(ctx, userId, c.ref, c.due, c.text, c.scr));
    case "risk-add":
      return sayOrHold(await addRisk(ctx, userId, c.theme, c.l, c.i, c.text, c.scr));
    case "risk-mitigation":
      return sayOrHold(await setRiskMitigation(ctx, userId, c.id, c.text, c.scr));
    case "risk-close":
      return sayOrHold(await closeRisk(ctx, userId, c.id, c.reason, c.scr));
  }
}

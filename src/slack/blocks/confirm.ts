// The questions the bot asks before it changes anything that cannot be taken back
// lightly: replacing a figure, recording one that looks like a slip, storing a text
// that looks identifying. Pure: from the use cases' data to blocks.
import type { ActionsBlock, Button, KnownBlock, ModalView } from "@slack/types";
import { describeFindings, type Finding } from "../../domain/identifying-text.js";
import type { Indicator } from "../../domain/indicator.js";
import { describePeriod } from "../../domain/period.js";
import type { Notice } from "../../domain/result.js";
import type { Slip } from "../../domain/slip.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { formatValue } from "../../domain/value.js";
import type { RecordQuestion } from "../../services/kpi.js";
import type { Screened } from "../../services/screening.js";
import { clip, context, type Message, message, mrkdwn, section } from "./common.js";

export const CONFIRM_ACTION_IDS = { yes: "confirm:yes", no: "confirm:no" } as const;
export const SCREEN_CONFIRM_CALLBACK = "screen_confirm";

const quote = (text: string) => `“${escapeMrkdwn(clip(text, 300))}”`;

function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text, emoji: false }, action_id: actionId, value, ...(style ? { style } : {}) };
}

function slipWords(slip: Slip, shown: string, ind: Indicator): string {
  switch (slip.kind) {
    case "ten-times":
      return `${shown} is ten times or more the recent figures (about ${formatValue(slip.typical, ind.unit)}): a slip of the keyboard?`;
    case "a-tenth":
      return `${shown} is a tenth or less of the recent figures (about ${formatValue(slip.typical, ind.unit)}): a slip of the keyboard?`;
    case "far-beyond-limits":
      return `${shown} is far outside this indicator's usual range: more than twice as far from its average (${formatValue(slip.mean, ind.unit)}) as its process limits, which a real change seldom is.`;
  }
}

function findingLines(findings: readonly Finding[]): string[] {
  return describeFindings(findings).map((l) => `• ${escapeMrkdwn(l)}`);
}

/** "Replace 276, June 2017, note “…”, with 27, note “…”?" with the two side by side, and Replace / Keep. */
export function recordQuestionMessage(q: RecordQuestion): Message {
  const { indicator: ind, old, next } = q;
  const period = describePeriod(q.period);
  const newValue = formatValue(next.value, ind.unit, next.base, next.numerator);
  const noteOf = (note: string | null, removed: boolean) => (note ? `note ${quote(note)}` : removed ? "its note removed" : "no note");
  const newNote = next.noteKept ? `${noteOf(next.note, old?.noteRemoved != null)} (kept: no new note was given)` : noteOf(next.note, false);
  const blocks: KnownBlock[] = [];
  let ask: string;
  if (old) {
    const oldValue = formatValue(old.value, ind.unit, old.base, old.numerator);
    ask = `Replace ${oldValue}, ${period}, ${noteOf(old.note, old.noteRemoved !== null)}, with ${newValue}, ${newNote}?`;
    blocks.push(section(`:question: *Replace the figure for \`${ind.key}\` (${escapeMrkdwn(ind.name)}), ${period}?*`), {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Now*\n${oldValue}\n${capitalise(noteOf(old.note, old.noteRemoved !== null))}` },
        { type: "mrkdwn", text: `*If you replace it*\n${newValue}\n${capitalise(newNote)}` },
      ],
    });
  } else {
    ask = `Record ${newValue} for ${ind.key}, ${period}, ${newNote}?`;
    blocks.push(section(`:question: *Record ${newValue} for \`${ind.key}\` (${escapeMrkdwn(ind.name)}), ${period}, ${newNote}?*`));
  }
  const why: string[] = [];
  if (q.slip) why.push(slipWords(q.slip, newValue, ind));
  if (q.caution) {
    why.push(
      q.caution.startsLike === "number"
        ? `The note starts with ${quote(q.caution.text)}, which looks like a figure: a stray space in the value?`
        : `The note starts with ${quote(q.caution.text)}, which looks like a period: a period goes straight after the figure, with its year (such as 2017-06).`,
    );
  }
  if (why.length) blocks.push(section(why.join("\n")));
  if (q.findings.length) {
    blocks.push(
      section([":lock: *The note may identify someone*, and this board holds aggregate figures only:", ...findingLines(q.findings)].join("\n")),
      context(
        "Send it again without identifying anyone. Store it anyway only if this is a false alarm, such as a team named after a person; that is noted in the audit trail.",
      ),
    );
  }
  if (q.token === null) {
    blocks.push(context(":warning: The note is too long to confirm with a button. Shorten it and send the command again. Nothing was changed."));
  } else {
    const yes = q.findings.length ? "Store anyway" : old ? "Replace" : "Record";
    const actions: ActionsBlock = {
      type: "actions",
      block_id: "confirm",
      elements: [button(yes, CONFIRM_ACTION_IDS.yes, q.token, "primary"), button(old ? "Keep" : "Don't record", CONFIRM_ACTION_IDS.no, q.token)],
    };
    blocks.push(actions, context("Nothing changes until you choose."));
  }
  return message(ask, blocks); // its parts are escaped
}

function screenedBlocks(s: Screened): KnownBlock[] {
  return [
    section(`:lock: *Not stored:* the ${s.field} for ${mrkdwn(s.about)} may identify someone, and this board holds aggregate figures only.`),
    section(findingLines(s.findings).join("\n")),
    context(
      "Put it without identifying anyone, by role or group, and send it again. If this is a false alarm, such as a team named after a person, store it as written; that is noted in the audit trail.",
    ),
  ];
}

/** A text held back by the screen, with Store anyway. */
export function screenedMessage(s: Screened): Message {
  const blocks = screenedBlocks(s);
  if (s.token === null) blocks.push(context(":warning: The text is too long to store with a button. Shorten it and send it again."));
  else blocks.push({ type: "actions", block_id: "confirm", elements: [button("Store anyway", CONFIRM_ACTION_IDS.yes, s.token, "danger")] });
  return message(`Not stored: the ${s.field} may identify someone.`, blocks);
}

/** The same, pushed over a modal: "Store anyway" submits, closing it goes back to the text to change it. */
export function screenedModal(s: Screened, privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: SCREEN_CONFIRM_CALLBACK,
    title: { type: "plain_text", text: "Check this text" },
    ...(s.token === null ? {} : { submit: { type: "plain_text", text: "Store anyway" } }),
    close: { type: "plain_text", text: "Go back" },
    private_metadata: privateMetadata,
    blocks: screenedBlocks(s),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What became of a "Store anyway" that could not be applied, in place of the view that asked. */
export function outcomeModal(n: Notice | string): ModalView {
  const text = typeof n === "string" ? escapeMrkdwn(n) : mrkdwn(n.text);
  return { type: "modal", title: { type: "plain_text", text: "Nothing was stored" }, close: { type: "plain_text", text: "Close" }, blocks: [section(text)] };
}

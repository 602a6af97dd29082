// Improvement-plan messages, reminders (with buttons), modals and the Home tab.
import type { ActionsBlock, Button, HomeView, KnownBlock, ModalView } from "@slack/types";
import { DateTime } from "luxon";
import type { ActionUpdateRow } from "../../db/plan.js";
import { shortPeriodLabel } from "../../domain/period.js";
import { type Action, type ActionStatus, actionRag, daysOverdue, describeDate, isOverdue, STATUS_WORDS } from "../../domain/plan.js";
import { RAG_WORD } from "../../domain/rag.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { formatValue } from "../../domain/value.js";
import type { ActionView } from "../../services/plan.js";
import type { ReminderEntry } from "../../services/plan-reminders.js";
import { clip, context, divider, header, type Message, message, RAG_EMOJI, section, sectionsOfLines } from "./common.js";

export const PLAN_ACTION_IDS = {
  done: "plan:done",
  on_track: "plan:on_track",
  at_risk: "plan:at_risk",
  blocked: "plan:blocked",
  new_date: "plan:new_date",
} as const;
export const STATUS_MODAL = "plan_status_modal";
export const DUE_MODAL = "plan_due_modal";

export interface ButtonValue {
  r: string; // action ref
  t: number; // when the buttons were issued (ms): a later update makes them stale
}

function ragText(a: Action, today: string): string {
  const r = actionRag(a, today);
  return r ? `${RAG_EMOJI[r.status]} ${RAG_WORD[r.status]} (${r.reason})` : "";
}

export function actionLine(a: Action, today: string, redated = 0): string {
  const late = isOverdue(a, today) ? ` *OVERDUE by ${daysOverdue(a, today)} days*` : "";
  const moved = redated > 1 ? ` · re-dated ${redated} times` : redated === 1 ? " · re-dated once" : "";
  return `\`${escapeMrkdwn(a.ref)}\` ${escapeMrkdwn(clip(a.title, 150))}: *${STATUS_WORDS[a.status]}*, due ${describeDate(a.due)}${late} · <@${a.ownerId}>${moved} ${ragText(a, today)}`.trim();
}

function button(text: string, actionId: string, value: ButtonValue, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text }, action_id: actionId, value: JSON.stringify(value), ...(style ? { style } : {}) };
}

export function answerButtons(ref: string, issuedAt: number): ActionsBlock {
  const v = { r: ref, t: issuedAt };
  return {
    type: "actions",
    block_id: `act:${ref}`,
    elements: [
      button("Done", PLAN_ACTION_IDS.done, v, "primary"),
      button("On track", PLAN_ACTION_IDS.on_track, v),
      button("At risk", PLAN_ACTION_IDS.at_risk, v),
      button("Blocked", PLAN_ACTION_IDS.blocked, v, "danger"),
      button("New date", PLAN_ACTION_IDS.new_date, v),
    ],
  };
}

function measureLine(m: NonNullable<ActionView["measure"]>): string {
  // Every figure says how old it is.
  const fig = m.latest
    ? `${formatValue(m.latest.value, m.indicator.unit, m.latest.base, m.latest.numerator)} (${shortPeriodLabel(m.latest.period)})`
    : "no figures yet";
  return `Measure \`${m.indicator.key}\`: ${fig}${m.rag ? ` ${RAG_EMOJI[m.rag.status]} ${RAG_WORD[m.rag.status]}` : ""}`;
}

/** A reassignment's note names user ids ("U1 → U2"; older rows say "<@U1> → <@U2>"): shown as mentions. */
function reassignmentNote(note: string): string {
  return escapeMrkdwn(note).replace(
    /&lt;@([UW][A-Z0-9]{2,20})&gt;|\b([UW][A-Z0-9]{2,20})\b/g,
    (_m, old: string | undefined, id: string | undefined) => `<@${old ?? id}>`,
  );
}

function updateNote(u: ActionUpdateRow): string {
  if (!u.note) return "";
  return `: ${u.kind === "owner" || u.kind === "sponsor" ? reassignmentNote(u.note) : escapeMrkdwn(clip(u.note, 200))}`;
}

function updateWords(u: ActionUpdateRow, zone: string): string {
  const when = DateTime.fromJSDate(u.at, { zone }).toFormat("d LLL yyyy");
  const what =
    u.kind === "due" ? `new date ${u.newDue ? describeDate(u.newDue) : ""}` : u.kind === "status" && u.status ? STATUS_WORDS[u.status as ActionStatus] : u.kind;
  return `${what}${updateNote(u)} (<@${u.by}>, ${when})`;
}

const MAX_ACTIONS_PER_REMINDER = 15; // two blocks each, within 50

export function reminderMessage(entries: ReminderEntry[], issuedAt: number, today: string, zone: string): Message {
  const blocks: KnownBlock[] = [
    section(`:clipboard: *Improvement plan: ${entries.length} action${entries.length === 1 ? "" : "s"} to update.* One click records your answer.`),
  ];
  for (const e of entries.slice(0, MAX_ACTIONS_PER_REMINDER)) {
    const a = e.action;
    const last = e.lastUpdate ? `\nLast update: ${updateWords(e.lastUpdate, zone)}` : "\nNo update yet.";
    const measure = e.measure ? `\n${measureLine(e.measure)}` : "";
    blocks.push(section(`${actionLine(a, today)}\n${escapeMrkdwn(a.theme)}${measure}${last}`));
    blocks.push(e.answered ? context(`:white_check_mark: Recorded: ${updateWords(e.answered, zone)}`) : answerButtons(a.ref, issuedAt));
  }
  if (entries.length > MAX_ACTIONS_PER_REMINDER) blocks.push(context(`…and ${entries.length - MAX_ACTIONS_PER_REMINDER} more: \`/plan\` lists them all.`));
  blocks.push(context("Notes are seen by the board: never a child's name or details."));
  return message(`Improvement plan: ${entries.map((e) => e.action.ref).join(", ")} to update`, blocks);
}

export function escalationMessage(a: Action, reason: string, today: string): Message {
  return message(`Escalation: action ${a.ref} (${reason})`, [
    section(`:rotating_light: *Escalation: action \`${escapeMrkdwn(a.ref)}\`* ${reason}.\n${actionLine(a, today)}`),
    context(`Owner <@${a.ownerId}>${a.sponsorId ? ` · sponsor <@${a.sponsorId}>` : ""} · \`/plan ${a.ref}\` for its history`),
  ]);
}

/** To admins: something the bot should have sent could not go anywhere, and how to fix it. */
export function undeliverableNotice(
  n:
    | { kind: "escalation"; ref: string; error: string }
    | { kind: "reminder"; userId: string; error: string; refs: string[] }
    | { kind: "figures-due"; userId: string; error: string },
): string {
  switch (n.kind) {
    case "escalation":
      return `:warning: An escalation for action \`${escapeMrkdwn(n.ref)}\` could not be sent: ${escapeMrkdwn(n.error.replace(/^no recipient: /, ""))}. Give it a sponsor with \`/plan ${n.ref} sponsor @user\` or set where escalations go with \`/plan channel #channel\`.`;
    case "reminder":
      return `:warning: Reminders to <@${n.userId}> cannot be delivered (${escapeMrkdwn(n.error)}): they may have left the workspace. Reassign their actions (${n.refs.map((r) => `\`${escapeMrkdwn(r)}\``).join(", ")}) with \`/plan <ref> owner @user\`.`;
    case "figures-due":
      return `:warning: "Figures due" reminders to <@${n.userId}> cannot be delivered (${escapeMrkdwn(n.error)}): they may have left the workspace. Change who records with \`/kpi <key> owner @user\`.`;
  }
}

export function actionDetailMessage(v: ActionView, today: string, zone: string): Message {
  const a = v.action;
  const lines = [
    `*${escapeMrkdwn(a.title)}*`,
    `Theme: ${escapeMrkdwn(a.theme)}`,
    `Owner: <@${a.ownerId}> · Sponsor: ${a.sponsorId ? `<@${a.sponsorId}>` : "none"}`,
    `Due: ${describeDate(a.due)}${isOverdue(a, today) ? ` (*overdue by ${daysOverdue(a, today)} days*)` : ""}${v.redated ? ` · re-dated ${v.redated} time${v.redated === 1 ? "" : "s"}` : ""}`,
    `Status: *${STATUS_WORDS[a.status]}* ${ragText(a, today)}`,
  ];
  if (v.measure) lines.push(`${measureLine(v.measure)} (${escapeMrkdwn(v.measure.indicator.name)})`);
  if (a.evidence) lines.push(`Evidence of impact: ${escapeMrkdwn(a.evidence)}`);
  const history = v.history.map(
    (u) =>
      `• ${u.kind === "due" ? `Due date ${u.oldDue ? describeDate(u.oldDue) : "?"} → ${u.newDue ? describeDate(u.newDue) : "?"}${u.note ? `: ${escapeMrkdwn(u.note)}` : ""} (<@${u.by}>, ${DateTime.fromJSDate(u.at, { zone }).toFormat("d LLL yyyy")})` : updateWords(u, zone)}`,
  );
  return message(`Action ${a.ref}: ${a.title}`, [
    header(`Action ${a.ref}`),
    section(lines.join("\n")),
    section(`*History* (newest first)`),
    ...(history.length ? sectionsOfLines(history) : [context("No updates yet.")]),
  ]);
}

export function planListMessage(actions: Action[], redated: Map<string, number>, today: string, title: string): Message {
  if (actions.length === 0) return message(title, [section(`*${title}*: none.`)]);
  const byTheme = new Map<string, Action[]>();
  for (const a of actions) byTheme.set(a.theme, [...(byTheme.get(a.theme) ?? []), a]);
  const lines: string[] = [];
  for (const [theme, list] of byTheme) {
    lines.push(`*${escapeMrkdwn(theme)}*`);
    for (const a of list) lines.push(actionLine(a, today, redated.get(a.ref) ?? 0));
  }
  return message(`${title}: ${actions.length}`, [header(`${title} (${actions.length})`), ...sectionsOfLines(lines)]);
}

export function planHelpMessage(): Message {
  return message(
    "How to use /plan",
    sectionsOfLines([
      "*The improvement plan in Slack.*",
      "• `/plan`: your open actions · `/plan list [theme]`: every action",
      "• `/plan 2.3`: one action with its history",
      "• `/plan 2.3 on-track|at-risk|blocked|done [note…]`: update it (owner, sponsor or admin)",
      "• `/plan 2.3 due 2026-12-31 <reason…>`: a new due date, with the reason",
      "• `/plan 2.3 owner @user`, `/plan 2.3 sponsor @user`, `/plan 2.3 rag red <reason…>` (or `rag auto`), `/plan channel #channel`: admins",
    ]),
  );
}

export function statusModal(ref: string, status: "done" | "at_risk" | "blocked", meta: string): ModalView {
  const isDone = status === "done";
  return {
    type: "modal",
    callback_id: STATUS_MODAL,
    private_metadata: meta,
    title: { type: "plain_text", text: clip(isDone ? `Done: ${ref}` : `${STATUS_WORDS[status]}: ${ref}`, 24) },
    submit: { type: "plain_text", text: "Record" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: "note",
        optional: isDone,
        label: { type: "plain_text", text: isDone ? "Evidence of impact (optional)" : "What is the risk or blocker?" },
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 500 },
        hint: { type: "plain_text", text: "Seen by the board. Never a child's name or details." },
      },
    ],
  };
}

export function dueModal(ref: string, currentDue: string, meta: string): ModalView {
  return {
    type: "modal",
    callback_id: DUE_MODAL,
    private_metadata: meta,
    title: { type: "plain_text", text: clip(`New date: ${ref}`, 24) },
    submit: { type: "plain_text", text: "Record" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: "date",
        label: { type: "plain_text", text: `New due date (now ${describeDate(currentDue)})` },
        element: { type: "datepicker", action_id: "value", initial_date: currentDue },
      },
      {
        type: "input",
        block_id: "reason",
        label: { type: "plain_text", text: "Why is the date moving?" },
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 500 },
      },
    ],
  };
}

/** `attention`: the indicators a board must look at, with what is being done about them (already lines of mrkdwn). */
export function homeView(mine: Action[], today: string, indicatorLines: string[], issuedAt: number, attention: string[] = []): HomeView {
  const blocks: KnownBlock[] = [header("Your improvement plan actions")];
  if (mine.length === 0) blocks.push(context("You own no open actions."));
  for (const a of mine.slice(0, 20)) {
    blocks.push(section(actionLine(a, today)), answerButtons(a.ref, issuedAt));
  }
  if (mine.length > 20) blocks.push(context(`…and ${mine.length - 20} more: \`/plan\``));
  if (attention.length) blocks.push(divider(), header("Indicators that need attention"), ...sectionsOfLines(attention));
  blocks.push(divider(), header("Indicators at a glance"), ...sectionsOfLines(indicatorLines.length ? indicatorLines : ["No indicators yet."]));
  return { type: "home", blocks: blocks.slice(0, 100) };
}

// Improvement-plan messages, reminders (with buttons), modals and the Home tab.
import type { ActionsBlock, Button, HomeView, KnownBlock, ModalView } from "@slack/types";
import { DateTime } from "luxon";
import type { ActionUpdateRow } from "../../db/plan.js";
import { describeShortDate, isMilestoneOverdue } from "../../domain/milestone.js";
import { shortPeriodLabel } from "../../domain/period.js";
import { type Action, type ActionStatus, actionRag, daysOverdue, describeDate, isOverdue, STATUS_WORDS } from "../../domain/plan.js";
import { type ThemeNode, themeItems, themeLabel } from "../../domain/plan-structure.js";
import { RAG_WORD, type RagStatus } from "../../domain/rag.js";
import { escapeMrkdwn } from "../../domain/text.js";
import { formatValue } from "../../domain/value.js";
import type { ActionView } from "../../services/plan.js";
import type { ReminderEntry } from "../../services/plan-reminders.js";
import { clip, context, divider, header, type Message, message, RAG_EMOJI, removalWords, section, sectionsOfLines } from "./common.js";

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

/** A person: a Slack user as a mention, someone outside Slack by name. */
export function personText(id: string | null, name: string | null | undefined, opts: { outside?: boolean } = {}): string {
  if (id) return `<@${id}>`;
  if (name) return `${escapeMrkdwn(name)}${opts.outside ? " (outside Slack)" : ""}`;
  return "nobody";
}

/** Who made an update: a Slack user, or the CLI ("cli:jo"). */
function byText(by: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(by) ? `<@${by}>` : escapeMrkdwn(by);
}

export function ragLabel(status: RagStatus, reason?: string): string {
  return `${RAG_EMOJI[status]} ${RAG_WORD[status]}${reason ? ` (${escapeMrkdwn(reason)})` : ""}`;
}

function ragText(a: Action, today: string): string {
  const r = actionRag(a, today);
  return ragLabel(r.status, r.reason);
}

function dueText(a: Action, today: string): string {
  if (a.due === null) return "ongoing";
  return `due ${describeDate(a.due)}${isOverdue(a, today) ? ` *OVERDUE by ${daysOverdue(a, today)} days*` : ""}`;
}

export function actionLine(a: Action, today: string, redated = 0): string {
  const moved = redated > 1 ? ` · re-dated ${redated} times` : redated === 1 ? " · re-dated once" : "";
  return `\`${escapeMrkdwn(a.ref)}\` ${escapeMrkdwn(clip(a.title, 150))}: *${STATUS_WORDS[a.status]}*, ${dueText(a, today)} · ${personText(a.ownerId, a.ownerName)}${moved} ${ragText(a, today)}`.trim();
}

/** Its open milestones that are overdue or come next, briefly. */
function milestoneLines(a: Action, today: string, max = 3): string[] {
  const open = (a.milestones ?? []).filter((m) => m.doneAt === null);
  return open
    .slice(0, max)
    .map(
      (m) =>
        `Milestone ${m.n}: ${escapeMrkdwn(clip(m.text, 120))}, ${describeShortDate(m.due)}${isMilestoneOverdue(m, today) ? " *overdue*" : ""} (\`/plan ${escapeMrkdwn(a.ref)} milestone done ${m.n}\`)`,
    )
    .concat(open.length > max ? [`…and ${open.length - max} more milestones`] : []);
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

function measureLine(m: NonNullable<ActionView["measure"]>, a: Pick<Action, "measureBy">): string {
  const r = m.reading;
  const target =
    r.target !== null ? ` against the target of ${formatValue(r.target, m.indicator.unit)}${a.measureBy ? ` by ${describeShortDate(a.measureBy)}` : ""}` : "";
  // Every figure says how old it is.
  const fig = m.latest
    ? `${formatValue(m.latest.value, m.indicator.unit, m.latest.base, m.latest.numerator)} (${shortPeriodLabel(m.latest.period)})`
    : "no figures yet";
  return `Measure \`${m.indicator.key}\`: ${fig}${target}${r.rag ? ` ${ragLabel(r.rag.status)}` : ""}`;
}

/** A reassignment's note names user ids ("U1 → U2"; older rows say "<@U1> → <@U2>"): shown as mentions. */
function reassignmentNote(note: string): string {
  return escapeMrkdwn(note).replace(
    /&lt;@([UW][A-Z0-9]{2,20})&gt;|\b([UW](?=[A-Z0-9]*\d)[A-Z0-9]{2,20})\b/g,
    (_m, old: string | undefined, id: string | undefined) => `<@${old ?? id}>`,
  );
}

function updateNote(u: ActionUpdateRow, zone: string): string {
  if (u.noteRemoved) return `: _text ${removalWords(u.noteRemoved, zone)}_`;
  if (!u.note) return "";
  return `: ${u.kind === "owner" || u.kind === "sponsor" ? reassignmentNote(u.note) : escapeMrkdwn(clip(u.note, 200))}`;
}

function updateWords(u: ActionUpdateRow, zone: string): string {
  const when = DateTime.fromJSDate(u.at, { zone }).toFormat("d LLL yyyy");
  const what =
    u.kind === "due" ? `new date ${u.newDue ? describeDate(u.newDue) : ""}` : u.kind === "status" && u.status ? STATUS_WORDS[u.status as ActionStatus] : u.kind;
  return `${what}${updateNote(u, zone)} (${byText(u.by)}, ${when})`;
}

const MAX_ACTIONS_PER_REMINDER = 15; // two blocks each, within 50

/** Said to a sponsor reminded in place of an owner outside Slack. */
function standIn(a: Action): string {
  return a.ownerId === null && a.ownerName ? `\n_${escapeMrkdwn(a.ownerName)} owns this but is outside Slack, so you are asked as its sponsor._` : "";
}

export function reminderMessage(entries: ReminderEntry[], issuedAt: number, today: string, zone: string): Message {
  const blocks: KnownBlock[] = [
    section(`:clipboard: *Improvement plan: ${entries.length} action${entries.length === 1 ? "" : "s"} to update.* One click records your answer.`),
  ];
  for (const e of entries.slice(0, MAX_ACTIONS_PER_REMINDER)) {
    const a = e.action;
    const last = e.lastUpdate ? `\nLast update: ${updateWords(e.lastUpdate, zone)}` : "\nNo update yet.";
    const measure = e.measure ? `\n${measureLine(e.measure, a)}` : "";
    const milestones = milestoneLines(a, today, 2)
      .map((l) => `\n${l}`)
      .join("");
    const ongoing = a.due === null ? "\n_Ongoing: a monthly update is asked for._" : "";
    blocks.push(section(`${actionLine(a, today)}\n${escapeMrkdwn(a.theme)}${measure}${milestones}${ongoing}${standIn(a)}${last}`));
    blocks.push(e.answered ? context(`:white_check_mark: Recorded: ${updateWords(e.answered, zone)}`) : answerButtons(a.ref, issuedAt));
  }
  if (entries.length > MAX_ACTIONS_PER_REMINDER) blocks.push(context(`…and ${entries.length - MAX_ACTIONS_PER_REMINDER} more: \`/plan\` lists them all.`));
  blocks.push(context("Notes are seen by the board: never a child's name or details."));
  return message(`Improvement plan: ${entries.map((e) => e.action.ref).join(", ")} to update`, blocks);
}

function ownerAndSponsor(a: Action): string {
  return `Owner ${personText(a.ownerId, a.ownerName, { outside: true })}${a.sponsorId || a.sponsorName ? ` · sponsor ${personText(a.sponsorId, a.sponsorName, { outside: true })}` : ""}`;
}

/** To a sponsor: one action of theirs escalated. */
export function escalationMessage(a: Action, reason: string, today: string): Message {
  return message(`Escalation: action ${a.ref} (${reason})`, [
    section(`:rotating_light: *Escalation: action \`${escapeMrkdwn(a.ref)}\`* ${reason}.\n${actionLine(a, today)}`),
    context(`${ownerAndSponsor(a)} · \`/plan ${a.ref}\` for its history`),
  ]);
}

/** To the plan channel: every action escalated in this run, in the plan's order, in one message. */
export function channelEscalationsMessage(items: { action: Action; reason: string }[], today: string): Message {
  const lines = items.map(({ action: a, reason }) => `• ${actionLine(a, today)}\n   _${escapeMrkdwn(reason)}_ · ${ownerAndSponsor(a)}`);
  const n = items.length;
  return message(`Escalations: ${n} action${n === 1 ? "" : "s"}: ${items.map((i) => `${i.action.ref} (${i.reason})`).join(", ")}`, [
    section(`:rotating_light: *Escalations: ${n} action${n === 1 ? "" : "s"}* overdue or with reminders unanswered.`),
    ...sectionsOfLines(lines),
    context("`/plan <ref>` for an action's history. Each action is escalated here once a week at most."),
  ]);
}

/** To admins: something the bot should have sent could not go anywhere, and how to fix it. */
export function undeliverableNotice(
  n:
    | { kind: "escalation"; ref: string; error: string }
    | { kind: "escalations"; channel: string; error: string }
    | { kind: "reminder"; userId: string; error: string; refs: string[] }
    | { kind: "risk-review"; userId: string; error: string; risks: string[] }
    | { kind: "figures-due"; userId: string; error: string },
): string {
  switch (n.kind) {
    case "escalation":
      return `:warning: An escalation for action \`${escapeMrkdwn(n.ref)}\` could not be sent: ${escapeMrkdwn(n.error.replace(/^no recipient: /, ""))}. Give it a sponsor with \`/plan ${n.ref} sponsor @user\` or set where escalations go with \`/plan channel #channel\`.`;
    case "escalations":
      return `:warning: Escalations could not be posted in <#${n.channel}> (${escapeMrkdwn(n.error)}). Invite me there with \`/invite @Board Bot\`, or choose another channel with \`/plan channel #channel\`.`;
    case "reminder":
      return `:warning: Reminders to <@${n.userId}> cannot be delivered (${escapeMrkdwn(n.error)}): they may have left the workspace. Reassign their actions (${n.refs.map((r) => `\`${escapeMrkdwn(r)}\``).join(", ")}) with \`/plan <ref> owner @user\`.`;
    case "risk-review":
      return `:warning: Risk review reminders to <@${n.userId}> cannot be delivered (${escapeMrkdwn(n.error)}): they may have left the workspace. Give their risks (${n.risks.join(", ")}) a new owner with \`/plan risk <R…> owner @user\`.`;
    case "figures-due":
      return `:warning: "Figures due" reminders to <@${n.userId}> cannot be delivered (${escapeMrkdwn(n.error)}): they may have left the workspace. Change who records with \`/kpi <key> owner @user\`.`;
  }
}

export function actionDetailMessage(v: ActionView, today: string, zone: string): Message {
  const a = v.action;
  const lines = [`*${escapeMrkdwn(a.title)}*`];
  lines.push(`Theme: ${escapeMrkdwn(v.theme ? themeLabel(v.theme) : a.theme)}`);
  if (v.objective) lines.push(`Objective ${escapeMrkdwn(v.objective.ref)}: ${escapeMrkdwn(v.objective.text)}`);
  for (const r of v.recommendations) lines.push(`Answers recommendation \`${escapeMrkdwn(r.ref)}\`: ${escapeMrkdwn(clip(r.text, 300))}`);
  lines.push(
    `Owner: ${personText(a.ownerId, a.ownerName, { outside: true })} · Sponsor: ${a.sponsorId || a.sponsorName ? personText(a.sponsorId, a.sponsorName, { outside: true }) : "none"}`,
  );
  if (a.start) lines.push(`Start: by ${describeDate(a.start)}`);
  lines.push(
    `${a.due === null ? "Due: ongoing (reviewed monthly)" : `Due: ${describeDate(a.due)}${isOverdue(a, today) ? ` (*overdue by ${daysOverdue(a, today)} days*)` : ""}`}${v.redated ? ` · re-dated ${v.redated} time${v.redated === 1 ? "" : "s"}` : ""}`,
  );
  lines.push(`Status: *${STATUS_WORDS[a.status]}* ${ragText(a, today)}`);
  if (v.measure) lines.push(`${measureLine(v.measure, a)} (${escapeMrkdwn(v.measure.indicator.name)})`);
  if (a.measureText) lines.push(`Measure of success: ${escapeMrkdwn(a.measureText)}`);
  if (a.evidence) lines.push(`Evidence of impact: ${escapeMrkdwn(a.evidence)}`);
  const milestones = v.milestones.map(
    (m) =>
      `${m.n}. ${escapeMrkdwn(m.text)}: ${describeDate(m.due)}${m.doneAt ? ` :white_check_mark: done ${DateTime.fromJSDate(m.doneAt, { zone }).toFormat("d LLL yyyy")}` : isMilestoneOverdue(m, today) ? " *overdue*" : ""}`,
  );
  // Numbered from the oldest, as /plan <ref> redact <n> names them.
  const history = v.history.map(
    (u) =>
      `${u.n ? `${u.n}.` : "•"} ${u.kind === "due" ? `Due date ${u.oldDue ? describeDate(u.oldDue) : "ongoing"} → ${u.newDue ? describeDate(u.newDue) : "ongoing"}${u.noteRemoved ? `: _reason ${removalWords(u.noteRemoved, zone)}_` : u.note ? `: ${escapeMrkdwn(u.note)}` : ""} (${byText(u.by)}, ${DateTime.fromJSDate(u.at, { zone }).toFormat("d LLL yyyy")})` : updateWords(u, zone)}`,
  );
  return message(`Action ${a.ref}: ${escapeMrkdwn(a.title)}`, [
    header(`Action ${a.ref}`),
    section(lines.join("\n")),
    ...(milestones.length ? [section(`*Milestones*\n${milestones.join("\n")}`)] : []),
    section(`*History* (newest first)`),
    ...(history.length ? sectionsOfLines(history) : [context("No updates yet.")]),
  ]);
}

/** A list of actions (the caller's own), as they come. */
export function planListMessage(actions: Action[], redated: Map<string, number>, today: string, title: string): Message {
  if (actions.length === 0) return message(title, [section(`*${title}*: none.`)]);
  const lines = actions.map((a) => actionLine(a, today, redated.get(a.ref) ?? 0));
  return message(`${title}: ${actions.length}`, [header(`${title} (${actions.length})`), ...sectionsOfLines(lines)]);
}

/** The plan, or a part of it, in its own order: themes with their aims, objectives, actions. */
export function planTreeMessage(tree: ThemeNode[], redated: Map<string, number>, today: string, title: string): Message {
  const lines: string[] = [];
  let count = 0;
  for (const t of tree) {
    lines.push(`*${escapeMrkdwn(themeLabel(t.theme))}*${t.theme.aim ? `\n_Aim: ${escapeMrkdwn(t.theme.aim)}_` : ""}`);
    for (const item of themeItems(t)) {
      if (item.kind === "action") {
        lines.push(`• ${actionLine(item.action, today, redated.get(item.action.ref) ?? 0)}`);
        count++;
        continue;
      }
      lines.push(`*${escapeMrkdwn(item.node.objective.ref)}* ${escapeMrkdwn(item.node.objective.text)}`);
      for (const a of item.node.actions) lines.push(`• ${actionLine(a, today, redated.get(a.ref) ?? 0)}`);
      count += item.node.actions.length;
    }
  }
  if (count === 0) return message(title, [section(`*${title}*: none.`)]);
  return message(`${title}: ${count}`, [header(`${title} (${count})`), ...sectionsOfLines(lines)]);
}

export function planHelpMessage(): Message {
  return message(
    "How to use /plan",
    sectionsOfLines([
      "*The improvement plan in Slack.*",
      "• `/plan`: your open actions · `/plan list [theme]`: the plan in its own order (a theme by its number, such as `2`, or part of its name; an objective such as `2.1`)",
      "• `/plan 2.1.3`: one action with its milestones and history (`/plan 2` or `/plan 2.1`: a theme or an objective)",
      "• `/plan 2.1.3 on-track|at-risk|blocked|done [note…]`: update it (owner, sponsor or admin)",
      "• `/plan 2.1.3 due 2026-12-31 <reason…>`: a new due date, with the reason",
      "• `/plan 2.1.3 milestone add 2026-12-31 <text…>`, `/plan 2.1.3 milestone done 1`: milestones, reminded like a due date",
      "• `/plan recs`: each recommendation with the actions that answer it and their RAG",
      "• `/plan risks`: the risk register · `/plan risk add <theme> <likelihood 1-5> <impact 1-5> <risk…>` (admins) · `/plan risk R1 owner @user|review <date>|mitigation <text…>|rate <l> <i>|close <reason…>`",
      "• `/plan 2.1.3 owner @user` (or a name, for someone outside Slack), `/plan 2.1.3 sponsor @user`, `/plan 2.1.3 rag red <reason…>` (or `rag auto`), `/plan channel #channel`: admins",
      "• `/plan 2.1.3 redact 4 <reason…>`: remove the text of update 4 everywhere it is kept (admins)",
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
        label: { type: "plain_text", text: isDone ? "Evidence of impact" : "What is the risk or blocker?" },
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 500 },
        hint: { type: "plain_text", text: "Seen by the board. Never a child's name or details." },
      },
    ],
  };
}

export function dueModal(ref: string, currentDue: string | null, meta: string): ModalView {
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
        label: { type: "plain_text", text: currentDue ? `New due date (now ${describeDate(currentDue)})` : "Due date (now ongoing)" },
        element: { type: "datepicker", action_id: "value", ...(currentDue ? { initial_date: currentDue } : {}) },
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

/**
 * `attention`: the indicators a board must look at, with what is being done about them;
 * `key`: the indicators' SPC verdicts by icon (both already blocks).
 */
export function homeView(
  mine: Action[],
  today: string,
  indicatorLines: string[],
  issuedAt: number,
  attention: KnownBlock[] = [],
  key: KnownBlock[] = [],
): HomeView {
  const blocks: KnownBlock[] = [header("Your improvement plan actions")];
  if (mine.length === 0) blocks.push(context("You own no open actions."));
  for (const a of mine.slice(0, 20)) {
    blocks.push(section(actionLine(a, today)), answerButtons(a.ref, issuedAt));
  }
  if (mine.length > 20) blocks.push(context(`…and ${mine.length - 20} more: \`/plan\``));
  if (attention.length) blocks.push(divider(), header("Indicators that need attention"), ...attention);
  blocks.push(divider(), header("Indicators at a glance"), ...sectionsOfLines(indicatorLines.length ? indicatorLines : ["No indicators yet."]), ...key);
  return { type: "home", blocks: blocks.slice(0, 100) };
}

// What a person does in Slack's client, and what Slack then sends the bot:
// a slash command, a button click, a modal submitted or closed, the App Home
// opened. Each goes to the bot's /slack/events signed, as from Slack; what
// Slack shows when the bot fails to answer is shown the same way here.
import type { SlackEmulator } from "./emulator.js";
import {
  type BotAnswer,
  type BotEndpoint,
  blockActionsPayload,
  type ClickedButton,
  eventCallback,
  interactivityBody,
  sendToBot,
  slashCommandBody,
  type ViewStateValues,
  viewClosedPayload,
  viewSubmissionPayload,
} from "./to-bot.js";
import type { Json, View } from "./workspace.js";

export const SLACKBOT = { id: "USLACKBOT", name: "Slackbot", isBot: true };

export interface Outcome {
  ok: boolean;
  /** Field errors from a modal's response_action: errors, by block_id. */
  errors?: Record<string, string>;
}

function parseAck(answer: BotAnswer): Json | null {
  if (!answer.body.trim()) return null;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    return parsed && typeof parsed === "object" ? (parsed as Json) : { text: answer.body };
  } catch {
    return { text: answer.body };
  }
}

export class People {
  constructor(
    private readonly slack: SlackEmulator,
    private readonly bot: BotEndpoint,
    /** The slash commands the app's manifest declares. */
    private readonly commands: readonly string[] = ["/kpi", "/plan"],
  ) {
    slack.workspace.addPerson(SLACKBOT);
  }

  private get ws() {
    return this.slack.workspace;
  }

  private get teamId(): string {
    return this.slack.identity.teamId;
  }

  /** Slackbot's private word, as Slack shows a failure. */
  private slackbotSays(user: string, channel: string, text: string): void {
    this.ws.post({ channel, user: SLACKBOT.id, text, ephemeralTo: user });
  }

  /** Typed in the composer: a slash command goes to the bot; anything else is a message in the conversation. */
  async type(user: string, channel: string, text: string): Promise<Outcome> {
    const trimmed = text.trim();
    if (!trimmed) return { ok: false };
    if (!trimmed.startsWith("/")) {
      this.ws.post({ channel, user, text: trimmed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") });
      return { ok: true };
    }
    const [command = "", ...rest] = trimmed.split(/\s+/);
    if (!this.commands.includes(command)) {
      this.slackbotSays(
        user,
        channel,
        `\`${command}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
      );
      return { ok: false };
    }
    const args = this.escapeAsSlack(rest.join(" "));
    const conversation = this.ws.conversation(channel);
    const body = slashCommandBody({
      teamId: this.teamId,
      user,
      userName: this.ws.nameOf(user).toLowerCase().replace(/\W+/g, "."),
      channel,
      channelName: conversation.kind === "im" ? "directmessage" : conversation.name,
      command,
      text: args,
      responseUrl: this.slack.newResponseUrl({ user, channel, command: trimmed }),
      triggerId: this.slack.newTrigger(user),
    });
    const answer = await this.send(body, "application/x-www-form-urlencoded");
    if (answer.status !== 200) {
      this.slackbotSays(user, channel, `\`${command}\` failed with the error "${answer.status === 404 ? "operation_timeout" : "dispatch_failed"}"`);
      return { ok: false };
    }
    const ack = parseAck(answer);
    if (ack && (ack.text || ack.blocks)) {
      const inChannel = ack.response_type === "in_channel";
      this.ws.post({
        channel,
        user: this.slack.identity.botUserId,
        text: String(ack.text ?? ""),
        ...(Array.isArray(ack.blocks) ? { blocks: ack.blocks as Json[] } : {}),
        ...(inChannel ? {} : { ephemeralTo: user, inReplyTo: trimmed }),
      });
    }
    return { ok: true };
  }

  /**
   * Command text as Slack delivers it with should_escape: &, < and > escaped,
   * and @name and #channel (Slack's client turns them into these as you type)
   * as <@U…> and <#C…|name>.
   */
  escapeAsSlack(text: string): string {
    const held: string[] = [];
    const hold = (t: string) => `\u0001${held.push(t) - 1}\u0001`;
    const literal = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    let s = text.replace(/<[@#][UWCG][A-Z0-9]{2,20}(?:\|[^<>]*)?>/g, hold);
    const names = [...this.ws.people.values()].flatMap((p) => [p.name, ...(p.handle ? [p.handle] : [])].map((n) => ({ n, id: p.id })));
    for (const { n, id } of names.sort((a, b) => b.n.length - a.n.length)) {
      s = s.replace(new RegExp(`@${literal(n)}(?![\\w])`, "gi"), () => hold(`<@${id}>`));
    }
    for (const c of this.ws.conversations.values()) {
      if (c.kind === "channel") s = s.replace(new RegExp(`#${literal(c.name)}(?![\\w-])`, "g"), () => hold(`<#${c.id}|${c.name}>`));
    }
    return (
      s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        // biome-ignore lint/suspicious/noControlCharactersInRegex: \u0001 marks text held aside while escaping; users cannot type it
        .replace(/\u0001(\d+)\u0001/g, (_, i: string) => held[Number(i)]!)
    );
  }

  /** A button in a message. */
  async clickInMessage(user: string, channel: string, ts: string, button: ClickedButton): Promise<Outcome> {
    const m = this.ws.find(channel, ts);
    if (!m) return { ok: false };
    const payload = blockActionsPayload({
      user,
      teamId: this.teamId,
      triggerId: this.slack.newTrigger(user),
      button,
      where: {
        channel,
        ts,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
        ephemeral: Boolean(m.ephemeralTo),
        responseUrl: this.slack.newResponseUrl({ user, channel, messageTs: ts }),
      },
    });
    return this.interact(user, channel, payload);
  }

  /** A button in a modal or the Home tab. */
  async clickInView(user: string, view: View, button: ClickedButton): Promise<Outcome> {
    const payload = blockActionsPayload({
      user,
      teamId: this.teamId,
      triggerId: this.slack.newTrigger(user),
      button,
      where: { view: { ...view.view, id: view.id, type: view.type } },
    });
    return this.interact(user, this.ws.openDm(user).id, payload);
  }

  private async interact(user: string, channel: string, payload: Json): Promise<Outcome> {
    const answer = await this.send(interactivityBody(payload), "application/x-www-form-urlencoded");
    if (answer.status !== 200) {
      this.slackbotSays(
        user,
        channel,
        `${this.slack.identity.botName} did not answer in time (HTTP ${answer.status}), so Slack showed an error on the button.`,
      );
      return { ok: false };
    }
    return { ok: true };
  }

  /** Submit the person's top modal with the values typed, by block_id. */
  async submit(user: string, values: Record<string, string>): Promise<Outcome> {
    const view = this.ws.topModal(user);
    if (!view) return { ok: false };
    const state: ViewStateValues = {};
    for (const b of (view.view.blocks as Json[] | undefined) ?? []) {
      if (b.type !== "input" || typeof b.block_id !== "string") continue;
      const el = (b.element ?? {}) as Json;
      const actionId = String(el.action_id ?? "value");
      const raw = values[b.block_id] ?? "";
      const typed =
        el.type === "datepicker"
          ? { type: "datepicker", selected_date: raw || null }
          : el.type === "static_select"
            ? { type: "static_select", selected_option: raw ? (((el.options as Json[]) ?? []).find((o) => o.value === raw) ?? null) : null }
            : { type: String(el.type), value: raw || null };
      state[b.block_id] = { [actionId]: typed };
    }
    const payload = viewSubmissionPayload({
      user,
      teamId: this.teamId,
      triggerId: this.slack.newTrigger(user),
      view: { ...view.view, id: view.id },
      values: state,
    });
    const answer = await this.send(interactivityBody(payload), "application/x-www-form-urlencoded");
    if (answer.status !== 200) {
      return {
        ok: false,
        errors: { "": `${this.slack.identity.botName} did not answer (HTTP ${answer.status}). Slack would say: "We had some trouble connecting. Try again?"` },
      };
    }
    const ack = parseAck(answer) ?? {};
    switch (ack.response_action) {
      case "errors":
        return { ok: false, errors: (ack.errors as Record<string, string>) ?? {} };
      case "update":
        this.ws.updateView(view.id, ack.view as Json);
        return { ok: true };
      case "push":
        this.ws.pushModal(user, ack.view as Json);
        return { ok: true };
      case "clear":
        this.ws.closeModal(user, true);
        return { ok: true };
      default:
        this.ws.closeModal(user);
        return { ok: true };
    }
  }

  /** Cancel, Escape or the close button: Slack tells the app only when the view asked (notify_on_close). */
  async close(user: string): Promise<Outcome> {
    const view = this.ws.topModal(user);
    if (!view) return { ok: false };
    this.ws.closeModal(user);
    if (view.view.notify_on_close === true) {
      await this.send(
        interactivityBody(viewClosedPayload({ user, teamId: this.teamId, triggerId: this.slack.newTrigger(user), view: { ...view.view, id: view.id } })),
        "application/x-www-form-urlencoded",
      );
    }
    return { ok: true };
  }

  /** Opening the app's Home or Messages tab sends app_home_opened. */
  async openApp(user: string, tab: "home" | "messages"): Promise<Outcome> {
    const home = this.ws.home(user);
    const event = {
      type: "app_home_opened",
      user,
      channel: this.ws.openDm(user).id,
      tab,
      ...(home && tab === "home" ? { view: { ...home.view, id: home.id } } : {}),
    };
    const answer = await this.send(JSON.stringify(eventCallback(this.teamId, this.slack.identity.botUserId, event)), "application/json");
    return { ok: answer.status === 200 };
  }

  private send(body: string, type: "application/x-www-form-urlencoded" | "application/json"): Promise<BotAnswer> {
    return sendToBot(this.bot, body, type);
  }
}

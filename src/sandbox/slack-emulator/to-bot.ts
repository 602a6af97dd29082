// What Slack sends the bot, shaped as Slack sends it (see
// shared/reference/slack/samples): slash commands, interactivity payloads and
// events, signed and POSTed to the app's /slack/events.
import { signedHeaders } from "./signer.js";

export const API_APP_ID = "A0123456789";

export interface BotEndpoint {
  /** The app's request URL, e.g. http://127.0.0.1:3001/slack/events. */
  url: string;
  signingSecret: string;
}

export interface BotAnswer {
  status: number;
  /** The ack's body: empty, or JSON such as {"response_action":"errors",…}. */
  body: string;
}

/** A signed POST, exactly as Slack makes it (Bolt compares the content type exactly). */
export async function sendToBot(
  endpoint: BotEndpoint,
  body: string,
  contentType: "application/x-www-form-urlencoded" | "application/json",
): Promise<BotAnswer> {
  const res = await fetch(endpoint.url, { method: "POST", headers: signedHeaders(endpoint.signingSecret, body, contentType), body });
  return { status: res.status, body: await res.text() };
}

export interface SlashCommand {
  teamId: string;
  user: string;
  userName: string;
  channel: string;
  channelName: string;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}

/** The form body of a slash command, with every field Slack sends. */
export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams({
    token: "verification-token-unused",
    team_id: c.teamId,
    team_domain: "council",
    channel_id: c.channel,
    channel_name: c.channelName,
    user_id: c.user,
    user_name: c.userName,
    command: c.command,
    text: c.text,
    api_app_id: API_APP_ID,
    is_enterprise_install: "false",
    response_url: c.responseUrl,
    trigger_id: c.triggerId,
  }).toString();
}

/** Interactivity arrives as one form field, payload, holding JSON. */
export function interactivityBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The fields every interactivity payload carries. */
export function envelope(type: string, user: string, teamId: string, triggerId: string): Record<string, unknown> {
  const name = user.toLowerCase();
  return {
    type,
    team: { id: teamId, domain: "council" },
    user: { id: user, username: name, name, team_id: teamId },
    api_app_id: API_APP_ID,
    token: "verification-token-unused",
    trigger_id: triggerId,
  };
}

export interface ClickedButton {
  actionId: string;
  blockId: string;
  value: string;
  text: string;
}

/** A button click in a message (channel and ts) or in a view (Home tab or modal). */
export function blockActionsPayload(opts: {
  user: string;
  teamId: string;
  triggerId: string;
  button: ClickedButton;
  where:
    | { channel: string; ts: string; text?: string; blocks?: unknown[]; ephemeral?: boolean; responseUrl: string }
    | { view: Record<string, unknown> & { id: string; type: string } };
}): Record<string, unknown> {
  const { button, where } = opts;
  const action = {
    action_id: button.actionId,
    block_id: button.blockId,
    type: "button",
    value: button.value,
    text: { type: "plain_text", text: button.text },
    action_ts: `${Date.now() / 1000}`,
  };
  const common = envelope("block_actions", opts.user, opts.teamId, opts.triggerId);
  if ("view" in where) {
    return { ...common, container: { type: "view", view_id: where.view.id }, view: where.view, actions: [action] };
  }
  return {
    ...common,
    container: { type: "message", message_ts: where.ts, channel_id: where.channel, is_ephemeral: where.ephemeral ?? false },
    channel: { id: where.channel, name: where.channel.startsWith("D") ? "directmessage" : where.channel },
    message: { type: "message", ts: where.ts, text: where.text ?? "", ...(where.blocks ? { blocks: where.blocks } : {}) },
    response_url: where.responseUrl,
    actions: [action],
  };
}

/** Input values as Slack reports them: state.values[block_id][action_id] = { type, value | selected_date }. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

export function viewSubmissionPayload(opts: {
  user: string;
  teamId: string;
  triggerId: string;
  view: Record<string, unknown> & { id: string };
  values: ViewStateValues;
}): Record<string, unknown> {
  return {
    ...envelope("view_submission", opts.user, opts.teamId, opts.triggerId),
    view: { team_id: opts.teamId, type: "modal", hash: "1.abc", ...opts.view, state: { values: opts.values } },
    response_urls: [],
  };
}

export function viewClosedPayload(opts: {
  user: string;
  teamId: string;
  triggerId: string;
  view: Record<string, unknown> & { id: string };
}): Record<string, unknown> {
  return { ...envelope("view_closed", opts.user, opts.teamId, opts.triggerId), view: opts.view, is_cleared: false };
}

/** An Events API delivery (application/json), e.g. app_home_opened. */
export function eventCallback(teamId: string, botUserId: string, event: Record<string, unknown>): Record<string, unknown> {
  const now = Date.now();
  return {
    token: "verification-token-unused",
    team_id: teamId,
    api_app_id: API_APP_ID,
    type: "event_callback",
    event: { ...event, event_ts: `${now / 1000}` },
    event_id: `Ev${now.toString(36).toUpperCase()}`,
    event_time: Math.floor(now / 1000),
    authorizations: [{ team_id: teamId, user_id: botUserId, is_bot: true }],
  };
}

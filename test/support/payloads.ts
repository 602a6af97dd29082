// Interactivity payloads shaped as Slack sends them (see shared/reference/slack/samples).
import { TEAM_ID } from "./fake-slack.js";

let seq = 0;

/** The fields every interactivity payload carries. */
function envelope(type: string, user: string): Record<string, unknown> {
  seq++;
  return {
    type,
    team: { id: TEAM_ID, domain: "council" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: "A0123456789",
    token: "verification-token-unused",
    trigger_id: `${seq}.42.trigger`,
  };
}

export function blockActions(opts: {
  user: string;
  actionId: string;
  value: string;
  channel?: string;
  ts?: string;
  home?: boolean;
  responseUrl: string;
}): Record<string, unknown> {
  return {
    ...envelope("block_actions", opts.user),
    container: opts.home ? { type: "view", view_id: "V0000000001" } : { type: "message", message_ts: opts.ts, channel_id: opts.channel, is_ephemeral: false },
    ...(opts.home
      ? { view: { id: "V0000000001", type: "home" } }
      : { channel: { id: opts.channel, name: "directmessage" }, message: { type: "message", ts: opts.ts, text: "reminder" }, response_url: opts.responseUrl }),
    actions: [
      {
        action_id: opts.actionId,
        block_id: "act:x",
        type: "button",
        value: opts.value,
        text: { type: "plain_text", text: "x" },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export function viewSubmission(opts: {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
}): Record<string, unknown> {
  return {
    ...envelope("view_submission", opts.user),
    view: {
      id: `V${String(seq).padStart(10, "0")}`,
      team_id: TEAM_ID,
      type: "modal",
      callback_id: opts.callbackId,
      private_metadata: opts.privateMetadata,
      state: { values: opts.values },
      hash: "1.abc",
      blocks: [],
      title: { type: "plain_text", text: "x" },
    },
    response_urls: [],
  };
}

// Interactivity payloads shaped as Slack sends them: the emulator's builders
// (src/sandbox/slack-emulator/to-bot.ts), with the tests' made-up triggers.
import { blockActionsPayload, viewSubmissionPayload } from "../../src/sandbox/slack-emulator/index.js";
import { TEAM_ID } from "./fake-slack.js";

let seq = 0;
const trigger = () => `${++seq}.42.trigger`;

export function blockActions(opts: {
  user: string;
  actionId: string;
  value: string;
  channel?: string;
  ts?: string;
  home?: boolean;
  responseUrl: string;
}): Record<string, unknown> {
  const button = { actionId: opts.actionId, blockId: "act:x", value: opts.value, text: "x" };
  const where = opts.home
    ? { view: { id: "V0000000001", type: "home" } }
    : { channel: opts.channel ?? "", ts: opts.ts ?? "", text: "reminder", responseUrl: opts.responseUrl };
  return blockActionsPayload({ user: opts.user, teamId: TEAM_ID, triggerId: trigger(), button, where });
}

export function viewSubmission(opts: {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
}): Record<string, unknown> {
  const view = {
    id: `V${String(seq + 1).padStart(10, "0")}`,
    callback_id: opts.callbackId,
    private_metadata: opts.privateMetadata,
    blocks: [],
    title: { type: "plain_text", text: "x" },
  };
  return viewSubmissionPayload({ user: opts.user, teamId: TEAM_ID, triggerId: trigger(), view, values: opts.values });
}

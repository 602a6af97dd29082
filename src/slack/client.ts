// A Web API client for work that happens outside a Slack request (the
// scheduler, the CLI): same URL and token as the app, bounded retries.
import { type RetryOptions, WebClient } from "@slack/web-api";
import type { Config } from "../config.js";
import { boltLogger, type Logger } from "../log.js";
import { classifySlackError } from "./errors.js";

/** 5xx and time-outs are retried with back-off; a 429 waits as long as Slack says. */
export const SCHEDULER_RETRIES: RetryOptions = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };

export function createWebClient(config: Config, log: Logger, retryConfig: RetryOptions = SCHEDULER_RETRIES): WebClient {
  return new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, retryConfig, timeout: 30_000, logger: boltLogger(log) });
}

/**
 * File uploads in flight at once, at most, per Web API client (the
 * scheduler's own, or Bolt's for people's commands, so a chart someone asked
 * for never queues behind a digest run's). Each upload copies its bytes a few
 * times on the way out (a form, a stream); 50 channels' digests uploading
 * together took the process past 250 MB. Slack takes uploads at about 100 a
 * minute anyway (files.getUploadURLExternal and files.completeUploadExternal
 * are tier 4), so a few at a time lose nothing.
 */
const UPLOADS_AT_ONCE = 4;
const uploads = new WeakMap<WebClient, { running: number; waiting: (() => void)[] }>();

async function uploadTurn<T>(client: WebClient, upload: () => Promise<T>): Promise<T> {
  let q = uploads.get(client);
  if (!q) {
    q = { running: 0, waiting: [] };
    uploads.set(client, q);
  }
  if (q.running >= UPLOADS_AT_ONCE) await new Promise<void>((resolve) => q.waiting.push(resolve));
  q.running++;
  try {
    return await upload();
  } finally {
    q.running--;
    q.waiting.shift()?.();
  }
}

export async function uploadFile(
  client: WebClient,
  args: { channelId: string; bytes: Buffer | string; filename: string; title: string; altText?: string; comment?: string },
): Promise<void> {
  await uploadTurn(client, () =>
    client.filesUploadV2({
      channel_id: args.channelId,
      file: typeof args.bytes === "string" ? Buffer.from(args.bytes, "utf8") : args.bytes,
      filename: args.filename,
      title: args.title,
      ...(args.altText ? { alt_text: args.altText } : {}),
      ...(args.comment ? { initial_comment: args.comment } : {}),
    }),
  );
}

/** Upload a file shared nowhere: only the bot can see it until a message shows it by id. Returns its file id. */
export async function uploadUnsharedFile(client: WebClient, args: { bytes: Buffer; filename: string; title: string; altText: string }): Promise<string> {
  const r = (await client.filesUploadV2({ file: args.bytes, filename: args.filename, title: args.title, alt_text: args.altText })) as {
    files?: { files?: { id?: string }[] }[];
  };
  const id = r.files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error("files.completeUploadExternal returned no file id");
  return id;
}

const workspaces = new Map<string, Promise<string>>();

/** The workspace (team id) the client's token belongs to: asked of Slack once per token and process. */
export function workspaceOf(client: WebClient): Promise<string> {
  const key = `${client.slackApiUrl} ${client.token ?? ""}`;
  let team = workspaces.get(key);
  if (!team) {
    team = client.auth.test().then((r) => {
      if (!r.team_id) throw new Error("auth.test returned no team_id");
      return r.team_id;
    });
    // A failure is not remembered: the next message asks again.
    team.catch(() => workspaces.delete(key));
    workspaces.set(key, team);
  }
  return team;
}

/** Can the bot post here? Ask Slack rather than fail at 09:00 on Monday: null if it can, or Slack's reason. */
export async function postingProblem(client: WebClient, channelId: string): Promise<string | null> {
  if (channelId.startsWith("D")) return null;
  try {
    const info = await client.conversations.info({ channel: channelId });
    if (info.channel?.is_archived) return "is_archived";
    return info.channel?.is_member === false ? "not_in_channel" : null;
  } catch (e) {
    return classifySlackError(e).error;
  }
}

/** Display names for user ids (users.info): best effort, so an id Slack will not name, or any error, leaves it out. */
export function slackNames(client: WebClient): (userIds: string[]) => Promise<Map<string, string>> {
  return async (userIds) => {
    const names = new Map<string, string>();
    for (const id of userIds) {
      try {
        const u = (await client.users.info({ user: id })).user;
        const name = u?.profile?.real_name || u?.real_name || u?.name;
        if (name) names.set(id, name);
      } catch (e) {
        // Slack unreachable or refusing: one failure says enough; the rest stay ids.
        if (classifySlackError(e).error !== "user_not_found") break;
      }
    }
    return names;
  };
}

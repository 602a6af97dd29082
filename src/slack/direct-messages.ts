// Direct messages from the bot. A person's DM channel with the bot never
// changes, so it is asked of Slack (conversations.open, tier 3: about 50 calls
// a minute) once per person and client, not once per message. And those asks
// go one at a time: 200 owners' reminders due at once sent 200 opens
// together, and after each 429 every waiting one tried again at the same
// moment (about 1,600 refusals for 200 DMs in the benchmark).
import type { WebClient } from "@slack/web-api";
import { classifySlackError } from "./errors.js";

interface DmChannels {
  /** User id → DM channel id, as Slack gave it. */
  known: Map<string, string>;
  /** The last conversations.open asked: the next waits for it. */
  last: Promise<unknown>;
}

const channelsByClient = new WeakMap<WebClient, DmChannels>();

function channelsOf(client: WebClient): DmChannels {
  let c = channelsByClient.get(client);
  if (!c) {
    c = { known: new Map(), last: Promise.resolve() };
    channelsByClient.set(client, c);
  }
  return c;
}

async function openDm(client: WebClient, userId: string): Promise<string> {
  const c = channelsOf(client);
  const known = c.known.get(userId);
  if (known) return known;
  const ask = async (): Promise<string> => {
    const asked = c.known.get(userId); // by a DM to the same person just before this one
    if (asked) return asked;
    const channel = (await client.conversations.open({ users: userId })).channel?.id;
    if (!channel) throw new Error("conversations.open returned no channel");
    c.known.set(userId, channel);
    return channel;
  };
  const open = c.last.then(ask, ask);
  c.last = open.catch(() => undefined);
  return open;
}

/** Slack's refusals that say the channel itself is no longer one to post in (not, say, a message too long). */
const CHANNEL_GONE = new Set(["channel_not_found", "is_archived", "not_in_channel", "cannot_dm_bot", "account_inactive", "user_disabled", "user_not_found"]);

const channelGone = (e: unknown): boolean => CHANNEL_GONE.has(classifySlackError(e).error);

/** Post a DM to a person; returns where it went. Slack's errors (user_not_found, account_inactive...) are thrown as they come. */
export async function dm(client: WebClient, userId: string, text: string, blocks?: unknown[]): Promise<{ channel: string; ts: string }> {
  const post = async (channel: string) => {
    const r = await client.chat.postMessage({ channel, text, ...(blocks ? { blocks: blocks as never } : {}) });
    return { channel, ts: r.ts ?? "" };
  };
  const wasKnown = channelsOf(client).known.has(userId);
  const channel = await openDm(client, userId);
  try {
    return await post(channel);
  } catch (e) {
    if (!wasKnown || !channelGone(e)) throw e;
    // Slack refused a channel remembered from before (the person may have
    // left): forget it and ask again, so the error is Slack's word on the
    // person now. A refused post was not posted, so nothing goes twice.
    channelsOf(client).known.delete(userId);
    return post(await openDm(client, userId));
  }
}

// What to tell a person when the bot cannot post in a channel, by Slack's error code.
import { channel, code, type Words, words } from "../domain/words.js";

export function channelProblemAdvice(error: string, channelId: string): Words {
  switch (error) {
    case "not_in_channel":
    case "channel_not_found":
      return words`I can't post in ${channel(channelId)}: invite me there with ${code("/invite @Board Bot")}, then try again.`;
    case "is_archived":
      return words`${channel(channelId)} is archived, so I can't post there.`;
    default:
      return words`Slack refused the post to ${channel(channelId)} (${error}).`;
  }
}

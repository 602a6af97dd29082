// The floor: a bare Bolt app over HTTP that only acks /kpi and /plan, under
// plain node. Same receiver as the bot (HTTPReceiver), same signing secret.
import bolt from "@slack/bolt";

const { App, HTTPReceiver } = bolt;
const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, endpoints: "/slack/events" });
const app = new App({
  receiver,
  authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN, botId: "B0", botUserId: "U0" }),
});
app.command(/.*/, async ({ ack }) => ack());
await app.start(Number(process.env.PORT));
process.stdout.write("ready\n");

// The ack floor: a bare Bolt app with the bot's Bolt (@slack/bolt's own
// HTTPReceiver, the same signing secret, the same kind of authorize), that only
// acks /kpi. Started with plain node like the bot (bench/lib/transpile.ts
// compiles it), on PORT; prints "ready" when it listens.
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

const port = Number(process.env.PORT);
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? "";
const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events" });
const app = new App({
  receiver,
  logLevel: LogLevel.ERROR,
  authorize: async () => ({ botToken: "xoxb-bare-bolt", botId: "B0BAREBOLT1", botUserId: "U0BAREBOLT1" }),
});
app.command("/kpi", async ({ ack }) => {
  await ack();
});
await app.start(port);
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});

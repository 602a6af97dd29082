// The load generator: slash commands signed and shaped exactly as Slack sends
// them (src/sandbox/slack-emulator's signer), over undici with keep-alive, the
// ack timed from the first byte sent to the last byte of Bolt's answer, and the
// answer timed until it lands at the fake Slack (response_url, or the file
// shared to the channel for charts).
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { signedHeaders, slashCommandBody } from "../../src/sandbox/slack-emulator/index.js";
import type { BenchSlack } from "./bench-slack.js";

export const SIGNING_SECRET = "benchsigningsecret0123456789abcd";
export const TEAM_ID = "T0123456789";

export interface Sent {
  status: number;
  /** ms from sending the request to the end of the ack. */
  ackMs: number;
  /** ms from sending the request to the answer landing at Slack; null when no answer was awaited. */
  answerMs: number | null;
}

export interface Command {
  text: string;
  user: string;
  channel: string;
  /** How the answer arrives: at response_url (most), as a file shared to the channel (chart, spc), or not awaited (the floor). */
  answer: "response" | "upload" | "none";
}

let seq = 0;

export class SlackSender {
  private readonly agent = new Agent({ connections: 128, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 120_000 });

  constructor(
    private readonly eventsUrl: string,
    private readonly slack: BenchSlack,
  ) {}

  /** Open connections before measuring (the bot's server closes idle ones after 5 s). */
  async warm(connections: number): Promise<void> {
    const url = new URL(this.eventsUrl);
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const res = await request(`${url.origin}/healthz`, { dispatcher: this.agent }).catch(() => null);
        await res?.body.text();
      }),
    );
  }

  async send(c: Command, answerTimeoutMs = 120_000): Promise<Sent> {
    const id = `b${++seq}`;
    const body = slashCommandBody({
      teamId: TEAM_ID,
      user: c.user,
      userName: c.user.toLowerCase(),
      channel: c.channel,
      channelName: "bench",
      command: "/kpi",
      text: c.text,
      responseUrl: this.slack.responseUrl(id),
      triggerId: `1337.42.${id}`,
    });
    const headers = {
      ...signedHeaders(SIGNING_SECRET, body, "application/x-www-form-urlencoded"),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    };
    const answered =
      c.answer === "response"
        ? this.slack.answerLanded(id, answerTimeoutMs)
        : c.answer === "upload"
          ? this.slack.uploadLanded(c.channel, answerTimeoutMs)
          : null;
    answered?.catch(() => undefined); // awaited below; a failed ack must not leave it unhandled
    const t0 = performance.now();
    const res = await request(this.eventsUrl, { method: "POST", headers, body, dispatcher: this.agent });
    await res.body.text();
    const ackMs = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${c.text}: the ack was HTTP ${res.statusCode}`);
    const answerMs = answered ? (await answered) - t0 : null;
    return { status: res.statusCode, ackMs, answerMs };
  }

  /** One request at a time (each awaits its answer before the next is sent). */
  async sequence(commands: Command[]): Promise<Sent[]> {
    const out: Sent[] = [];
    for (const c of commands) out.push(await this.send(c));
    return out;
  }

  /** All at once, as 50 people pressing enter together; resolves when every answer has landed. */
  wave(commands: Command[]): Promise<Sent[]> {
    return Promise.all(commands.map((c) => this.send(c)));
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

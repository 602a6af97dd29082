// The fan-out floor: the same Slack calls the bot made, in the same order, one
// after another, from a bare WebClient with the bot's retry settings: nothing
// else. Reads the calls from the JSON file named by its argument, prints
// "ready", starts on a line on stdin, prints "done <ms>" and exits.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { LogLevel, type RetryOptions, WebClient } from "@slack/web-api";

export type ReplayStep =
  | { kind: "call"; method: string; args: Record<string, unknown> }
  | { kind: "upload"; channelId: string; bytesBase64: string; filename: string; title: string; altText?: string; comment?: string };

export interface ReplayPlan {
  apiUrl: string;
  token: string;
  retryConfig: RetryOptions;
  steps: ReplayStep[];
}

const plan = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as ReplayPlan;
const client = new WebClient(plan.token, { slackApiUrl: plan.apiUrl, retryConfig: plan.retryConfig, timeout: 30_000, logLevel: LogLevel.ERROR });
const steps = plan.steps.map((s) => (s.kind === "upload" ? { ...s, bytes: Buffer.from(s.bytesBase64, "base64") } : s));

process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const _ of lines) break;
const started = performance.now();
for (const s of steps) {
  if (s.kind === "call") {
    await client.apiCall(s.method, s.args);
  } else if ("bytes" in s) {
    await client.filesUploadV2({
      channel_id: s.channelId,
      file: s.bytes,
      filename: s.filename,
      title: s.title,
      ...(s.altText ? { alt_text: s.altText } : {}),
      ...(s.comment ? { initial_comment: s.comment } : {}),
    });
  }
}
process.stdout.write(`done ${performance.now() - started}\n`);
process.exit(0);

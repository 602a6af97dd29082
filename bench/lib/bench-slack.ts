// The benchmarks' Slack: the emulator the tests and the sandbox use
// (src/sandbox/slack-emulator), on its own loopback port, with its rate limits
// switchable, and the instant (performance.now) each answer and each Web API
// call landed, so that latencies are measured where Slack would see them.
import { performance } from "node:perf_hooks";
import { type ApiCall, RateLimits, SlackEmulator } from "../../src/sandbox/slack-emulator/index.js";

export const BOT_TOKEN = "xoxb-bench-0000000000-token";

type Waiter = { resolve: (at: number) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class BenchSlack extends SlackEmulator {
  /** performance.now() when each call in `calls` landed (same index). */
  readonly callTimes: number[] = [];
  private seenCalls = 0;
  private seenResponses = 0;
  private readonly responseWaiters = new Map<string, Waiter>();
  /** Waiting for a file shared to a channel (files.completeUploadExternal): chart and SPC answers. */
  private readonly uploadWaiters = new Map<string, Waiter>();
  private readonly limits = new RateLimits();
  /** Calls real Slack would have refused (bad arguments, Block Kit limits), over the whole run, and the first few. */
  violationCount = 0;
  readonly violationExamples: string[] = [];

  constructor() {
    super({ botToken: BOT_TOKEN });
  }

  /** Slack's rate limits on (the fan-outs) or off (answers: they measure the bot, not Slack's quota). */
  setRateLimits(on: boolean): void {
    this.limits.reset();
    this.rateLimits = on ? this.limits : null;
  }

  resetRateLimits(): void {
    this.limits.reset();
  }

  protected override notify(): void {
    const at = performance.now();
    while (this.seenResponses < this.responses.length) {
      const r = this.responses[this.seenResponses++]!;
      settle(this.responseWaiters, r.id, at);
    }
    while (this.seenCalls < this.calls.length) {
      const c = this.calls[this.seenCalls++]!;
      this.callTimes.push(at);
      if (c.method === "files.completeUploadExternal") settle(this.uploadWaiters, String(c.args.channel_id ?? ""), at);
    }
    super.notify();
  }

  /** Resolves with the instant a reply to response_url `id` lands. */
  answerLanded(id: string, timeoutMs = 60_000): Promise<number> {
    return wait(this.responseWaiters, id, timeoutMs, `an answer to response_url ${id}`);
  }

  /** Resolves with the instant a file is shared to `channel`. */
  uploadLanded(channel: string, timeoutMs = 60_000): Promise<number> {
    return wait(this.uploadWaiters, channel, timeoutMs, `a file shared to ${channel}`);
  }

  /** Accepted calls since index `from`, each with the instant it landed. */
  callsSince(from: number): (ApiCall & { landed: number })[] {
    return this.calls.slice(from).map((c, i) => ({ ...c, landed: this.callTimes[from + i]! }));
  }

  /** Forget what was sent so far (calls, answers, uploaded bytes, refusals), so a long run stays small. */
  forget(): void {
    this.violationCount += this.violations.length;
    for (const v of this.violations) if (this.violationExamples.length < 5) this.violationExamples.push(v.slice(0, 300));
    this.calls.splice(0);
    this.callTimes.splice(0);
    this.responses.splice(0);
    this.refused.splice(0);
    this.violations.splice(0);
    // Files stay, as they do in Slack (the bot keeps the SPC icons' file ids across runs); only their bytes go.
    for (const [id, file] of this.uploads) {
      if (file.completed) file.bytes = Buffer.alloc(0);
      else this.uploads.delete(id);
    }
    this.seenCalls = 0;
    this.seenResponses = 0;
  }
}

function settle(waiters: Map<string, Waiter>, key: string, at: number): void {
  const w = waiters.get(key);
  if (!w) return;
  waiters.delete(key);
  clearTimeout(w.timer);
  w.resolve(at);
}

function wait(waiters: Map<string, Waiter>, key: string, timeoutMs: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(key);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    waiters.set(key, { resolve, reject, timer });
  });
}

// Start-up asks Slack who the bot token belongs to (auth.test). A token Slack
// rejects stops the bot; Slack being unreachable is retried with back-off and
// logged, without stopping. After start-up the check repeats every few
// minutes, so that /healthz tells the truth about a token revoked later.
import { WebClient } from "@slack/web-api";
import { boltLogger, type Logger } from "../log.js";
import { type Backoff, backoffDelay, type ConnectionStatus, isTokenRejection, TokenRejectedError } from "./connection-status.js";

export const RECHECK_EVERY_MS = 5 * 60_000;

type Check = { kind: "ok"; botId?: string; userId?: string } | { kind: "rejected"; error: string } | { kind: "unreachable"; error: string };

async function checkOnce(client: WebClient): Promise<Check> {
  try {
    const r = await client.auth.test();
    return { kind: "ok", ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { userId: r.user_id } : {}) };
  } catch (e) {
    if (isTokenRejection(e)) return { kind: "rejected", error: e.data.error };
    const err = e as { code?: string; data?: { error?: string }; message?: string };
    return { kind: "unreachable", error: err.data?.error ?? err.code ?? err.message ?? String(e) };
  }
}

export interface TokenWatch {
  stop(): void;
}

/**
 * Checks the token once (throws TokenRejectedError if Slack refuses it), then
 * keeps checking in the background: with back-off while Slack is unreachable,
 * and every RECHECK_EVERY_MS once it answers. `onRejectedBeforeFirstAnswer`
 * is called if Slack, unreachable at start-up, later refuses the token.
 */
export async function watchToken(opts: {
  token: string;
  apiUrl: string;
  status: ConnectionStatus;
  log: Logger;
  backoff: Backoff;
  onRejectedBeforeFirstAnswer: (e: TokenRejectedError) => void;
}): Promise<TokenWatch> {
  const { status, log } = opts;
  // No retries inside the client: this loop decides when to try again.
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    rejectRateLimitedCalls: true,
    logger: boltLogger(log),
  });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let answered = false;
  let attempt = 0;

  const apply = (c: Check): void => {
    if (c.kind === "ok") {
      if (status.token !== "ok") log.info({ botUserId: c.userId }, "Slack accepted the bot token");
      status.token = "ok";
      status.botId = c.botId;
      status.botUserId = c.userId;
      answered = true;
      attempt = 0;
    } else if (c.kind === "rejected") {
      if (status.token !== "rejected") log.error({ error: c.error }, "Slack rejected SLACK_BOT_TOKEN");
      status.token = "rejected";
    } else {
      attempt += 1;
      log.warn({ error: c.error, attempt }, "Slack did not answer auth.test; will try again");
      status.token = "unreachable";
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    const delay = status.token === "unreachable" ? backoffDelay(opts.backoff, attempt) : RECHECK_EVERY_MS;
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  };

  const tick = async (): Promise<void> => {
    const c = await checkOnce(client);
    if (stopped) return;
    const wasAnswered = answered;
    apply(c);
    if (c.kind === "rejected" && !wasAnswered) {
      stopped = true;
      opts.onRejectedBeforeFirstAnswer(new TokenRejectedError("SLACK_BOT_TOKEN", c.error));
      return;
    }
    schedule();
  };

  const first = await checkOnce(client);
  if (first.kind === "rejected") throw new TokenRejectedError("SLACK_BOT_TOKEN", first.error);
  apply(first);
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

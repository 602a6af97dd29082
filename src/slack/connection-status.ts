// What /healthz says about Slack: whether the bot token works (auth.test at
// start-up and every few minutes after) and, in Socket Mode, whether the
// socket is up. "rejected" wins over "unreachable", which wins over "ok".
export type SlackHealth = "ok" | "unreachable" | "rejected";

export class ConnectionStatus {
  token: SlackHealth = "unreachable";
  /** null in HTTP mode, where there is no socket. */
  socket: SlackHealth | null = null;
  botUserId: string | undefined;
  botId: string | undefined;

  get slack(): SlackHealth {
    const parts = [this.token, ...(this.socket ? [this.socket] : [])];
    if (parts.includes("rejected")) return "rejected";
    if (parts.includes("unreachable")) return "unreachable";
    return "ok";
  }
}

/** Web API errors that mean Slack refuses the token itself: retrying will not help. */
export const TOKEN_REJECTED_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "team_disabled",
  "user_removed_from_team",
]);

export function isTokenRejection(e: unknown): e is { data: { error: string } } {
  const err = e as { code?: string; data?: { error?: string } };
  return err?.code === "slack_webapi_platform_error" && TOKEN_REJECTED_ERRORS.has(err.data?.error ?? "");
}

/** A token Slack refuses at start-up: the bot stops, naming the setting to fix. */
export class TokenRejectedError extends Error {
  constructor(
    readonly setting: "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN",
    readonly slackError: string,
  ) {
    super(
      `Slack rejected ${setting} (${slackError}). Copy the ${setting === "SLACK_BOT_TOKEN" ? 'Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page' : 'app-level token (xapp-…, scope connections:write) from your app\'s "Basic Information" page'} at https://api.slack.com/apps into ${setting}; if the app was uninstalled, reinstall it to the workspace first.`,
    );
    this.name = "TokenRejectedError";
  }
}

/** Exponential back-off with a ceiling: 1 s, 2 s, 4 s … 60 s by default. */
export interface Backoff {
  minMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: Backoff = { minMs: 1000, maxMs: 60_000 };
export const backoffDelay = (b: Backoff, attempt: number): number => Math.min(b.maxMs, b.minMs * 2 ** Math.max(0, attempt - 1));

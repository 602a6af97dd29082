// Which Slack failures are worth retrying. Rate limits and server errors are
// retried by the WebClient itself (Retry-After, back-off); what reaches us
// after that is either permanent (tell someone) or transient (try next tick).
export const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "missing_scope",
  "restricted_action",
  "user_not_found",
  "cannot_dm_bot",
  "msg_too_long",
  "invalid_blocks",
  "no_permission",
  "ekm_access_denied",
]);

export interface SlackFailure {
  permanent: boolean;
  error: string;
}

export function classifySlackError(e: unknown): SlackFailure {
  const err = e as { code?: string; data?: { error?: string }; message?: string };
  if (err?.code === "slack_webapi_platform_error") {
    const code = err.data?.error ?? "unknown_error";
    return { permanent: PERMANENT_ERRORS.has(code), error: code };
  }
  return { permanent: false, error: err?.code ?? err?.message ?? String(e) };
}

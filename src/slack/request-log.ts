// One log line per request handled (a command, a button, a modal, an event):
// what it was, who, how long, and how it ended. Never the text typed, which
// may hold a note. Also counts requests still running, so that shutdown can
// wait for them before it closes the database.
import type { App } from "@slack/bolt";
import type { Logger } from "../log.js";

/** What a request was, in words safe to log: the command and its first word, or the action, view or event. */
export function describeRequest(body: Record<string, unknown>): Record<string, string> {
  if (typeof body.command === "string") {
    const first =
      String(body.text ?? "")
        .trim()
        .split(/\s+/)[0] ?? "";
    // The first word is a subcommand or an indicator key or a plan ref, never free text.
    return { kind: "command", command: body.command, ...(/^[\w.-]{1,40}$/.test(first) ? { sub: first } : {}) };
  }
  const type = String(body.type ?? "unknown");
  if (type === "block_actions") {
    const action = (body.actions as { action_id?: string }[] | undefined)?.[0]?.action_id;
    return { kind: "action", action: action ?? "unknown" };
  }
  if (type === "view_submission" || type === "view_closed")
    return { kind: "view", view: String((body.view as { callback_id?: string } | undefined)?.callback_id ?? "unknown") };
  if (type === "event_callback") return { kind: "event", event: String((body.event as { type?: string } | undefined)?.type ?? "unknown") };
  return { kind: type };
}

export function requestLog(app: App, log: Logger): { idle(timeoutMs: number): Promise<boolean> } {
  let running = 0;
  let waiters: (() => void)[] = [];
  app.use(async ({ body, context, next }) => {
    const started = performance.now();
    running += 1;
    let outcome = "ok";
    try {
      await next();
      if (typeof context.outcome === "string") outcome = context.outcome;
    } catch (e) {
      outcome = "error";
      throw e;
    } finally {
      running -= 1;
      const user = (body as { user_id?: string; user?: { id?: string } }).user_id ?? (body as { user?: { id?: string } }).user?.id;
      log.info(
        { ...describeRequest(body as Record<string, unknown>), ...(user ? { user } : {}), ms: Math.round(performance.now() - started), outcome },
        "handled",
      );
      if (running === 0) {
        for (const w of waiters) w();
        waiters = [];
      }
    }
  });
  return {
    idle(timeoutMs) {
      if (running === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const t = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(t);
          resolve(true);
        });
      });
    },
  };
}

// Bolt's receiver on the bot's thread, fed by the front thread (thread.ts)
// with requests it has checked: the body as Bolt's own HTTP receiver would
// parse it, an ack that answers the HTTP request (or does nothing, for
// requests the front acked at once), and the check against the other
// replicas, made after the ack (answer-turns.ts).
import { parse as parseQuery } from "node:querystring";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../../log.js";
import type { SharedReplayCheck } from "../../services/replay-guard.js";
import type { Answer, CheckedRequest } from "../http-server.js";

/** Bolt's own limit: a request not acked within 3 s is answered 404, and Slack shows the user an error. */
const UNACKED_MS = 3001;

function parseBody(req: CheckedRequest): Record<string, unknown> {
  if (!req.contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) return JSON.parse(req.body) as Record<string, unknown>;
  const form = parseQuery(req.body);
  return typeof form.payload === "string" ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
}

/** An ack's response as Bolt's HTTP receiver writes it: nothing, text, or JSON. */
function ackAnswer(response: unknown): Answer {
  if (response === undefined || response === null || response === "") return { status: 200 };
  if (typeof response === "string") return { status: 200, body: response };
  return { status: 200, body: JSON.stringify(response), contentType: "application/json" };
}

export class FrontReceiver implements Receiver {
  private app: App | null = null;

  constructor(private readonly opts: { log: Logger; replayCheck: SharedReplayCheck }) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Hands the request to Bolt; resolves with its ack (at once for a request the front has acked). */
  deliver(req: CheckedRequest): Promise<Answer> {
    const { log, replayCheck } = this.opts;
    return new Promise((resolve) => {
      let acked = req.acked;
      if (acked) resolve({ status: 200 }); // the front has acked it: Bolt's ack is then a no-op
      const answer = (a: Answer) => {
        if (acked) return;
        acked = true;
        clearTimeout(unacked);
        resolve(a);
      };
      const unacked = acked
        ? undefined
        : setTimeout(() => {
            log.warn("a Slack request was not acknowledged within 3 seconds");
            answer({ status: 404 });
          }, UNACKED_MS);
      const event: ReceiverEvent = {
        body: parseBody(req),
        // Acked twice is Bolt's ReceiverMultipleAckError; here the first answer stands.
        ack: async (response?: unknown) => answer(ackAnswer(response)),
        customProperties: { replayCheck: () => replayCheck(req.signatureHash, req.nowS) },
        ...(req.retryNum !== undefined ? { retryNum: req.retryNum } : {}),
        ...(req.retryReason !== undefined ? { retryReason: req.retryReason } : {}),
      };
      (this.app ? this.app.processEvent(event) : Promise.reject(new Error("the receiver has no app"))).catch((e: unknown) => {
        log.error({ err: e }, "a Slack request failed");
        answer({ status: 500 });
      });
    });
  }
}

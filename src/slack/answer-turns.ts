// Acks first, answers after. A listener acks, then waits for its turn here
// before doing the work of its answer. Turns are handed out one per turn of
// the event loop (setImmediate runs after the loop has polled for I/O), so a
// request that has arrived meanwhile is read before the next answer starts:
// in Socket Mode, where the ack goes back over the socket from this thread,
// the 50th of 50 commands at once waits for at most one answer's slice of
// work, not for 49 answers. (In HTTP mode the front thread has acked already:
// slack/front/.) Answers keep their order.
//
// The turn is also where a request is checked against the other replicas'
// (the shared replay guard, a database write): after the ack, so that the ack
// never waits for the database, and before anything is applied.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

const waiting: (() => void)[] = [];
let pumping = false;

function pump(): void {
  waiting.shift()?.();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

/**
 * A request's Bolt context: in HTTP mode the receiver sets `replayCheck` (see
 * front/receiver.ts), which resolves true the first time any replica takes the
 * request; its verdict is kept as `replayVerdict`.
 */
type BoltContext = Record<string, unknown>;

/** True unless another replica (or this one) has already taken this request; asked once per request. */
export function firstTimeSeen(context: BoltContext): Promise<boolean> {
  const check = context.replayCheck;
  if (typeof check !== "function") return Promise.resolve(true); // Socket Mode: Slack sends each envelope to one connection
  context.replayVerdict ??= (check as () => Promise<boolean>)();
  return context.replayVerdict as Promise<boolean>;
}

/**
 * Resolves on a later turn of the event loop, after requests waiting to be
 * acked have been: true when the answer should go ahead, false for a replay
 * already applied (acked, and nothing more is done).
 */
export async function answerTurn(context: BoltContext): Promise<boolean> {
  await nextTurn();
  return firstTimeSeen(context);
}

/**
 * Bolt global middleware for requests whose listeners apply a change before
 * they ack (a form's submission, which may have to answer with errors): the
 * check against the other replicas is made here, before any listener runs; a
 * replay is acked and goes no further. Commands, buttons and events ack first
 * and are checked in their answer's turn.
 */
export const replayGate: Middleware<AnyMiddlewareArgs> = async (args) => {
  const body = args.body as { type?: string; command?: string };
  const acksFirst = typeof body.command === "string" || body.type === "block_actions" || body.type === "event_callback";
  if (acksFirst || (await firstTimeSeen(args.context))) return args.next();
  if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
};

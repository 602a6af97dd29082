// Acks first, answers after. A listener acks, then waits for its turn here
// before doing the work of its answer. Turns are handed out one per turn of
// the event loop (setImmediate runs after the loop has polled for I/O), so a
// request that has arrived meanwhile is read, checked and acked before the
// next answer starts: at 50 commands at once, the 50th ack waits for at most
// one answer's slice of work, not for 49 answers. Answers keep their order.
const waiting: (() => void)[] = [];
let pumping = false;

function pump(): void {
  waiting.shift()?.();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
}

/** Resolves on a later turn of the event loop, after requests waiting to be acked have been. */
export function answerTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

// Starts the front thread (thread.ts) and serves what it asks of the bot's
// thread: checked requests for Bolt (receiver.ts), health reports, and its
// log lines, written by the bot's logger (so redaction and the level apply).
import { Worker } from "node:worker_threads";
import type { Logger } from "../../log.js";
import { threadEntry } from "../../thread-entry.js";
import type { Answer, CheckedRequest, HealthReport } from "../http-server.js";
import type { FromFront, FrontSettings, ToFront } from "./messages.js";

export interface FrontOptions extends FrontSettings {
  log: Logger;
  health: () => Promise<HealthReport>;
  deliver: (req: CheckedRequest) => Promise<Answer>;
  /** The thread stopped when it was not asked to (a bug): the process should stop, for its manager to restart it. */
  onLost: (e: Error) => void;
}

export interface Front {
  port: number;
  /** Stops taking requests: idle connections close now, busy ones when their answer is sent, all within 3 s. */
  stop(): Promise<void>;
}

export function startFront(opts: FrontOptions): Promise<Front> {
  const { log } = opts;
  const settings: FrontSettings = { port: opts.port, signingSecret: opts.signingSecret, ...(opts.host ? { host: opts.host } : {}) };
  const entry = threadEntry(new URL("./thread.js", import.meta.url), new URL("./thread.ts", import.meta.url));
  // A .ts entry (tsx, vitest): tsx's loader is registered in the thread first, then the entry imported.
  // (Passing --import tsx to the thread, as threadEntry offers, races the entry's own import on Node 20, and loses.)
  const worker = entry.filename.endsWith(".ts")
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.filename)}); })`,
        {
          eval: true,
          workerData: settings,
        },
      )
    : new Worker(new URL(entry.filename), { workerData: settings });
  const tell = (m: ToFront) => worker.postMessage(m);
  let stopping = false;
  let closed: (() => void) | null = null;

  return new Promise((resolve, reject) => {
    let started = false;
    worker.on("message", (m: FromFront) => {
      switch (m.type) {
        case "listening":
          started = true;
          resolve({
            port: m.port,
            stop: () =>
              new Promise<void>((done) => {
                stopping = true;
                closed = () => void worker.terminate().then(() => done());
                tell({ type: "close" });
              }),
          });
          return;
        case "listen-failed":
          stopping = true;
          void worker.terminate();
          reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
          return;
        case "log":
          log[m.level](m.fields, m.msg);
          return;
        case "health":
          opts.health().then(
            (report) => tell({ type: "health", id: m.id, report }),
            (e: unknown) => {
              log.warn({ err: e }, "health check failed");
              tell({ type: "health", id: m.id, report: { healthy: false, body: { status: "unavailable" } } });
            },
          );
          return;
        case "request": {
          const answered = opts.deliver(m.request);
          if (m.id) void answered.then((answer) => tell({ type: "answer", id: m.id, answer }));
          return;
        }
        case "closed":
          closed?.();
          return;
      }
    });
    worker.on("error", (e) => {
      log.error({ err: e }, "the HTTP front thread failed");
      if (!started) reject(e);
    });
    worker.on("exit", (code) => {
      if (stopping) return;
      const e = new Error(`the HTTP front thread stopped (exit code ${code})`);
      if (!started) reject(e);
      else opts.onLost(e);
    });
  });
}

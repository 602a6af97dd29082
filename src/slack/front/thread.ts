// The front thread's entry point (front.ts starts it): the HTTP server that
// takes Slack's requests, checks them and acks commands, buttons and events at
// once, on a thread that does nothing else. The bot's own thread (Bolt, the
// database, the scheduler) can then be busy with answers and deliveries
// without an ack waiting behind them. Only node:http, node:crypto and Bolt's
// signature check are loaded here.
import { parentPort, workerData } from "node:worker_threads";
import { type Answer, type CheckedRequest, closeServer, createHttpServer, type HealthReport, type LogSink, listen, REPLAY_WINDOW_S } from "../http-server.js";
import { replayMemory } from "../replay-memory.js";
import type { FromFront, FrontSettings, ToFront } from "./messages.js";

const bot = parentPort!;
const settings = workerData as FrontSettings;
const tell = (m: FromFront) => bot.postMessage(m);

let lastId = 0;
const waiting = new Map<number, (m: ToFront) => void>();
/** A question for the bot's thread; resolves with its reply. */
function ask(m: { type: "health" } | { type: "request"; request: CheckedRequest }): Promise<ToFront> {
  return new Promise((resolve) => {
    const id = ++lastId;
    waiting.set(id, resolve);
    tell({ ...m, id } as FromFront);
  });
}

const log: LogSink = {
  warn: (fields, msg) => tell({ type: "log", level: "warn", fields, msg }),
  error: (fields, msg) => tell({ type: "log", level: "error", fields, msg }),
};

const server = createHttpServer({
  log,
  health: async () => ((await ask({ type: "health" })) as { report: HealthReport }).report,
  events: {
    signingSecret: settings.signingSecret,
    replays: replayMemory(REPLAY_WINDOW_S),
    async deliver(request): Promise<Answer> {
      if (!request.acked) return ((await ask({ type: "request", request })) as { answer: Answer }).answer;
      tell({ type: "request", id: 0, request });
      return { status: 200 };
    },
  },
});

bot.on("message", (m: ToFront) => {
  if (m.type === "close") {
    void closeServer(server).then(() => tell({ type: "closed" }));
    return;
  }
  const resolve = waiting.get(m.id);
  waiting.delete(m.id);
  resolve?.(m);
});

listen(server, settings.port, settings.host).then(
  () => {
    server.on("error", (e) => log.error({ err: e }, "the HTTP server failed"));
    tell({ type: "listening", port: (server.address() as { port: number }).port });
  },
  (e: NodeJS.ErrnoException) => tell({ type: "listen-failed", message: e.message, ...(e.code ? { code: e.code } : {}) }),
);

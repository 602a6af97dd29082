// The bot's HTTP server: GET /healthz in both modes, and in HTTP mode
// POST /slack/events, checked here before Bolt sees it. Bolt's receiver throws
// on some correctly signed but malformed bodies (`payload=null` kills the
// process), so a request reaches Bolt only once it is signed, fresh, not a
// replay, and shaped like something Slack sends; anything else gets a 4xx.
// In HTTP mode this server runs on a thread of its own (front/thread.ts), and
// it acks commands, buttons and events itself, at once: every listener for
// them acks with nothing before it does any work, so the ack need not wait
// for the thread that does the work. Forms and anything else Slack may want
// an answer in the ack for wait for the bot's own ack.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
// Bolt's own check, from its file: the whole of Bolt is not loaded on the thread that acks.
import { verifySlackRequest } from "@slack/bolt/dist/receivers/verify-request.js";
import type { ReplayMemory } from "./replay-memory.js";

export const EVENTS_PATH = "/slack/events";
const BODY_LIMIT = 1024 * 1024;
/** Slack's own rule: a request more than five minutes from now, either way, is refused. */
const MAX_SKEW_S = 5 * 60;
/** How long a signature must be remembered to refuse its replays: until its timestamp is stale either way. */
export const REPLAY_WINDOW_S = 2 * MAX_SKEW_S;

export interface HealthReport {
  healthy: boolean;
  body: Record<string, string>;
}

/** What the server logs: pino's logger, or the front thread's relay to it. */
export interface LogSink {
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/** A request that is signed, fresh, shaped like Slack's and not a replay this process has seen: for Bolt. */
export interface CheckedRequest {
  body: string;
  contentType: string;
  /** For the check against the other replicas, made on the bot's thread after the ack. */
  signatureHash: string;
  nowS: number;
  retryNum?: number;
  retryReason?: string;
  /** True when this server has acked it already; otherwise the bot's ack is the answer. */
  acked: boolean;
}

/** The HTTP answer to a request not acked at once: what the listener acked with. */
export interface Answer {
  status: number;
  body?: string;
  contentType?: string;
}

export interface HttpServerOptions {
  log: LogSink;
  health: () => Promise<HealthReport>;
  /** HTTP mode only: the secret to check signatures with, this process's replay memory, and where checked requests go. */
  events?: { signingSecret: string; replays: ReplayMemory; deliver: (req: CheckedRequest) => Promise<Answer>; now?: () => number };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Shape = "ssl_check" | "command" | "interaction" | "event";

/** The shapes Slack sends to an app's request URL, with the payload's or event's type; null for anything else. */
export function slackRequestShape(contentType: string, body: string): { shape: Shape; type?: string; challenge?: string } | null {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  try {
    if (type === "application/x-www-form-urlencoded") {
      const form = parseQuery(body);
      if (form.ssl_check === "1") return { shape: "ssl_check" };
      if (typeof form.payload === "string") {
        const payload: unknown = JSON.parse(form.payload);
        return isObject(payload) && typeof payload.type === "string" ? { shape: "interaction", type: payload.type } : null;
      }
      if (form.payload !== undefined) return null; // several payload fields
      return typeof form.command === "string" && typeof form.user_id === "string" && typeof form.channel_id === "string" ? { shape: "command" } : null;
    }
    if (type === "application/json") {
      const json: unknown = JSON.parse(body);
      return isObject(json) && typeof json.type === "string"
        ? { shape: "event", type: json.type, ...(json.type === "url_verification" ? { challenge: String(json.challenge ?? "") } : {}) }
        : null;
    }
  } catch {
    return null;
  }
  return null;
}

/** Requests whose listeners all ack with nothing, first: a slash command, a button, an Events API event. */
function acksAtOnce(kind: { shape: Shape; type?: string }): boolean {
  return (
    kind.shape === "command" || (kind.shape === "interaction" && kind.type === "block_actions") || (kind.shape === "event" && kind.type === "event_callback")
  );
}

const retryNum = (v: string | string[] | undefined): number | undefined => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return v === undefined || !Number.isInteger(n) ? undefined : n;
};

function send(res: ServerResponse, status: number, body?: Record<string, unknown>): void {
  if (res.headersSent) return;
  if (body) res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  else res.writeHead(status).end();
}

/** Listens on the port (every interface unless `host` is given); rejects if it cannot (EADDRINUSE…). */
export function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const listening = () => {
      server.off("error", reject);
      resolve();
    };
    if (host) server.listen(port, host, listening);
    else server.listen(port, listening);
  });
}

/** Stops accepting connections; idle keep-alive ones are closed now, busy ones when their response ends, all within 3 s. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 3000).unref();
  });
}

export function createHttpServer(opts: HttpServerOptions): Server {
  const { log, events } = opts;
  const nowS = () => Math.floor((events?.now?.() ?? Date.now()) / 1000);

  const handleEvents = async (req: IncomingMessage, res: ServerResponse, ev: NonNullable<HttpServerOptions["events"]>) => {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (e) {
      send(res, e instanceof BodyTooLarge ? 413 : 400);
      return;
    }
    const body = raw.toString("utf8");
    const contentType = String(req.headers["content-type"] ?? "");
    const kind = slackRequestShape(contentType, body);
    if (kind?.shape === "ssl_check") {
      send(res, 200); // Slack's certificate check: unsigned by design, nothing to apply
      return;
    }
    const now = nowS(); // one reading for the time check, this process's replay memory and the shared check
    const signature = req.headers["x-slack-signature"];
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    try {
      if (typeof signature !== "string" || !Number.isInteger(timestamp)) throw new Error("missing signature or timestamp");
      if (Math.abs(now - timestamp) > MAX_SKEW_S) throw new Error("timestamp more than five minutes from now");
      verifySlackRequest({ signingSecret: ev.signingSecret, body, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
    } catch (e) {
      log.warn({ reason: (e as Error).message }, "refused a request that is not signed by Slack");
      send(res, 401);
      return;
    }
    if (!kind) {
      log.warn({ contentType }, "refused a signed request whose body is not one Slack sends");
      send(res, 400, { error: "malformed request body" });
      return;
    }
    if (kind.type === "url_verification") {
      send(res, 200, { challenge: kind.challenge }); // the Events API's check of the request URL (as Bolt answers it)
      return;
    }
    // A replayed request is answered but not applied again.
    const signatureHash = ev.replays.screen(signature, now);
    if (!signatureHash) {
      log.warn({ shape: kind.shape }, "answered a replayed request without applying it");
      send(res, 200);
      return;
    }
    const acked = acksAtOnce(kind);
    if (acked) send(res, 200);
    const checked: CheckedRequest = { body, contentType, signatureHash, nowS: now, acked };
    const num = retryNum(req.headers["x-slack-retry-num"]);
    if (num !== undefined) checked.retryNum = num;
    const reason = req.headers["x-slack-retry-reason"];
    if (typeof reason === "string") checked.retryReason = reason;
    const answer = await ev.deliver(checked);
    if (!acked) {
      if (res.headersSent) return;
      res.writeHead(answer.status, answer.contentType ? { "content-type": answer.contentType } : {}).end(answer.body);
    }
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const work = async () => {
      if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
        const h = await opts.health();
        send(res, h.healthy ? 200 : 503, h.body);
      } else if (path === EVENTS_PATH && req.method === "POST" && events) {
        await handleEvents(req, res, events);
      } else {
        send(res, 404);
      }
    };
    work().catch((e: unknown) => {
      log.error({ err: e, path }, "request failed");
      send(res, 500);
    });
  });
  server.on("clientError", (_e, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

// The bot's HTTP server: GET /healthz in both modes, and in HTTP mode
// POST /slack/events, checked here before Bolt sees it. Bolt's receiver throws
// on some correctly signed but malformed bodies (`payload=null` kills the
// process), so a request reaches Bolt only once it is signed, fresh, not a
// replay, and shaped like something Slack sends; anything else gets a 4xx.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { verifySlackRequest } from "@slack/bolt";
import type { Logger } from "../log.js";
import type { ReplayGuard } from "../services/replay-guard.js";

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

export interface HttpServerOptions {
  log: Logger;
  health: () => Promise<HealthReport>;
  /**
   * HTTP mode only: Bolt's request listener, the secret to check signatures with,
   * and the replay guard. A replay this process has seen is answered here; the
   * check against the other replicas is handed on with the request
   * (`replayCheck`, for Bolt's context), to be made after the ack.
   */
  events?: { signingSecret: string; listener: RequestListener; replays: ReplayGuard; now?: () => number };
}

/** A request handed to Bolt: its body as read, and the replay check still to make (see answer-turns.ts). */
export type SlackRequest = IncomingMessage & { rawBody?: Buffer; replayCheck?: () => Promise<boolean> };

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

/** The shapes Slack sends to an app's request URL; null for anything else. */
export function slackRequestShape(contentType: string, body: string): "ssl_check" | "command" | "interaction" | "event" | null {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  try {
    if (type === "application/x-www-form-urlencoded") {
      const form = parseQuery(body);
      if (form.ssl_check === "1") return "ssl_check";
      if (typeof form.payload === "string") {
        const payload: unknown = JSON.parse(form.payload);
        return isObject(payload) && typeof payload.type === "string" ? "interaction" : null;
      }
      if (form.payload !== undefined) return null; // several payload fields
      return typeof form.command === "string" && typeof form.user_id === "string" && typeof form.channel_id === "string" ? "command" : null;
    }
    if (type === "application/json") {
      const json: unknown = JSON.parse(body);
      return isObject(json) && typeof json.type === "string" ? "event" : null;
    }
  } catch {
    return null;
  }
  return null;
}

function send(res: ServerResponse, status: number, body?: Record<string, unknown>): void {
  if (res.headersSent) return;
  if (body) res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  else res.writeHead(status).end();
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
    const shape = slackRequestShape(contentType, body);
    if (shape === "ssl_check") {
      send(res, 200); // Slack's certificate check: unsigned by design, nothing to apply
      return;
    }
    const signature = req.headers["x-slack-signature"];
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    try {
      if (typeof signature !== "string" || !Number.isInteger(timestamp)) throw new Error("missing signature or timestamp");
      if (Math.abs(nowS() - timestamp) > MAX_SKEW_S) throw new Error("timestamp more than five minutes from now");
      verifySlackRequest({ signingSecret: ev.signingSecret, body, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
    } catch (e) {
      log.warn({ reason: (e as Error).message }, "refused a request that is not signed by Slack");
      send(res, 401);
      return;
    }
    if (!shape) {
      log.warn({ contentType }, "refused a signed request whose body is not one Slack sends");
      send(res, 400, { error: "malformed request body" });
      return;
    }
    // A replayed request is answered but not applied again.
    const replayCheck = ev.replays.screen(signature, nowS());
    if (!replayCheck) {
      log.warn({ shape }, "answered a replayed request without applying it");
      send(res, 200);
      return;
    }
    const passed = req as SlackRequest;
    passed.rawBody = raw; // Bolt reads a buffered body as it is
    passed.replayCheck = replayCheck;
    ev.listener(req, res);
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

// A local server that speaks Slack's Web API (and response_url, and the
// file-upload URL). It records every call, checks it against Slack's published
// specification and Block Kit limits, and can be told to fail the next calls.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { blockKitProblems, viewProblems } from "./block-kit-limits.js";
import { methodSpec } from "./slack-spec.js";

export const BOT_USER_ID = "U0BOTUSER01";
export const TEAM_ID = "T0123456789";
export const BOT_TOKEN = "xoxb-1234567890-test-token";

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

export type Outcome = { status: number; retryAfter?: number } | { error: string };

const JSON_ARGS = new Set(["blocks", "attachments", "view", "files", "metadata"]);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly violations: string[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly uploads = new Map<string, { bytes: Buffer; filename: string; altText: string | null; length: number }>();
  /** Channels the bot is not a member of (conversations.info and posting answer not_in_channel). */
  readonly notInChannel = new Set<string>();
  /** E-mail → user id, for users.lookupByEmail. */
  readonly directory = new Map<string, string>();
  private readonly scripted = new Map<string, Outcome[]>();
  private readonly waiters: (() => void)[] = [];
  /** Answers to response_url posts held back by holdResponses(), or null when they are answered at once. */
  private held: (() => void)[] | null = null;
  private server!: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets: WebSocket[] = [];
  /** Socket Mode acknowledgements the app sent back: { envelope_id, payload? }. */
  readonly socketAcks: Record<string, unknown>[] = [];
  private ts = 1_700_000_000;
  private fileSeq = 0;
  baseUrl = "";

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** The next calls to this method get these outcomes, in order, before it answers normally again. */
  script(method: string, ...outcomes: Outcome[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...outcomes]);
  }

  /** Answer response_url posts only when the returned function is called (a slow Slack); they are recorded at once. */
  holdResponses(): () => void {
    this.held = [];
    return () => {
      const held = this.held ?? [];
      this.held = null;
      for (const answer of held) answer();
    };
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        this.violations.push(`fake crashed: ${(e as Error).stack}`);
        res.writeHead(500).end();
      });
    });
    // Socket Mode: apps.connections.open hands out ws://…/link; Slack says hello, then sends envelopes.
    this.server.on("upgrade", (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        ws.on("message", (data) => {
          this.socketAcks.push(JSON.parse(String(data)));
          this.notify();
        });
        ws.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake", approximate_connection_time: 3600 }, connection_info: { app_id: "A0123456789" } }));
        this.notify();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Send an envelope over Socket Mode, as Slack does. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    const ws = this.sockets.at(-1);
    if (!ws) throw new Error("no Socket Mode connection");
    ws.send(JSON.stringify(envelope));
  }

  get socketConnections(): number {
    return this.sockets.length;
  }

  async stop(): Promise<void> {
    for (const answer of this.held?.splice(0) ?? []) answer();
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Resolve when the predicate holds (checked after each request), or fail after the timeout. */
  async waitFor<T>(predicate: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async waitForResponse(id: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
    return this.waitFor(() => this.responses.find((r) => r.id === id)?.body, `response_url ${id}`, timeoutMs);
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const body = await readBody(req);
    try {
      if (url.pathname.startsWith("/response/")) return this.handleResponseUrl(url.pathname.slice(10), req, body, res);
      if (url.pathname.startsWith("/upload/")) return await this.handleUpload(url.pathname.slice(8), req, body, res);
      if (url.pathname.startsWith("/api/")) return this.handleApi(url.pathname.slice(5), req, body, res);
      this.violations.push(`request to unknown path ${url.pathname}`);
      res.writeHead(404).end();
    } finally {
      this.notify();
    }
  }

  private handleResponseUrl(id: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      this.violations.push(`response_url ${id}: body is not JSON`);
    }
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) this.violations.push(`response_url ${id}: content-type ${req.headers["content-type"]}`);
    if (parsed.blocks) for (const p of blockKitProblems(parsed.blocks, "message")) this.violations.push(`response_url ${id}: ${p}`);
    if (typeof parsed.text !== "string" || parsed.text === "") this.violations.push(`response_url ${id}: no fallback text`);
    this.responses.push({ id, body: parsed });
    const answer = () => res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (this.held) this.held.push(answer);
    else answer();
  }

  private async handleUpload(fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const pending = this.uploads.get(fileId);
    if (!pending) {
      this.violations.push(`upload to unknown file ${fileId}`);
      res.writeHead(404).end();
      return;
    }
    const form = await new Request("http://fake/", { method: "POST", headers: { "content-type": String(req.headers["content-type"]) }, body: new Uint8Array(body) }).formData();
    const part = form.get("body");
    if (!part || typeof part === "string") {
      this.violations.push(`upload ${fileId}: no multipart part named body`);
    } else {
      pending.bytes = Buffer.from(await part.arrayBuffer());
      if (pending.bytes.length !== pending.length) this.violations.push(`upload ${fileId}: ${pending.bytes.length} bytes, but length said ${pending.length}`);
    }
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${body.length}`);
  }

  private parseArgs(method: string, req: IncomingMessage, body: Buffer): Record<string, unknown> {
    const type = String(req.headers["content-type"] ?? "");
    const args: Record<string, unknown> = {};
    if (type.startsWith("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) {
        if (JSON_ARGS.has(k)) {
          try {
            args[k] = JSON.parse(v);
          } catch {
            this.violations.push(`${method}: ${k} is not a JSON string`);
            args[k] = v;
          }
        } else {
          args[k] = v;
        }
      }
    } else if (type.startsWith("application/json")) {
      Object.assign(args, JSON.parse(body.toString("utf8") || "{}"));
    } else {
      this.violations.push(`${method}: unexpected content-type ${type}`);
    }
    return args;
  }

  private check(method: string, req: IncomingMessage, args: Record<string, unknown>): void {
    const auth = String(req.headers.authorization ?? "");
    const expected = method === "apps.connections.open" ? /^Bearer xapp-/ : new RegExp(`^Bearer ${BOT_TOKEN}$`);
    if (!expected.test(auth)) this.violations.push(`${method}: wrong or missing Authorization header`);
    const spec = methodSpec(method);
    if (!spec) {
      this.violations.push(`${method}: not a Slack Web API method`);
      return;
    }
    for (const r of spec.required) if (args[r] === undefined || args[r] === "") this.violations.push(`${method}: missing required argument ${r}`);
    // Bolt adds team_id to calls from listeners (as Slack documents for org-wide apps).
    for (const k of Object.keys(args)) if (!spec.params.has(k) && k !== "token" && k !== "team_id") this.violations.push(`${method}: unknown argument ${k}`);
    if (args.blocks !== undefined) for (const p of blockKitProblems(args.blocks, "message")) this.violations.push(`${method}: ${p}`);
    if (args.view !== undefined) for (const p of viewProblems(args.view as Record<string, unknown>)) this.violations.push(`${method}: ${p}`);
    if (typeof args.alt_text === "string" && args.alt_text.length > 1000) this.violations.push(`${method}: alt_text over 1000`);
    if (/^chat\.(postMessage|postEphemeral|update)$/.test(method) && !args.text && !args.blocks) this.violations.push(`${method}: neither text nor blocks`);
  }

  private handleApi(method: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const args = this.parseArgs(method, req, body);
    this.check(method, req, args);
    const queue = this.scripted.get(method);
    const outcome = queue?.shift();
    this.calls.push({ method, args, at: Date.now() });
    if (outcome) {
      if ("error" in outcome) return this.json(res, 200, { ok: false, error: outcome.error });
      const headers: Record<string, string> = outcome.retryAfter !== undefined ? { "retry-after": String(outcome.retryAfter) } : {};
      return this.json(res, outcome.status, { ok: false, error: outcome.status === 429 ? "ratelimited" : "internal_error" }, headers);
    }
    this.json(res, 200, this.answer(method, args));
  }

  private nextTs(): string {
    this.ts += 1;
    return `${this.ts}.000100`;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? args.channel_id ?? "");
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${this.baseUrl.replace("http", "ws")}/link` };
      case "auth.test":
        return { ok: true, url: "https://council.slack.com/", team: "Council", user: "boardbot", team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: "B0123456789" };
      case "chat.postMessage":
        if (this.notInChannel.has(channel)) return { ok: false, error: "not_in_channel" };
        return { ok: true, channel, ts: this.nextTs(), message: { text: args.text, blocks: args.blocks } };
      case "chat.postEphemeral":
        return { ok: true, message_ts: this.nextTs() };
      case "chat.update":
        return { ok: true, channel, ts: args.ts, text: args.text };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users ?? "").slice(1, 11).padEnd(10, "0")}` } };
      case "conversations.info":
        return { ok: true, channel: { id: channel, is_member: !this.notInChannel.has(channel), is_archived: false } };
      case "users.lookupByEmail": {
        const id = this.directory.get(String(args.email).toLowerCase());
        return id ? { ok: true, user: { id, profile: { email: args.email } } } : { ok: false, error: "users_not_found" };
      }
      case "users.info":
        return { ok: true, user: { id: args.user, name: "someone", tz: "Europe/London" } };
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish":
        return { ok: true, view: { id: `V${String(++this.fileSeq).padStart(10, "0")}`, ...(args.view as object) } };
      case "files.getUploadURLExternal": {
        const id = `F${String(++this.fileSeq).padStart(10, "0")}`;
        this.uploads.set(id, { bytes: Buffer.alloc(0), filename: String(args.filename), altText: typeof args.alt_text === "string" ? args.alt_text : null, length: Number(args.length) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        if (this.notInChannel.has(channel)) return { ok: false, error: "not_in_channel" };
        const files = (args.files as { id: string; title?: string }[]) ?? [];
        for (const f of files) if (!this.uploads.get(f.id)?.bytes.length) this.violations.push(`files.completeUploadExternal: ${f.id} was never uploaded`);
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

// A local Slack: the Web API the bot calls (checked against Slack's published
// specification and Block Kit limits), response_url, and the file-upload URL.
// It keeps what each call does to the workspace, so the sandbox page can show
// it, and records every call, so tests can assert on them. The end-to-end
// tests and the sandbox share this one implementation.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkBlocks, checkView, type FileLookup } from "./block-kit-limits.js";
import type { RateLimits } from "./rate-limits.js";
import { methodSpec } from "./web-api-spec.js";
import { dmIdFor, type Json, Workspace } from "./workspace.js";

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

/** A scripted answer: an HTTP failure (429 with Retry-After, 5xx) or an ok:false error. */
export type Outcome = { status: number; retryAfter?: number } | { error: string };

export interface EmulatorIdentity {
  botToken: string;
  botUserId: string;
  botName: string;
  teamId: string;
  teamName: string;
}

export const DEFAULT_IDENTITY: Omit<EmulatorIdentity, "botToken"> = {
  botUserId: "U0BOTUSER01",
  botName: "Board Bot",
  teamId: "T0123456789",
  teamName: "Council",
};

/** Who a response_url answers, so a reply lands where Slack would put it. */
export interface ResponseTarget {
  user: string;
  channel: string;
  /** The message whose button was clicked (replace_original, delete_original). */
  messageTs?: string;
  /** The slash command typed, shown with an ephemeral reply. */
  command?: string;
}

const JSON_ARGS = new Set(["blocks", "attachments", "view", "files", "metadata"]);
/** Slack allows 5 uses of a response_url within 30 minutes. */
const RESPONSE_URL_USES = 5;
/** A trigger_id opens a modal within 3 seconds; we allow more, for a slow machine, and flag the lateness. */
const TRIGGER_LIFETIME_MS = 3000;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export class SlackEmulator {
  readonly identity: EmulatorIdentity;
  readonly workspace: Workspace;
  readonly calls: ApiCall[] = [];
  /** Everything real Slack would have refused or that breaks its contract. Tests expect none. */
  readonly violations: string[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly uploads: Workspace["files"];
  /** Channels the bot is not a member of (conversations.info and posting answer not_in_channel). */
  readonly notInChannel = new Set<string>();
  /** E-mail → user id, for users.lookupByEmail (people added to the workspace with an e-mail are found too). */
  readonly directory = new Map<string, string>();
  /** Slack's rate limits, enforced with 429 and Retry-After when set (the benchmarks); null: every call answered at once. */
  rateLimits: RateLimits | null = null;
  /** Calls refused with 429 by the rate limits (not in `calls`). */
  readonly refused: ApiCall[] = [];
  /** Called with each new violation (the sandbox logs them). */
  onViolation: (problem: string) => void = () => undefined;
  private readonly scripted = new Map<string, Outcome[]>();
  private readonly waiters: (() => void)[] = [];
  private readonly responseTargets = new Map<string, ResponseTarget & { uses: number }>();
  private readonly triggers = new Map<string, { user: string; at: number }>();
  private server: Server | null = null;
  private seq = 0;
  baseUrl = "";

  constructor(identity: Partial<EmulatorIdentity> & { botToken: string }, clock: () => number = Date.now) {
    this.identity = { ...DEFAULT_IDENTITY, ...identity };
    this.workspace = new Workspace(clock);
    this.uploads = this.workspace.files;
    this.workspace.addPerson({ id: this.identity.botUserId, name: this.identity.botName, isBot: true });
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get httpServer(): Server | null {
    return this.server;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** A response_url for a request the sandbox sends, remembering where its replies go. */
  newResponseUrl(target: ResponseTarget): string {
    const id = `r${++this.seq}`;
    this.responseTargets.set(id, { ...target, uses: 0 });
    return this.responseUrl(id);
  }

  /** A trigger_id that lets the bot open a modal for this person. */
  newTrigger(user: string): string {
    const id = `${++this.seq}.${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
    this.triggers.set(id, { user, at: Date.now() });
    return id;
  }

  /** The next calls to this method get these outcomes, in order, before it answers normally again. */
  script(method: string, ...outcomes: Outcome[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...outcomes]);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Serve on its own port (tests); the sandbox mounts handle() in its own server instead. */
  async start(host = "127.0.0.1", port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).then((handled) => {
        if (!handled) {
          this.violate(`request to unknown path ${req.url}`);
          res.writeHead(404).end();
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(port, host, r));
    this.setBaseUrl(`http://${host}:${(this.server.address() as AddressInfo).port}`);
    return this;
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/$/, "");
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
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

  protected notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  protected violate(problem: string): void {
    this.violations.push(problem);
    this.onViolation(problem);
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  }

  /** Answer a request for Slack's paths; false when the path is not one of them. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const route = ["/response/", "/upload/", "/api/"].find((p) => url.pathname.startsWith(p));
    if (!route) return false;
    const rest = url.pathname.slice(route.length);
    try {
      const body = await readBody(req);
      if (route === "/response/") this.handleResponseUrl(rest, req, body, res);
      else if (route === "/upload/") await this.handleUpload(rest, req, body, res);
      else this.handleApi(rest, req, body, res);
    } catch (e) {
      this.violate(`emulator crashed: ${(e as Error).stack}`);
      if (!res.headersSent) res.writeHead(500).end();
    } finally {
      this.notify();
    }
    return true;
  }

  private handleResponseUrl(id: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    let parsed: Record<string, unknown> = {};
    const problems: string[] = [];
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      problems.push(`response_url ${id}: body is not JSON`);
    }
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
      problems.push(`response_url ${id}: content-type ${req.headers["content-type"]}`);
    if (parsed.blocks) for (const p of checkBlocks(parsed.blocks, "message", this.fileLookup).problems) problems.push(`response_url ${id}: ${p}`);
    if (typeof parsed.text !== "string" || parsed.text === "") problems.push(`response_url ${id}: no fallback text`);
    const target = this.responseTargets.get(id);
    if (target && ++target.uses > RESPONSE_URL_USES) problems.push(`response_url ${id}: used more than ${RESPONSE_URL_USES} times`);
    for (const p of problems) this.violate(p);
    this.responses.push({ id, body: parsed });
    if (target) this.applyResponse(target, parsed, problems);
    const answer = () => res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (this.held) this.held.push(answer);
    else answer();
  }

  /** Answers to response_url posts held back by holdResponses(), or null when they are answered at once. */
  private held: (() => void)[] | null = null;

  /** A slow Slack: response_url posts are recorded at once but answered only when the returned function is called. */
  holdResponses(): () => void {
    this.held = [];
    return () => {
      const held = this.held ?? [];
      this.held = null;
      for (const answer of held) answer();
    };
  }

  /** What Slack does with a reply to a response_url: replace or delete the original, or post anew. */
  private applyResponse(target: ResponseTarget, body: Record<string, unknown>, problems: string[]): void {
    const ws = this.workspace;
    const text = typeof body.text === "string" ? body.text : "";
    const blocks = Array.isArray(body.blocks) ? (body.blocks as Json[]) : undefined;
    if (target.messageTs && body.delete_original === true) {
      ws.remove(target.channel, target.messageTs);
      return;
    }
    if (target.messageTs && body.replace_original === true) {
      ws.update(target.channel, target.messageTs, { text, ...(blocks ? { blocks } : {}), problems });
      return;
    }
    const inChannel = body.response_type === "in_channel";
    ws.post({
      channel: target.channel,
      user: this.identity.botUserId,
      text,
      ...(blocks ? { blocks } : {}),
      ...(inChannel ? {} : { ephemeralTo: target.user }),
      ...(target.command && !inChannel ? { inReplyTo: target.command } : {}),
      ...(problems.length ? { problems } : {}),
    });
  }

  private async handleUpload(fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const pending = this.uploads.get(fileId);
    if (!pending) {
      this.violate(`upload to unknown file ${fileId}`);
      res.writeHead(404).end();
      return;
    }
    const form = await new Request("http://emulator/", {
      method: "POST",
      headers: { "content-type": String(req.headers["content-type"]) },
      body: new Uint8Array(body),
    }).formData();
    const part = form.get("body");
    if (!part || typeof part === "string") {
      this.violate(`upload ${fileId}: no multipart part named body`);
    } else {
      pending.bytes = Buffer.from(await part.arrayBuffer());
      pending.uploaded = true;
      if (pending.bytes.length !== pending.length) this.violate(`upload ${fileId}: ${pending.bytes.length} bytes, but length said ${pending.length}`);
    }
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${body.length}`);
  }

  private parseArgs(method: string, req: IncomingMessage, body: Buffer, problems: string[]): Record<string, unknown> {
    const type = String(req.headers["content-type"] ?? "");
    const args: Record<string, unknown> = {};
    if (type.startsWith("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) {
        if (JSON_ARGS.has(k)) {
          try {
            args[k] = JSON.parse(v);
          } catch {
            problems.push(`${method}: ${k} is not a JSON string`);
            args[k] = v;
          }
        } else {
          args[k] = v;
        }
      }
    } else if (type.startsWith("application/json")) {
      Object.assign(args, JSON.parse(body.toString("utf8") || "{}"));
    } else {
      problems.push(`${method}: unexpected content-type ${type}`);
    }
    return args;
  }

  /** Files as a slack_file in blocks finds them: uploaded, completed, and named as an image. */
  private readonly fileLookup: FileLookup = (id) => this.workspace.files.get(id);

  private check(method: string, req: IncomingMessage, args: Record<string, unknown>, refusals: string[]): string[] {
    const problems: string[] = [];
    const auth = String(req.headers.authorization ?? "");
    const ok = method === "apps.connections.open" ? /^Bearer xapp-/.test(auth) : auth === `Bearer ${this.identity.botToken}`;
    if (!ok) problems.push(`${method}: wrong or missing Authorization header`);
    const spec = methodSpec(method);
    if (!spec) return [...problems, `${method}: not a Slack Web API method`];
    for (const r of spec.required) if (args[r] === undefined || args[r] === "") problems.push(`${method}: missing required argument ${r}`);
    // Bolt adds team_id to calls from listeners (as Slack documents for org-wide apps).
    for (const k of Object.keys(args)) if (!spec.params.has(k) && k !== "token" && k !== "team_id") problems.push(`${method}: unknown argument ${k}`);
    for (const c of [
      args.blocks !== undefined ? checkBlocks(args.blocks, "message", this.fileLookup) : null,
      args.view !== undefined ? checkView(args.view as Json, this.fileLookup) : null,
    ]) {
      if (!c) continue;
      for (const p of c.problems) problems.push(`${method}: ${p}`);
      refusals.push(...c.refusals);
    }
    if (typeof args.alt_text === "string" && args.alt_text.length > 1000) problems.push(`${method}: alt_text over 1000`);
    if (/^chat\.(postMessage|postEphemeral|update)$/.test(method) && !args.text && !args.blocks) problems.push(`${method}: neither text nor blocks`);
    return problems;
  }

  private handleApi(method: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const problems: string[] = [];
    const refusals: string[] = [];
    const args = this.parseArgs(method, req, body, problems);
    problems.push(...this.check(method, req, args, refusals));
    for (const p of problems) this.violate(p);
    const limited = this.rateLimits ? this.rateLimits.check(method, this.channelOf(args)) : null;
    if (limited) {
      this.refused.push({ method, args, at: Date.now() });
      this.json(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(limited.retryAfter) });
      return;
    }
    const outcome = this.scripted.get(method)?.shift();
    this.calls.push({ method, args, at: Date.now() });
    if (!outcome && refusals.length) {
      // As Slack answers an image it cannot show: the whole call fails, and nothing is posted or published.
      const messages = refusals.map((r) => `[ERROR] ${r}`);
      this.json(
        res,
        200,
        method.startsWith("views.")
          ? { ok: false, error: "invalid_arguments", response_metadata: { messages } }
          : { ok: false, error: "invalid_blocks", errors: refusals, response_metadata: { messages } },
      );
      return;
    }
    if (outcome) {
      if ("error" in outcome) {
        this.json(res, 200, { ok: false, error: outcome.error });
        return;
      }
      const headers: Record<string, string> = outcome.retryAfter !== undefined ? { "retry-after": String(outcome.retryAfter) } : {};
      this.json(res, outcome.status, { ok: false, error: outcome.status === 429 ? "ratelimited" : "internal_error" }, headers);
      return;
    }
    this.json(res, 200, this.answer(method, args, problems));
  }

  /** A channel argument as Slack reads it: a user id posts to the DM with that person. */
  private channelOf(args: Record<string, unknown>): string {
    const c = String(args.channel ?? args.channel_id ?? "");
    return /^[UW]/.test(c) ? this.workspace.openDm(c).id : c;
  }

  private answer(method: string, args: Record<string, unknown>, problems: string[]): Record<string, unknown> {
    const ws = this.workspace;
    const id = this.identity;
    const channel = this.channelOf(args);
    const blocks = Array.isArray(args.blocks) ? (args.blocks as Json[]) : undefined;
    const text = typeof args.text === "string" ? args.text : "";
    const noted = problems.length ? { problems } : {};
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${this.baseUrl.replace("http", "ws")}/link` };
      case "auth.test":
        return {
          ok: true,
          url: `https://${id.teamName.toLowerCase().replace(/\W+/g, "")}.slack.com/`,
          team: id.teamName,
          user: "boardbot",
          team_id: id.teamId,
          user_id: id.botUserId,
          bot_id: "B0123456789",
        };
      case "chat.postMessage": {
        if (this.notInChannel.has(channel)) return { ok: false, error: "not_in_channel" };
        const m = ws.post({ channel, user: id.botUserId, text, ...(blocks ? { blocks } : {}), ...noted });
        return { ok: true, channel, ts: m.ts, message: { text: args.text, blocks: args.blocks } };
      }
      case "chat.postEphemeral": {
        if (this.notInChannel.has(channel)) return { ok: false, error: "not_in_channel" };
        const m = ws.post({ channel, user: id.botUserId, text, ...(blocks ? { blocks } : {}), ephemeralTo: String(args.user ?? ""), ...noted });
        return { ok: true, message_ts: m.ts };
      }
      case "chat.update": {
        const m = ws.update(channel, String(args.ts ?? ""), { text, ...(blocks ? { blocks } : {}), ...noted });
        if (!m) return { ok: false, error: "message_not_found" };
        return { ok: true, channel, ts: args.ts, text: args.text };
      }
      case "chat.delete":
        ws.remove(channel, String(args.ts ?? ""));
        return { ok: true, channel, ts: args.ts };
      case "conversations.open": {
        const user = String(args.users ?? "").split(",")[0] ?? "";
        return { ok: true, channel: { id: user ? ws.openDm(user).id : dmIdFor(user) } };
      }
      case "conversations.info": {
        const c = ws.conversation(channel);
        return { ok: true, channel: { id: channel, name: c.name, is_im: c.kind === "im", is_member: !this.notInChannel.has(channel), is_archived: false } };
      }
      case "users.lookupByEmail": {
        const email = String(args.email).toLowerCase();
        const found = this.directory.get(email) ?? [...ws.people.values()].find((p) => p.email?.toLowerCase() === email)?.id;
        return found ? { ok: true, user: { id: found, profile: { email: args.email } } } : { ok: false, error: "users_not_found" };
      }
      case "users.info": {
        const p = ws.people.get(String(args.user));
        return {
          ok: true,
          user: {
            id: args.user,
            name: p?.name.toLowerCase().replace(/\W+/g, ".") ?? "someone",
            real_name: p?.name ?? "Someone",
            tz: "Europe/London",
            is_bot: p?.isBot ?? false,
            profile: { title: p?.title ?? "", email: p?.email },
          },
        };
      }
      case "views.open":
      case "views.push": {
        const trigger = this.triggers.get(String(args.trigger_id));
        if (trigger && Date.now() - trigger.at > TRIGGER_LIFETIME_MS)
          this.violate(`${method}: trigger_id used after ${Date.now() - trigger.at} ms (Slack allows ${TRIGGER_LIFETIME_MS})`);
        const user = trigger?.user ?? "";
        const v = method === "views.open" ? ws.openModal(user, args.view as Json) : ws.pushModal(user, args.view as Json);
        return { ok: true, view: { ...(args.view as object), id: v.id } };
      }
      case "views.update": {
        const viewId = String(args.view_id ?? "");
        const v = ws.updateView(viewId, args.view as Json);
        return { ok: true, view: { ...(args.view as object), id: v?.id ?? viewId } };
      }
      case "views.publish": {
        const v = ws.publishHome(String(args.user_id), args.view as Json);
        return { ok: true, view: { ...(args.view as object), id: v.id } };
      }
      case "files.getUploadURLExternal": {
        const fileId = `F${String(++this.seq).padStart(10, "0")}`;
        this.uploads.set(fileId, {
          id: fileId,
          bytes: Buffer.alloc(0),
          uploaded: false,
          filename: String(args.filename),
          title: String(args.filename),
          altText: typeof args.alt_text === "string" ? args.alt_text : null,
          length: Number(args.length),
          completed: false,
        });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        if (this.notInChannel.has(channel)) return { ok: false, error: "not_in_channel" };
        const files = (args.files as { id: string; title?: string }[]) ?? [];
        for (const f of files) {
          const file = this.uploads.get(f.id);
          if (!file?.bytes.length) this.violate(`files.completeUploadExternal: ${f.id} was never uploaded`);
          if (file && f.title) file.title = f.title;
          if (file) file.completed = true;
        }
        if (channel) {
          const comment = typeof args.initial_comment === "string" ? args.initial_comment : "";
          ws.post({ channel, user: id.botUserId, text: comment, ...(blocks ? { blocks } : {}), files: files.map((f) => f.id), ...noted });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }
}

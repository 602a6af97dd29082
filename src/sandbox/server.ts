// The sandbox's one HTTP server: the page (plain HTML, CSS and JavaScript, no
// framework, nothing fetched from the internet), the JSON the page reads and
// the actions it takes, and Slack's own paths (/api/, /response/, /upload/),
// which the emulator answers for the bot.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DateTime } from "luxon";
import type { Logger } from "../log.js";
import { projectPath } from "../paths.js";
import type { DemoUser } from "./demo-users.js";
import { blocksHtml, elementAt } from "./render/block-kit.js";
import { messageHtml, namesFor } from "./render/message.js";
import type { Change, Json, SlackEmulator, View } from "./slack-emulator/index.js";
import type { People } from "./slack-emulator/people.js";

export interface SandboxHooks {
  /** Run every delivery due at this instant (null: the sandbox's now), as `npm run cli -- run-due --now` does. */
  runDue(at: Date | null): Promise<Record<string, string[]>>;
  /** The sandbox's clock, and whether it runs ahead of real time. */
  clock(): { now: Date; ahead: boolean };
  /** The next instants worth running, with what is due then. */
  upcoming(): Promise<{ label: string; at: Date }[]>;
  /** The bot's /healthz. */
  health(): Promise<{ status: number; body: string }>;
}

export interface PageServerOptions {
  slack: SlackEmulator;
  people: People;
  users: readonly DemoUser[];
  channels: readonly { id: string; name: string; topic?: string }[];
  timezone: string;
  hooks: SandboxHooks;
  log: Logger;
}

const PAGE_DIR = "src/sandbox/page";
const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/assets/sandbox.css": { file: "sandbox.css", type: "text/css; charset=utf-8" },
  "/assets/sandbox.js": { file: "sandbox.js", type: "text/javascript; charset=utf-8" },
};
// The page loads only from here: no fonts, scripts or images from anywhere else.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(req: IncomingMessage): Promise<Json> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 100_000) reject(new HttpError(413, "too large"));
      else chunks.push(c);
    });
    req.on("end", () => {
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
        resolve(v && typeof v === "object" ? (v as Json) : {});
      } catch {
        reject(new HttpError(400, "body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export class PageServer {
  private server: Server | null = null;
  private readonly streams = new Set<ServerResponse>();
  private readonly userIds: Set<string>;
  private port = 0;

  constructor(private readonly o: PageServerOptions) {
    this.userIds = new Set(o.users.map((u) => u.id));
    o.slack.workspace.on("change", (c) => this.broadcast(c));
  }

  async listen(host: string, port: number): Promise<{ port: number }> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", (e: NodeJS.ErrnoException) =>
        reject(e.code === "EADDRINUSE" ? new Error(`port ${port} is already in use on ${host}: choose another with PORT=… or --port`) : e),
      );
      this.server!.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return { port: this.port };
  }

  async close(): Promise<void> {
    // Open event streams would otherwise hold the server open.
    for (const s of this.streams) s.end();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private broadcast(change: Change): void {
    const line = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const s of this.streams) s.write(line);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (await this.o.slack.handle(req, res)) return;
      const url = new URL(req.url ?? "/", "http://sandbox");
      this.checkHost(req);
      if (req.method === "GET" && ASSETS[url.pathname]) return this.asset(url.pathname, res);
      if (req.method === "GET" && url.pathname.startsWith("/files/")) return this.file(decodeURIComponent(url.pathname.slice(7)), res);
      if (req.method === "GET" && url.pathname === "/healthz") {
        const h = await this.o.hooks.health();
        res.writeHead(h.status, { "content-type": "application/json" }).end(h.body);
        return;
      }
      if (url.pathname.startsWith("/sandbox/")) return await this.api(url, req, res);
      throw new HttpError(404, "not found");
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500) this.o.log.error({ err: (e as Error).stack }, "sandbox page request failed");
      if (!res.headersSent) res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: status === 500 ? "The sandbox hit an error; see its log." : (e as Error).message }));
    }
  }

  /**
   * The page acts as any demonstration user, so only pages served from here
   * may call it: the Host must be this server (against DNS rebinding) and a
   * POST must come from our own origin with a JSON body (against other sites
   * posting forms to localhost).
   */
  private checkHost(req: IncomingMessage): void {
    const host = String(req.headers.host ?? "");
    const bound = this.server?.address() as AddressInfo | null;
    // Served beyond loopback on purpose (--host): any name may reach it.
    const open = bound !== null && bound !== undefined && !["127.0.0.1", "::1"].includes(bound.address);
    const loopback = [`localhost:${this.port}`, `127.0.0.1:${this.port}`, `[::1]:${this.port}`];
    if (!open && !loopback.includes(host)) throw new HttpError(403, "this sandbox answers only on its own address");
    if (req.method === "POST") {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, "cross-origin request refused");
      if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) throw new HttpError(415, "JSON only");
    }
  }

  private asset(path: string, res: ServerResponse): void {
    const a = ASSETS[path]!;
    // Read each time: a developer editing the page sees the change on reload.
    const body = readFileSync(projectPath(PAGE_DIR, a.file));
    res.writeHead(200, {
      "content-type": a.type,
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-cache",
    });
    res.end(body);
  }

  private file(id: string, res: ServerResponse): void {
    const f = this.o.slack.workspace.files.get(id);
    if (!f?.uploaded) throw new HttpError(404, "no such file");
    const image = /\.png$/i.test(f.filename) ? "image/png" : /\.jpe?g$/i.test(f.filename) ? "image/jpeg" : /\.gif$/i.test(f.filename) ? "image/gif" : null;
    const type = image ?? (/\.csv$/i.test(f.filename) ? "text/csv; charset=utf-8" : "application/octet-stream");
    res.writeHead(200, {
      "content-type": type,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
      "content-disposition": `${image ? "inline" : "attachment"}; filename="${f.filename.replace(/[^\w.-]/g, "_")}"`,
    });
    res.end(f.bytes);
  }

  private user(v: unknown): string {
    const id = str(v);
    if (!this.userIds.has(id)) throw new HttpError(400, "unknown demonstration user");
    return id;
  }

  private async api(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const ws = this.o.slack.workspace;
    const q = url.searchParams;
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case "GET /sandbox/events": {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
        res.write("retry: 2000\n\n");
        this.streams.add(res);
        const beat = setInterval(() => res.write(": still here\n\n"), 25_000);
        req.on("close", () => {
          clearInterval(beat);
          this.streams.delete(res);
        });
        return;
      }
      case "GET /sandbox/state":
        return send(await this.state());
      case "GET /sandbox/conversation": {
        const user = this.user(q.get("user"));
        const channel = str(q.get("channel"));
        return send({
          messages: ws.messagesFor(channel, user).map((m) => ({ ts: m.ts, key: `${m.ts}#${m.version}`, html: messageHtml(ws, m, this.o.timezone) })),
          counts: this.counts(user),
        });
      }
      case "GET /sandbox/home": {
        const user = this.user(q.get("user"));
        const home = ws.home(user);
        return send({
          id: home?.id ?? null,
          key: home ? `${home.id}#${home.version}` : null,
          html: home ? blocksHtml(home.view.blocks, { names: namesFor(ws), headingLevel: 2, idPrefix: "home" }) : null,
        });
      }
      case "GET /sandbox/modal": {
        const user = this.user(q.get("user"));
        return send(this.modal(ws.topModal(user)));
      }
      case "POST /sandbox/type": {
        const body = await readJson(req);
        const user = this.user(body.user);
        return send(await this.o.people.type(user, this.channel(body.channel, user), str(body.text)));
      }
      case "POST /sandbox/click": {
        const body = await readJson(req);
        const user = this.user(body.user);
        const where = str(body.where);
        if (body.viewId) {
          const view = ws.viewById(str(body.viewId));
          if (!view || view.user !== user) throw new HttpError(404, "no such view");
          return send(await this.o.people.clickInView(user, view, this.button(view.view.blocks, where)));
        }
        const channel = this.channel(body.channel, user);
        const m = ws.find(channel, str(body.ts));
        if (!m || (m.ephemeralTo && m.ephemeralTo !== user)) throw new HttpError(404, "no such message");
        return send(await this.o.people.clickInMessage(user, channel, m.ts, this.button(m.blocks, where)));
      }
      case "POST /sandbox/submit": {
        const body = await readJson(req);
        const values = (body.values && typeof body.values === "object" ? body.values : {}) as Record<string, unknown>;
        return send(await this.o.people.submit(this.user(body.user), Object.fromEntries(Object.entries(values).map(([k, v]) => [k, str(v)]))));
      }
      case "POST /sandbox/close": {
        const body = await readJson(req);
        return send(await this.o.people.close(this.user(body.user)));
      }
      case "POST /sandbox/open-app": {
        const body = await readJson(req);
        return send(await this.o.people.openApp(this.user(body.user), body.tab === "messages" ? "messages" : "home"));
      }
      case "POST /sandbox/run-due": {
        const body = await readJson(req);
        const at = body.at ? DateTime.fromISO(str(body.at), { zone: this.o.timezone }) : null;
        if (at && !at.isValid) throw new HttpError(400, "give the instant as a date and time, such as 2026-11-30T09:00");
        const report = await this.o.hooks.runDue(at ? at.toJSDate() : null);
        const ran = at ?? DateTime.fromJSDate(this.o.hooks.clock().now);
        return send({
          at: ran.setZone(this.o.timezone).toFormat("cccc d LLLL yyyy, HH:mm"),
          report,
          upcoming: await this.upcoming(),
          clock: this.clockWords(),
        });
      }
      default:
        throw new HttpError(404, "not found");
    }
  }

  /** A DM or channel this person may see. */
  private channel(v: unknown, user: string): string {
    const id = str(v);
    const c = this.o.slack.workspace.conversations.get(id);
    if (!c || (c.kind === "im" && c.user !== user)) throw new HttpError(404, "no such conversation");
    return id;
  }

  private button(blocks: unknown, where: string) {
    const found = elementAt(blocks, where);
    if (found?.element.type !== "button") throw new HttpError(404, "no such button");
    const e = found.element;
    return { actionId: str(e.action_id), blockId: found.blockId, value: str(e.value), text: str((e.text as Json | undefined)?.text) };
  }

  private modal(view: View | undefined): Json | null {
    if (!view) return null;
    const v = view.view;
    const text = (k: string) => str((v[k] as Json | undefined)?.text);
    return {
      id: view.id,
      key: `${view.id}#${view.version}`,
      title: text("title"),
      submit: text("submit") || (v.submit === undefined ? "" : "Submit"),
      close: text("close") || "Cancel",
      html: blocksHtml(v.blocks, { names: namesFor(this.o.slack.workspace), headingLevel: 3, idPrefix: `modal-${view.id}` }),
    };
  }

  /** How many messages each conversation shows this person, so the page can mark new ones. */
  private counts(user: string): Record<string, number> {
    const ws = this.o.slack.workspace;
    const out: Record<string, number> = {};
    for (const c of this.o.channels) out[c.id] = ws.messagesFor(c.id, user).length;
    const dm = ws.openDm(user).id;
    out[dm] = ws.messagesFor(dm, user).length;
    return out;
  }

  private async upcoming(): Promise<{ label: string; at: string; words: string }[]> {
    return (await this.o.hooks.upcoming()).map((u) => {
      const local = DateTime.fromJSDate(u.at, { zone: this.o.timezone });
      return { label: u.label, at: local.toFormat("yyyy-LL-dd'T'HH:mm"), words: local.toFormat("cccc d LLLL, HH:mm") };
    });
  }

  private clockWords(): { words: string; ahead: boolean } {
    const c = this.o.hooks.clock();
    return { words: DateTime.fromJSDate(c.now, { zone: this.o.timezone }).toFormat("cccc d LLLL yyyy, HH:mm"), ahead: c.ahead };
  }

  private async state(): Promise<Json> {
    const ws = this.o.slack.workspace;
    return {
      workspace: this.o.slack.identity.teamName,
      bot: { id: this.o.slack.identity.botUserId, name: this.o.slack.identity.botName },
      timezone: this.o.timezone,
      users: this.o.users.map((u) => ({ id: u.id, name: u.name, title: u.title ?? "", role: u.role, handle: u.handle ?? "", dm: ws.openDm(u.id).id })),
      channels: this.o.channels.map((c) => ({ id: c.id, name: c.name, topic: c.topic ?? "" })),
      upcoming: await this.upcoming(),
      clock: this.clockWords(),
    };
  }
}

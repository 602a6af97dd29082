// The tests' Slack: the sandbox's emulator (src/sandbox/slack-emulator, one
// implementation for both), on its own loopback port, plus Socket Mode, which
// only the tests need: apps.connections.open hands out ws://…/link; Slack says
// hello, then sends envelopes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { type ApiCall, DEFAULT_IDENTITY, dmIdFor, SlackEmulator } from "../../src/sandbox/slack-emulator/index.js";

export type { ApiCall, Outcome } from "../../src/sandbox/slack-emulator/index.js";

export const BOT_USER_ID = DEFAULT_IDENTITY.botUserId;
export const TEAM_ID = DEFAULT_IDENTITY.teamId;
export const BOT_TOKEN = "xoxb-1234567890-test-token";

export class FakeSlack extends SlackEmulator {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets: WebSocket[] = [];
  /** Socket Mode acknowledgements the app sent back: { envelope_id, payload? }. */
  readonly socketAcks: Record<string, unknown>[] = [];

  constructor() {
    super({ botToken: BOT_TOKEN });
  }

  override async start(): Promise<this> {
    await super.start();
    this.httpServer!.on("upgrade", (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        this.socketsOpened += 1;
        ws.on("message", (data) => {
          this.socketAcks.push(JSON.parse(String(data)));
          this.notify();
        });
        ws.send(
          JSON.stringify({
            type: "hello",
            num_connections: 1,
            debug_info: { host: "fake", approximate_connection_time: 3600 },
            connection_info: { app_id: "A0123456789" },
          }),
        );
        this.notify();
      });
    });
    return this;
  }

  /** Send an envelope over Socket Mode, as Slack does. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    const ws = this.sockets.at(-1);
    if (!ws) throw new Error("no Socket Mode connection");
    ws.send(JSON.stringify(envelope));
  }

  /** Close every Socket Mode connection, as Slack does when it drops or refreshes one. */
  dropSockets(): void {
    for (const ws of this.sockets.splice(0)) ws.terminate();
  }

  private readonly heldMethods = new Set<string>();
  private readonly heldCalls: { method: string; resume: () => void }[] = [];

  /**
   * Hold calls to these Web API methods: neither applied nor answered until
   * `release()`. A call whose sender has gone by then (a process killed while
   * waiting) is dropped, never applied: that process sent nothing Slack took.
   */
  holdApi(...methods: string[]): { held: () => number; release: () => void } {
    for (const m of methods) this.heldMethods.add(m);
    return {
      held: () => this.heldCalls.filter((c) => methods.includes(c.method)).length,
      release: () => {
        for (const m of methods) this.heldMethods.delete(m);
        for (const c of this.heldCalls.filter((h) => methods.includes(h.method))) {
          this.heldCalls.splice(this.heldCalls.indexOf(c), 1);
          c.resume();
        }
      },
    };
  }

  override async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const method = /^\/api\/([\w.]+)$/.exec(new URL(req.url ?? "/", "http://fake").pathname)?.[1];
    if (method && this.heldMethods.has(method)) {
      let senderGone = false;
      res.once("close", () => (senderGone = !res.writableFinished));
      await new Promise<void>((resume) => {
        this.heldCalls.push({ method, resume });
        this.notify();
      });
      if (senderGone || req.socket.destroyed) return true;
    }
    return super.handle(req, res);
  }

  /** The messages the bot posted to a user's direct messages with it. */
  dmsTo(user: string): ApiCall[] {
    return this.postsIn(dmIdFor(user));
  }

  /** The messages the bot posted in a channel (or a DM channel). */
  postsIn(channel: string): ApiCall[] {
    return this.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
  }

  /** Connections opened since the start, including dropped ones. */
  socketsOpened = 0;

  /** Connections open now. */
  get socketConnections(): number {
    return this.sockets.length;
  }

  override async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await super.stop();
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

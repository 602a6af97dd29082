// Socket Mode, kept alive by us rather than by the SDK: the SDK's own
// reconnect lets an `invalid_auth` from apps.connections.open escape as an
// unhandled rejection, which kills the process. Here every (re)connection
// failure is caught, logged, retried with back-off, and reported to /healthz.
import type { SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../log.js";
import { type Backoff, backoffDelay, type ConnectionStatus, isTokenRejection, TokenRejectedError } from "./connection-status.js";

type SocketModeClient = SocketModeReceiver["client"];

export class SocketSupervisor {
  private timer: NodeJS.Timeout | undefined;
  private connecting = false;
  private stopping = false;
  private attempt = 0;

  constructor(
    private readonly client: SocketModeClient,
    private readonly status: ConnectionStatus,
    private readonly log: Logger,
    private readonly backoff: Backoff,
  ) {
    status.socket = "unreachable";
    client.on("connected", () => {
      if (this.status.socket !== "ok") this.log.info("Socket Mode connected");
      this.status.socket = "ok";
      this.attempt = 0;
    });
    client.on("disconnected", () => {
      if (this.stopping) return;
      if (this.status.socket === "ok") this.log.warn("Socket Mode connection lost; reconnecting");
      if (this.status.socket !== "rejected") this.status.socket = "unreachable";
      this.scheduleReconnect();
    });
  }

  /** The first connection. A token Slack rejects now stops the bot; anything else is retried. */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (e) {
      if (isTokenRejection(e)) throw new TokenRejectedError("SLACK_APP_TOKEN", e.data.error);
      this.failed(e);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.client.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    try {
      await this.client.start();
    } finally {
      this.connecting = false;
    }
  }

  private failed(e: unknown): void {
    this.attempt += 1;
    if (isTokenRejection(e)) {
      this.status.socket = "rejected";
      this.log.error({ error: e.data.error, attempt: this.attempt }, "Slack rejected SLACK_APP_TOKEN on reconnect; will try again");
    } else {
      this.status.socket = "unreachable";
      this.log.warn({ err: e, attempt: this.attempt }, "Socket Mode could not connect; will try again");
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.timer || this.connecting) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.stopping) return;
        this.connect().catch((e: unknown) => this.failed(e));
      },
      backoffDelay(this.backoff, Math.max(1, this.attempt)),
    );
  }
}

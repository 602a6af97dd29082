// The Bolt app: HTTP mode (signed requests on POST /slack/events) or Socket
// Mode when an app-level token is set; GET /healthz in both. Start-up checks
// the bot token with Slack (auth.test) before it takes any request.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type AppOptions, SocketModeReceiver } from "@slack/bolt";
import type { ExtendedErrorHandlerArgs } from "@slack/bolt/dist/App.js";
import { ConfigError } from "../config.js";
import { boltLogger } from "../log.js";
import type { Context } from "../services/context.js";
import { failureNotice } from "../services/failures.js";
import { sharedReplayCheck } from "../services/replay-guard.js";
import { replayGate } from "./answer-turns.js";
import { mrkdwn } from "./blocks/common.js";
import { type Backoff, ConnectionStatus, DEFAULT_BACKOFF, type TokenRejectedError } from "./connection-status.js";
import { type Front, startFront } from "./front/front.js";
import { FrontReceiver } from "./front/receiver.js";
import { closeServer, createHttpServer, type HealthReport, listen, REPLAY_WINDOW_S } from "./http-server.js";
import { registerActions } from "./listeners/actions/index.js";
import { registerCommands } from "./listeners/commands/index.js";
import { registerEvents } from "./listeners/events/index.js";
import { registerViews } from "./listeners/views/index.js";
import { requestLog } from "./request-log.js";
import { SocketSupervisor } from "./socket-supervisor.js";
import { type TokenWatch, watchToken } from "./token-check.js";

type RetryOptions = NonNullable<NonNullable<AppOptions["clientOptions"]>["retryConfig"]>;

export interface SlackAppOptions {
  /** Web API retries: Slack's defaults in production, fast ones in tests. */
  retryConfig?: RetryOptions;
  /** Back-off between attempts to reach Slack (auth.test, Socket Mode). */
  backoff?: Backoff;
  /** The address to listen on; every interface when unset (a service behind a proxy, a container). */
  host?: string;
  /** Slack, unreachable at start-up, later refused the token: the bot should stop. */
  onTokenRejected?: (e: TokenRejectedError) => void;
  /** HTTP mode: the thread that takes requests stopped (a bug): the bot should stop, for its manager to restart it. */
  onFrontLost?: (e: Error) => void;
}

export interface SlackApp {
  app: App;
  status: ConnectionStatus;
  /** Checks the token (throws TokenRejectedError if Slack refuses it), connects, listens on PORT. */
  start(): Promise<{ port: number }>;
  /** Stops taking requests; work already acknowledged may still be finishing (see `idle`). */
  stop(): Promise<void>;
  /** Resolves when no listener is running, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

/** A load balancer waits a few seconds for /healthz: a database that has not answered by then is down (a lost connection may never answer). */
const HEALTH_DATABASE_LIMIT_MS = 3000;

async function databaseHealth(ctx: Context): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const noAnswer = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_DATABASE_LIMIT_MS} ms`)), HEALTH_DATABASE_LIMIT_MS);
  });
  try {
    await Promise.race([ctx.db.$queryRawUnsafe("SELECT 1"), noAnswer]);
    return true;
  } catch (e) {
    ctx.log.warn({ err: e }, "health check: the database did not answer");
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Another program holding the port is a setting to change, said as such. */
async function portInUse<T>(port: number, listening: Promise<T>): Promise<T> {
  try {
    return await listening;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new ConfigError([`PORT: ${port} is in use by another program; stop it, or set PORT to a free port`]);
    throw e;
  }
}

export function createSlackApp(ctx: Context, options: SlackAppOptions = {}): SlackApp {
  const { slack, port } = ctx.config;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const status = new ConnectionStatus();
  const logger = boltLogger(ctx.log);
  const clientOptions = { slackApiUrl: slack.apiUrl, ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}) };

  // Errors that escape Bolt's processing (before or around a listener) are
  // logged with their stack and answered, never left to hang or crash.
  const receiver = slack.appToken
    ? new SocketModeReceiver({
        appToken: slack.appToken,
        logger,
        autoReconnectEnabled: false,
        installerOptions: { clientOptions },
        processEventErrorHandler: async ({ error }) => {
          ctx.log.error({ err: error }, "a Slack request failed");
          return true; // ack the envelope, so Slack does not send it again
        },
      })
    : // HTTP mode: requests are taken, checked and (most) acked on a thread of their own (front/).
      new FrontReceiver({ log: ctx.log, replayCheck: sharedReplayCheck(ctx, REPLAY_WINDOW_S) });

  // Our own authorize: Bolt's default calls auth.test on its own and, when that
  // fails, answers nothing at all. The token was checked at start-up instead.
  const app = new App({
    receiver,
    logger,
    clientOptions,
    authorize: async () => ({ botToken: slack.botToken, botId: status.botId, botUserId: status.botUserId }),
    extendedErrorHandler: true,
  });

  const inFlight = requestLog(app, ctx.log);
  app.use(replayGate);
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerEvents(app, ctx);
  const onListenerError = async ({ error, body }: ExtendedErrorHandlerArgs): Promise<void> => {
    ctx.log.error({ err: error.original ?? error, code: error.code }, "unhandled error in a Slack listener");
    // Tell the person whose command failed, rather than leave them with no answer.
    const responseUrl = (body as { response_url?: unknown } | undefined)?.response_url;
    if (typeof responseUrl === "string" && responseUrl.startsWith("http")) {
      await fetch(responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          response_type: "ephemeral",
          replace_original: false,
          text: mrkdwn(
            failureNotice(
              error.original ?? error,
              "Something went wrong on our side. It has been logged; please try again, and if it keeps happening, tell your admin.",
            ).text,
          ),
        }),
      }).catch(() => undefined);
    }
  };
  app.error(onListenerError as never); // extendedErrorHandler: Bolt passes the request's body too

  const health = async (): Promise<HealthReport> => {
    const database = await databaseHealth(ctx);
    return { healthy: database, body: { status: database ? "ok" : "unavailable", database: database ? "ok" : "unavailable", slack: status.slack } };
  };
  // Socket Mode: requests come over the socket; this server only answers /healthz.
  const healthServer: Server | null = receiver instanceof SocketModeReceiver ? createHttpServer({ log: ctx.log, health }) : null;
  let front: Front | null = null;
  const socket = receiver instanceof SocketModeReceiver ? new SocketSupervisor(receiver.client, status, ctx.log, backoff) : null;
  let tokenWatch: TokenWatch | null = null;

  return {
    app,
    status,
    async start() {
      tokenWatch = await watchToken({
        token: slack.botToken,
        apiUrl: slack.apiUrl,
        status,
        log: ctx.log,
        backoff,
        onRejectedBeforeFirstAnswer: (e) => (options.onTokenRejected ?? ((err) => ctx.log.error({ err }, "Slack rejected the bot token")))(e),
      });
      await socket?.start();
      if (receiver instanceof FrontReceiver) {
        front = await portInUse(
          port,
          startFront({
            port,
            ...(options.host ? { host: options.host } : {}),
            signingSecret: slack.signingSecret!,
            log: ctx.log,
            health,
            deliver: (req) => receiver.deliver(req),
            onLost: options.onFrontLost ?? ((e) => ctx.log.error({ err: e }, "no longer taking Slack's requests")),
          }),
        );
        return { port: front.port };
      }
      const server = healthServer!;
      await portInUse(port, listen(server, port, options.host));
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      tokenWatch?.stop();
      await socket?.stop();
      await front?.stop();
      if (healthServer) await closeServer(healthServer);
    },
    idle: (timeoutMs) => inFlight.idle(timeoutMs),
  };
}

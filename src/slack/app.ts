// The Bolt app: HTTP mode (signed requests on POST /slack/events) or Socket
// Mode when an app-level token is set; GET /healthz in both.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { App, type AppOptions } from "@slack/bolt";

type RetryOptions = NonNullable<NonNullable<AppOptions["clientOptions"]>["retryConfig"]>;
import { boltLogger } from "../log.js";
import type { Context } from "../services/context.js";
import { registerCommands } from "./listeners/commands/index.js";
import { registerActions } from "./listeners/actions/index.js";
import { registerViews } from "./listeners/views/index.js";
import { registerEvents } from "./listeners/events/index.js";

export interface SlackAppOptions {
  /** Web API retries: Slack's defaults in production, fast ones in tests. */
  retryConfig?: RetryOptions;
}

export interface SlackApp {
  app: App;
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

function healthRoute(ctx: Context) {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      let healthy = true;
      try {
        await ctx.db.$queryRawUnsafe("SELECT 1");
      } catch (e) {
        healthy = false;
        ctx.log.warn({ err: (e as Error).message }, "health check: database did not answer");
      }
      res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: healthy ? "ok" : "unavailable" }));
    },
  };
}

export function createSlackApp(ctx: Context, options: SlackAppOptions = {}): SlackApp {
  const { slack, port } = ctx.config;
  const clientOptions = { slackApiUrl: slack.apiUrl, ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}) };
  const logger = boltLogger(ctx.log);
  const customRoutes = [healthRoute(ctx)];
  const app = slack.appToken
    ? new App({ token: slack.botToken, appToken: slack.appToken, socketMode: true, logger, clientOptions, customRoutes, installerOptions: { port } })
    : new App({ token: slack.botToken, signingSecret: slack.signingSecret!, logger, clientOptions, customRoutes });

  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerEvents(app, ctx);
  app.error(async (error) => {
    ctx.log.error({ err: error.message, code: (error as { code?: string }).code }, "unhandled error in a Slack listener");
  });

  return {
    app,
    async start() {
      if (slack.appToken) {
        await app.start();
        return { port };
      }
      const server = (await app.start(port)) as Server;
      const address = server.address();
      return { port: typeof address === "object" && address ? address.port : port };
    },
    async stop() {
      await app.stop();
    },
  };
}

// Structured logs (pino), with secrets redacted wherever they might appear:
// in fields, in message strings, and in errors' messages and stacks.

import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import { type Logger as Pino, pino, destination as pinoDestination, stdSerializers } from "pino";

export type Logger = Pino;

const SECRET_PATHS = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "signingSecret",
  "*.signingSecret",
  "headers.authorization",
  "*.headers.authorization",
  "config.headers.Authorization",
  "*.config.headers.Authorization",
];
const TOKEN_IN_TEXT = /xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/g;
/** The password in a database URL (postgres://user:password@host). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]+:)[^@/\s]+@/gi;

export function maskSecrets(text: string): string {
  return text.replace(TOKEN_IN_TEXT, "[redacted]").replace(URL_PASSWORD, "$1[redacted]@");
}

/** pino's error serializer (type, message, stack, cause), with secrets masked. */
function errSerializer(e: unknown): unknown {
  if (!(e instanceof Error)) return typeof e === "string" ? maskSecrets(e) : e;
  const out = stdSerializers.err(e) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (typeof v === "string") out[k] = maskSecrets(v);
  // Web API errors carry the request's config (with the Authorization header); keep only what helps.
  delete out.config;
  delete out.request;
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: "[redacted]" },
      serializers: { err: errSerializer, error: errSerializer },
      hooks: {
        // Slack SDK messages are strings; a token pasted into one is masked too.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? maskSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pinoDestination(2),
  );
}

/** Bolt's Logger interface over pino. */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: "slack" });
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? (m.stack ?? m.message) : JSON.stringify(m))).join(" ");
  return {
    // The Web API client logs a debug line per call: build its text only when it will be written.
    debug: (...m) => {
      if (child.isLevelEnabled("debug")) child.debug(text(m));
    },
    info: (...m) => child.info(text(m)),
    warn: (...m) => child.warn(text(m)),
    error: (...m) => child.error(text(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

// Structured logs (pino), with secrets redacted wherever they might appear.
import { pino, destination as pinoDestination, type Logger as Pino } from "pino";
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";

export type Logger = Pino;

const SECRET_PATHS = [
  "token", "*.token", "botToken", "*.botToken", "appToken", "*.appToken", "signingSecret", "*.signingSecret",
  "headers.authorization", "*.headers.authorization", "config.headers.Authorization", "*.config.headers.Authorization",
];
const TOKEN_IN_TEXT = /xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/g;

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: "[redacted]" },
      hooks: {
        // Slack SDK messages are strings; a token pasted into one is masked too.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? a.replace(TOKEN_IN_TEXT, "[redacted]") : a)) as Parameters<typeof method>);
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
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...m) => child.debug(text(m)),
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

// Environment, validated with zod at start-up. Messages name the variable and
// what is expected, and never echo a value (some are secrets).

import { IANAZone } from "luxon";
import { z } from "zod";
import { parseClock, parseWeekday } from "./domain/digest-schedule.js";
import { parseIdentifierPatterns } from "./domain/identifying-text.js";
import type { ReminderSettings } from "./domain/reminder-policy.js";
import { plainWords } from "./domain/words.js";
import { projectPath } from "./paths.js";

const emptyAsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const bool = (name: string) =>
  z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return false;
        if (/^(true|1|yes|on)$/i.test(v)) return true;
        if (/^(false|0|no|off)$/i.test(v)) return false;
        ctx.addIssue({ code: "custom", message: `${name} must be true or false` });
        return z.NEVER;
      }),
  );

const int = (name: string, def: number, min: number, max: number) =>
  z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return def;
        if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) {
          ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max}` });
          return z.NEVER;
        }
        return Number(v);
      }),
  );

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

const schema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    emptyAsUnset,
    z
      .string({ message: "SLACK_BOT_TOKEN is required: the bot token from your Slack app, starting xoxb-" })
      .regex(/^xoxb-[A-Za-z0-9-]+$/, "SLACK_BOT_TOKEN must be a bot token starting xoxb-"),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9]{16,128}$/, "SLACK_SIGNING_SECRET must be the app's signing secret (letters and digits)")
      .optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^xapp-[A-Za-z0-9-]+$/, "SLACK_APP_TOKEN must be an app-level token starting xapp-")
      .optional(),
  ),
  SLACK_API_URL: z.preprocess(
    emptyAsUnset,
    z
      .url({ message: "SLACK_API_URL must be a URL such as https://slack.com/api/" })
      .refine((u) => /^https?:\/\//.test(u), "SLACK_API_URL must be an http(s) URL")
      .default("https://slack.com/api/"),
  ),
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine(
        (u) => /^file:.+/.test(u) || /^postgres(ql)?:\/\/.+/.test(u),
        "DATABASE_URL must start file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
      )
      .optional(),
  ),
  PORT: int("PORT", 3000, 0, 65535),
  DATABASE_POOL_SIZE: int("DATABASE_POOL_SIZE", 10, 1, 200),
  DATABASE_STATEMENT_TIMEOUT_MS: int("DATABASE_STATEMENT_TIMEOUT_MS", 30_000, 0, 3_600_000),
  DELIVERY_CHECK_SECONDS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .default("60")
      .transform((v, ctx) => {
        // A cron step of seconds: it must divide the minute, so every minute's slot is checked on time.
        if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 60 || 60 % Number(v) !== 0) {
          ctx.addIssue({
            code: "custom",
            message: "DELIVERY_CHECK_SECONDS must be a whole number of seconds that divides a minute: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60",
          });
          return z.NEVER;
        }
        return Number(v);
      }),
  ),
  DELIVERY_LEASE_SECONDS: int("DELIVERY_LEASE_SECONDS", 600, 1, 86_400),
  COUNCIL_NAME: z.preprocess(emptyAsUnset, z.string().trim().max(80, "COUNCIL_NAME must be at most 80 characters").optional()),
  BOARD_NAME: z.preprocess(emptyAsUnset, z.string().trim().max(120, "BOARD_NAME must be at most 120 characters").optional()),
  PACK_MARKING: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .trim()
      .max(60, "PACK_MARKING must be at most 60 characters, such as OFFICIAL or OFFICIAL-SENSITIVE")
      .regex(/^[^\p{Cc}]+$/u, "PACK_MARKING must be one line of text, such as OFFICIAL or OFFICIAL-SENSITIVE")
      .default("OFFICIAL"),
  ),
  TIMEZONE: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((z) => IANAZone.isValidZone(z), "TIMEZONE must be an IANA time zone such as Europe/London")
      .default("Europe/London"),
  ),
  ADMIN_USER_IDS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const ids = (v ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = ids.filter((id) => !USER_ID.test(id));
        if (bad.length) {
          ctx.addIssue({ code: "custom", message: "ADMIN_USER_IDS must be Slack user ids separated by commas, such as U0123456789,U0987654321" });
          return z.NEVER;
        }
        return ids;
      }),
  ),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof emptyAsUnset(v) === "string" ? String(v).toLowerCase() : undefined),
    z.enum(["debug", "info", "warn", "error"], { message: "LOG_LEVEL must be debug, info, warn or error" }).default("info"),
  ),
  SUPPRESS_SMALL_COUNTS: bool("SUPPRESS_SMALL_COUNTS"),
  REMINDER_WEEKLY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .default("mon 10:00")
      .transform((v, ctx) => {
        const [day, time, ...extra] = v.trim().split(/\s+/);
        const d = day ? parseWeekday(day) : null;
        const t = time ? parseClock(time) : null;
        if (d === null || !t || !t.ok || extra.length) {
          ctx.addIssue({ code: "custom", message: "REMINDER_WEEKLY must be a day and a 24-hour UK time, such as mon 10:00" });
          return z.NEVER;
        }
        return { dayOfWeek: d, time: t.value };
      }),
  ),
  REMINDER_WINDOW_DAYS: int("REMINDER_WINDOW_DAYS", 14, 0, 365),
  REMINDER_BEFORE_DAYS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .default("7,1")
      .transform((v, ctx) => {
        const parts = v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        if (!parts.every((p) => /^\d{1,3}$/.test(p))) {
          ctx.addIssue({ code: "custom", message: "REMINDER_BEFORE_DAYS must be whole numbers of days separated by commas, such as 7,1" });
          return z.NEVER;
        }
        return [...new Set(parts.map(Number))].sort((a, b) => b - a);
      }),
  ),
  REMINDER_QUIET_DAYS: int("REMINDER_QUIET_DAYS", 3, 0, 365),
  ESCALATE_AFTER_REMINDERS: int("ESCALATE_AFTER_REMINDERS", 3, 1, 100),
  ESCALATE_OVERDUE_DAYS: int("ESCALATE_OVERDUE_DAYS", 7, 0, 365),
  FIGURES_DUE_DAYS: int("FIGURES_DUE_DAYS", 10, 0, 365),
  IDENTIFIER_PATTERNS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const parsed = parseIdentifierPatterns(v ?? "");
        if (!parsed.ok) {
          // The pattern is the council's id shape, not a secret, so naming it helps.
          ctx.addIssue({
            code: "custom",
            message: `IDENTIFIER_PATTERNS must be regular expressions separated by commas, such as LCS\\d{6},CASE-\\d{4,8}: ${plainWords(parsed.error.text)}`,
          });
          return z.NEVER;
        }
        return parsed.value;
      }),
  ),
  RETENTION_MONTHS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return null;
        if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 1200) {
          ctx.addIssue({ code: "custom", message: "RETENTION_MONTHS must be a whole number of months from 1 to 1200, or unset to keep everything" });
          return z.NEVER;
        }
        return Number(v);
      }),
  ),
  // For benchmarks and tests only: the clock starts at this instant and runs on in real time.
  CLOCK_START: z.preprocess(
    emptyAsUnset,
    z.iso.datetime({ offset: true, message: "CLOCK_START must be an ISO-8601 instant with its offset, such as 2017-07-03T08:00:00Z" }).optional(),
  ),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  slack: { botToken: string; signingSecret: string | null; appToken: string | null; apiUrl: string };
  databaseUrl: string;
  /** PostgreSQL's pool and statement time-out (0: none); SQLite ignores both. */
  database: { poolSize: number; statementTimeoutMs: number };
  /** How often the running bot looks for due deliveries, and how long a claim lasts before another process may take it over. */
  deliveries: { checkSeconds: number; leaseMs: number };
  port: number;
  /** Shown in chart titles ("what and where") and on the board pack. */
  councilName: string | null;
  /** The board's name on the board pack. */
  boardName: string | null;
  /** Protective marking in the header of every page of the board pack. */
  packMarking: string;
  timezone: string;
  adminUserIds: string[];
  logLevel: "debug" | "info" | "warn" | "error";
  suppressSmallCounts: boolean;
  /** The council's own case or reference number shapes, screened out of free text. */
  identifierPatterns: RegExp[];
  reminders: ReminderSettings & { figuresDueDays: number };
  /** Purge daily what is older than this many months; null keeps everything. */
  retentionMonths: number | null;
  /** Benchmarks and tests only: the instant the bot's clock reads at start-up (it then runs on in real time); null: real time. */
  clockStart: Date | null;
}

/**
 * Unset, the database is data/bot.db in the project's folder, wherever the bot
 * is started from; a path given in DATABASE_URL is read as Prisma reads it,
 * relative to the working directory.
 */
function anchoredDatabaseUrl(url: string | undefined): string {
  return url ?? `file:${projectPath("data", "bot.db")}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Only the variables we know are read, so a secret elsewhere in the environment can never be echoed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  // zod messages here are ours, written without values; keep them, drop zod's own defaults.
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? "");
        return i.message.includes(name) && name ? i.message : `${name}: ${i.message}`;
      });
  const set = (name: string) => typeof env[name] === "string" && env[name]!.trim() !== "";
  if (!set("SLACK_APP_TOKEN") && !set("SLACK_SIGNING_SECRET")) {
    problems.push("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)");
  }
  if (set("CLOCK_START") && env.NODE_ENV?.trim() === "production")
    problems.push("CLOCK_START is for benchmarks and tests only: unset it when NODE_ENV is production");
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    slack: {
      botToken: c.SLACK_BOT_TOKEN,
      signingSecret: c.SLACK_SIGNING_SECRET ?? null,
      appToken: c.SLACK_APP_TOKEN ?? null,
      apiUrl: c.SLACK_API_URL.endsWith("/") ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`,
    },
    databaseUrl: anchoredDatabaseUrl(c.DATABASE_URL),
    database: { poolSize: c.DATABASE_POOL_SIZE, statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_MS },
    deliveries: { checkSeconds: c.DELIVERY_CHECK_SECONDS, leaseMs: c.DELIVERY_LEASE_SECONDS * 1000 },
    port: c.PORT,
    councilName: c.COUNCIL_NAME ?? null,
    boardName: c.BOARD_NAME ?? null,
    packMarking: c.PACK_MARKING,
    timezone: c.TIMEZONE,
    adminUserIds: c.ADMIN_USER_IDS,
    logLevel: c.LOG_LEVEL,
    suppressSmallCounts: c.SUPPRESS_SMALL_COUNTS,
    identifierPatterns: c.IDENTIFIER_PATTERNS,
    reminders: {
      weekly: c.REMINDER_WEEKLY,
      windowDays: c.REMINDER_WINDOW_DAYS,
      beforeDays: c.REMINDER_BEFORE_DAYS,
      quietDays: c.REMINDER_QUIET_DAYS,
      escalateAfterReminders: c.ESCALATE_AFTER_REMINDERS,
      escalateOverdueDays: c.ESCALATE_OVERDUE_DAYS,
      figuresDueDays: c.FIGURES_DUE_DAYS,
    },
    retentionMonths: c.RETENTION_MONTHS,
    clockStart: c.CLOCK_START ? new Date(c.CLOCK_START) : null,
  };
}

/**
 * "sandbox" when no Slack credential is set at all and NODE_ENV is not
 * production: `npm start` then runs the local sandbox (src/sandbox) instead of
 * stopping, for someone trying the bot before their Slack app exists. A
 * production server never falls back; any credential means real Slack.
 */
export function startMode(env: NodeJS.ProcessEnv = process.env): "slack" | "sandbox" {
  const set = (name: string) => typeof env[name] === "string" && env[name]!.trim() !== "";
  const anyCredential = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"].some(set);
  return !anyCredential && env.NODE_ENV?.trim() !== "production" ? "sandbox" : "slack";
}

/** Read .env when present (Node's own parser), without overriding the real environment. */
export function loadDotEnv(path: string): void {
  try {
    process.loadEnvFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

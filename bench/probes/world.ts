// A database for the probes: the seeded catalogue with `years` of monthly
// figures for every monthly indicator (quarterly ones get a figure a quarter),
// an admin, targets on a few, and benchmarks. Made once per (years) and copied.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb, type Db } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import type { Frequency } from "../../src/domain/indicator.js";
import { latestEndedPeriod, type Period, periodKey, periodStartDate, shiftPeriod } from "../../src/domain/period.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";
import { BOT_TOKEN } from "../../test/support/fake-slack.js";

export const PROBE_DIR = projectPath("scratch", "probes");
export const ADMIN = "U0ADMIN0001";

/** A fresh copy of a database with `years` of figures, made once and copied after. */
export async function probeDatabase(years: number, now = new Date()): Promise<string> {
  mkdirSync(PROBE_DIR, { recursive: true });
  const template = join(PROBE_DIR, `world-${years}y.db`);
  if (!existsSync(template)) await build(template, years, now);
  const copy = join(PROBE_DIR, `run-${years}y-${process.pid}-${Date.now()}.db`);
  copyFileSync(template, copy);
  return copy;
}

async function build(file: string, years: number, now: Date): Promise<void> {
  const url = `file:${file}`;
  await migrate(url, PROJECT_ROOT);
  const db = createDb(url);
  await seedCatalogue(db, projectPath("resources", "indicators.csv"));
  const indicators = await db.indicator.findMany();
  const rows = [];
  for (const ind of indicators) {
    const freq = ind.frequency as Frequency;
    const last = latestEndedPeriod(freq, now, "Europe/London");
    const n = freq === "monthly" ? years * 12 : freq === "quarterly" ? years * 4 : years * 52;
    for (let i = n - 1; i >= 0; i--) {
      const p: Period = shiftPeriod(last, -i);
      const base = ind.unit === "percent" ? 40 : null;
      const value = ind.unit === "percent" ? Math.round((60 + ((i * 7) % 30)) * 10) / 10 : 100 + ((i * 13) % 40);
      rows.push({
        indicatorKey: ind.key,
        period: periodKey(p),
        periodStart: periodStartDate(p).toJSDate(),
        value,
        numerator: base === null ? null : Math.round((value * base) / 100),
        base,
        note: i % 5 === 0 ? "made-up probe figure" : null,
        recordedBy: ADMIN,
        recordedAt: now,
      });
    }
    if (ind.polarity !== "neutral") await db.indicator.update({ where: { key: ind.key }, data: { target: ind.unit === "percent" ? 80 : 120, tolerance: 5 } });
  }
  for (let i = 0; i < rows.length; i += 2000) await db.measurement.createMany({ data: rows.slice(i, i + 2000) });
  await db.$disconnect();
}

/** The environment a probe runs the bot (or run-due) with: the fake Slack, this database, quiet logs. */
export function probeEnv(slackApiUrl: string, file: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: "x".repeat(32),
    SLACK_API_URL: slackApiUrl,
    DATABASE_URL: `file:${file}`,
    LOG_LEVEL: "error",
  };
}

/**
 * An improvement plan of `actions` open actions shared among `owners` people,
 * all due within the reminder window of Monday 2026-11-23 (the probes' weekly
 * reminder), a third of them measured by an indicator.
 */
export async function addPlan(db: Db, actions: number, owners: number): Promise<void> {
  await db.planTheme.create({ data: { name: "Practice", position: 1 } }).catch(() => undefined);
  const keys = (await db.indicator.findMany({ select: { key: true } })).map((i) => i.key);
  const created = new Date("2026-10-01T00:00:00Z");
  for (let i = 0; i < actions; i += 500) {
    await db.action.createMany({
      data: Array.from({ length: Math.min(500, actions - i) }, (_, j) => {
        const n = i + j;
        return {
          ref: `A${String(n).padStart(4, "0")}`,
          theme: "Practice",
          position: n,
          title: `Action ${n}: audit a sample of case files and report to the board`,
          ownerId: `U0OWN${String(n % owners).padStart(6, "0")}`,
          sponsorId: "U0SPONSOR01",
          due: `2026-12-${String(1 + (n % 6)).padStart(2, "0")}`,
          measureKey: n % 3 === 0 ? keys[n % keys.length]! : null,
          status: "on_track",
          createdAt: created,
        };
      }),
    });
  }
}

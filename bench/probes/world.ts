// A database for the probes: the seeded catalogue with `years` of monthly
// figures for every monthly indicator (quarterly ones get a figure a quarter),
// an admin, targets on a few, and benchmarks. Made once per (years) and copied.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import type { Frequency } from "../../src/domain/indicator.js";
import { latestEndedPeriod, type Period, periodKey, periodStartDate, shiftPeriod } from "../../src/domain/period.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";

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

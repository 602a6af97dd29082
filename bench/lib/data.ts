// The benchmarks' data, built fast with batched inserts through the app's own
// Prisma clients: the catalogue's 21 monthly indicators and 9 made-up ones (30
// with monthly figures), targets, an improvement plan of 1,000 actions for 200
// owners due within the reminder window, 50 digest schedules (inactive until the
// digest benchmark sets them due), and the import CSV. Figures run to April 2026
// (35 years of them start in May 1991: the app reads no period before 1990); the
// bot's clock (CLOCK_START) is Monday 6 July 2026, so May and June 2026 are free
// for the record benchmarks to record and remove again.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import { type Period, periodKey, periodStartDate, shiftPeriod } from "../../src/domain/period.js";
import type { Prisma } from "../../src/generated/sqlite/client.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";

/** Monday 6 July 2026, 08:00 in London: the bot's clock starts near here. */
export const FAKE_EPOCH = new Date("2026-07-06T07:00:00Z");
/** The last period with figures; the two after it have ended by FAKE_EPOCH and are left for the record benchmarks. */
export const LAST_PERIOD = { frequency: "monthly", year: 2026, month: 4 } as const satisfies Period;
export const RECORD_PERIODS = ["2026-05", "2026-06"];
/** The app reads no period before January 1990. */
const FIRST_MONTH = { frequency: "monthly", year: 1990, month: 1 } as const satisfies Period;
export const ADMIN = "U0BENCHADM1";
export const DATA_DIR = join(PROJECT_ROOT, "bench", ".data");

export interface Sizes {
  actions: number;
  owners: number;
  channels: number;
  importRows: number;
}

export const EXTRA_INDICATORS = 9;

/** A repeatable pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchIndicator {
  key: string;
  unit: string;
  polarity: string;
}

/** A plausible figure for an indicator in month `i` of a series (seasonal, noisy, within its unit's range). */
function figure(ind: BenchIndicator, index: number, i: number, rnd: () => number): number {
  const season = Math.sin((i / 12) * 2 * Math.PI);
  switch (ind.unit) {
    case "percent":
      return Math.round(Math.min(99, Math.max(1, 55 + (index % 7) * 5 + season * 3 + (rnd() - 0.5) * 8)) * 10) / 10;
    case "count":
      return Math.round(Math.max(0, 150 + index * 40 + season * 15 + (rnd() - 0.5) * 40));
    case "rate_per_10k":
      return Math.round((35 + index + season * 2 + (rnd() - 0.5) * 6) * 10) / 10;
    default:
      return Math.round((12 + (index % 5) * 3 + season + (rnd() - 0.5) * 3) * 100) / 100;
  }
}

/** The 30 indicators with figures: the catalogue's monthly ones and the made-up extras, in a fixed order. */
export async function benchIndicators(db: Db): Promise<BenchIndicator[]> {
  const rows = await db.indicator.findMany({ where: { frequency: "monthly" }, orderBy: { key: "asc" } });
  return rows.map((r) => ({ key: r.key, unit: r.unit, polarity: r.polarity }));
}

/** The figure each indicator has in LAST_PERIOD: recording it again for May or June never looks like a slip. */
export async function latestValues(db: Db): Promise<Map<string, number>> {
  const rows = await db.measurement.findMany({ where: { period: periodKey(LAST_PERIOD) } });
  return new Map(rows.map((r) => [r.indicatorKey, r.value]));
}

/** Migrated and seeded, with the extra indicators, targets, the plan and the (inactive) digest schedules; no figures. */
export async function buildBase(url: string, sizes: Sizes): Promise<void> {
  await migrate(url, PROJECT_ROOT);
  const db = createDb(url);
  try {
    await seedCatalogue(db, projectPath("resources", "indicators.csv"));
    for (let i = 1; i <= EXTRA_INDICATORS; i++) {
      await db.indicator.create({
        data: {
          key: `bench-extra-${i}`,
          name: `Made-up benchmark indicator ${i}`,
          unit: i % 2 ? "percent" : "count",
          polarity: i % 3 === 0 ? "neutral" : i % 2 ? "high_good" : "low_good",
          frequency: "monthly",
          group: "Benchmark extras",
          order: 1000 + i,
        },
      });
    }
    const indicators = await benchIndicators(db);
    for (const [index, ind] of indicators.entries()) {
      if (ind.polarity === "neutral" || ind.unit !== "percent") continue;
      const typical = 55 + (index % 7) * 5;
      const target = ind.polarity === "high_good" ? typical + ((index % 3) - 1) * 5 : typical - ((index % 3) - 1) * 5;
      await db.indicator.update({ where: { key: ind.key }, data: { target, tolerance: 2 } });
    }
    await buildPlan(db, sizes, indicators);
    await db.digestSchedule.createMany({
      data: Array.from({ length: sizes.channels }, (_, i) => ({
        channelId: digestChannel(i),
        cadence: "weekly",
        dayOfWeek: 1,
        time: "08:00",
        keys: "",
        createdBy: ADMIN,
        createdAt: new Date(FAKE_EPOCH.getTime() - 86_400_000),
        active: false,
      })),
    });
  } finally {
    await db.$disconnect();
  }
}

export const digestChannel = (i: number) => `C0DIGEST${String(i + 1).padStart(3, "0")}`;
export const owner = (i: number) => `U0OWNER${String(i + 1).padStart(4, "0")}`;

const THEMES = ["Leadership and management", "Front-line practice", "Partnerships", "Workforce", "Performance management"];
/** Owners last answered a day before the epoch: quiet (no reminder) until the reminder benchmark says otherwise. */
export const QUIET_UNTIL_TOLD = new Date(FAKE_EPOCH.getTime() - 86_400_000);

async function buildPlan(db: Db, sizes: Sizes, indicators: BenchIndicator[]): Promise<void> {
  const perTheme = Math.ceil(sizes.actions / THEMES.length);
  const perObjective = 20;
  const objectives = Math.ceil(perTheme / perObjective);
  await db.planTheme.createMany({
    data: THEMES.map((name, t) => ({ name, ref: String(t + 1), aim: `Aim of the ${name.toLowerCase()} theme`, position: t })),
  });
  await db.planObjective.createMany({
    data: THEMES.flatMap((name, t) =>
      Array.from({ length: objectives }, (_, o) => ({
        ref: `${t + 1}.${o + 1}`,
        theme: name,
        text: `Objective ${o + 1} of ${name.toLowerCase()}`,
        position: o,
      })),
    ),
  });
  const actions = [];
  for (let i = 0; i < sizes.actions; i++) {
    const t = i % THEMES.length;
    const k = Math.floor(i / THEMES.length);
    const o = Math.floor(k / perObjective);
    const a = k % perObjective;
    const measure = i % 4 === 0 ? indicators[i % indicators.length]! : null;
    actions.push({
      ref: `${t + 1}.${o + 1}.${a + 1}`,
      theme: THEMES[t]!,
      objectiveRef: `${t + 1}.${o + 1}`,
      position: k,
      title: `Embed the practice framework in supervision, with monthly audits of case recording (${i + 1})`,
      ownerId: owner(i % sizes.owners),
      due: `2026-07-${String(8 + (i % 10)).padStart(2, "0")}`, // 2 to 11 days after the epoch: within the reminder window
      status: "on_track",
      measureKey: measure?.key ?? null,
      measureTarget: measure && measure.unit === "percent" ? 75 : null,
      measureBy: measure ? "2027-03-31" : null,
      lastUpdateAt: QUIET_UNTIL_TOLD,
      createdAt: new Date(FAKE_EPOCH.getTime() - 30 * 86_400_000),
    });
  }
  for (let i = 0; i < actions.length; i += 500) await db.action.createMany({ data: actions.slice(i, i + 500) });
}

/** Figures for every bench indicator, `months` of them up to LAST_PERIOD, in batches. */
export async function addFigures(url: string, months: number): Promise<void> {
  const db = createDb(url);
  try {
    const indicators = await benchIndicators(db);
    const first = shiftPeriod(LAST_PERIOD, -(months - 1));
    const recordedAt = new Date(FAKE_EPOCH.getTime() - 40 * 86_400_000);
    let batch: Prisma.MeasurementCreateManyInput[] = [];
    for (const [index, ind] of indicators.entries()) {
      const rnd = random(1000 + index);
      for (let i = 0; i < months; i++) {
        const period = shiftPeriod(first, i);
        batch.push({
          indicatorKey: ind.key,
          period: periodKey(period),
          periodStart: periodStartDate(period).toJSDate(),
          value: figure(ind, index, i, rnd),
          note: i === months - 1 && index % 3 === 0 ? "Two teams short of permanent staff; agency cover agreed from next month" : null,
          recordedBy: ADMIN,
          recordedAt,
        });
        if (batch.length >= 2000) {
          await db.measurement.createMany({ data: batch });
          batch = [];
        }
      }
    }
    if (batch.length) await db.measurement.createMany({ data: batch });
  } finally {
    await db.$disconnect();
  }
}

/** Months from January 1990 to LAST_PERIOD: the longest monthly history an import can hold. */
function monthsAvailable(): number {
  return (LAST_PERIOD.year - FIRST_MONTH.year) * 12 + (LAST_PERIOD.month - FIRST_MONTH.month) + 1;
}

/**
 * The import's database: made-up monthly indicators added to the base, enough for `rows`
 * figures to fit between January 1990 and April 2026 (18,000 need 42 indicators).
 */
export async function addImportIndicators(url: string, rows: number): Promise<void> {
  const db = createDb(url);
  try {
    const have = (await benchIndicators(db)).length;
    const need = Math.ceil(rows / monthsAvailable()) - have;
    for (let i = 1; i <= need; i++) {
      await db.indicator.create({
        data: {
          key: `bench-import-${i}`,
          name: `Made-up imported indicator ${i}`,
          unit: "count",
          polarity: "neutral",
          frequency: "monthly",
          group: "Benchmark extras",
          order: 2000 + i,
        },
      });
    }
  } finally {
    await db.$disconnect();
  }
}

/** The import file: `rows` figures (monthly, ending April 2026, each indicator's run as long as it takes), with a note on one row in 20. */
export async function writeImportCsv(url: string, rows: number, file: string): Promise<void> {
  const db = createDb(url);
  let indicators: BenchIndicator[];
  try {
    indicators = await benchIndicators(db);
  } finally {
    await db.$disconnect();
  }
  const months = Math.ceil(rows / indicators.length);
  if (months > monthsAvailable()) throw new Error(`${rows} figures need more than the ${indicators.length} indicators there are (addImportIndicators)`);
  const first = shiftPeriod(LAST_PERIOD, -(months - 1));
  const lines = ["key,period,value,note"];
  let n = 0;
  for (const [index, ind] of indicators.entries()) {
    const rnd = random(5000 + index);
    for (let i = 0; i < months && n < rows; i++, n++) {
      const note = n % 20 === 0 ? "Revised after the quarterly data cleanse" : "";
      lines.push(`${ind.key},${periodKey(shiftPeriod(first, i))},${figure(ind, index, i, rnd)},${note}`);
    }
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** SQLite: a fresh folder for this run's databases. */
export function dataDir(): string {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  return DATA_DIR;
}

export function copyDatabase(from: string, to: string): string {
  copyFileSync(from, to);
  return to;
}

// PostgreSQL: databases of our own on the machine's server, dropped at the end.
const PG_SERVER = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function postgresUrl(name: string): string {
  const u = new URL(PG_SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withPostgres<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function postgresAnswers(): Promise<boolean> {
  try {
    await withPostgres((c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

export async function dropPostgres(prefix: string): Promise<void> {
  await withPostgres(async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  });
}

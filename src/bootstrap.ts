// What npm start and every CLI command do first: validated settings, a
// migrated database with the catalogue seeded.
import { type Config, loadConfig, loadDotEnv } from "./config.js";
import { createDb } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { seedCatalogue } from "./db/seed.js";
import { createLogger, type Logger } from "./log.js";
import { PROJECT_ROOT, projectPath } from "./paths.js";
import type { Context } from "./services/context.js";

export async function bootstrap(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}, logger?: Logger): Promise<Context> {
  loadDotEnv(projectPath(".env"));
  const config = { ...loadConfig(env), ...overrides };
  // CLOCK_START (benchmarks and tests): the same clock, moved to start at that instant.
  const offset = config.clockStart ? config.clockStart.getTime() - Date.now() : 0;
  const log = logger ?? createLogger(config.logLevel);
  const { applied } = await migrate(config.databaseUrl, PROJECT_ROOT);
  if (applied.length) log.info({ migrations: applied }, "database migrated");
  const db = createDb(config.databaseUrl, config.database);
  const added = await seedCatalogue(db, projectPath("resources", "indicators.csv"));
  if (added) log.info({ added }, "indicator catalogue seeded");
  return { db, config, log, now: offset ? () => new Date(Date.now() + offset) : () => new Date() };
}

// What npm start and every CLI command do first: validated settings, a
// migrated database with the catalogue seeded.
import { loadConfig, loadDotEnv, type Config } from "./config.js";
import { createDb } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { seedCatalogue } from "./db/seed.js";
import { createLogger } from "./log.js";
import type { Context } from "./services/context.js";

export async function bootstrap(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Promise<Context> {
  loadDotEnv();
  const config = { ...loadConfig(env), ...overrides };
  const log = createLogger(config.logLevel);
  await migrate(config.databaseUrl);
  const db = createDb(config.databaseUrl);
  const added = await seedCatalogue(db);
  if (added) log.info({ added }, "indicator catalogue seeded");
  return { db, config, log, now: () => new Date() };
}

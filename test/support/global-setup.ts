import { createDb } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";
import { freshTmpDir, TEMPLATE_DB } from "./template-db.js";

export default async function setup(): Promise<void> {
  freshTmpDir();
  await migrate(`file:${TEMPLATE_DB}`, PROJECT_ROOT);
  const db = createDb(`file:${TEMPLATE_DB}`);
  await seedCatalogue(db, projectPath("resources", "indicators.csv"));
  await db.$disconnect();
}

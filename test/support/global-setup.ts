import { execFileSync } from "node:child_process";
import { createDb } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedCatalogue } from "../../src/db/seed.js";
import { PROJECT_ROOT, projectPath } from "../../src/paths.js";
import { freshTmpDir, TEMPLATE_DB } from "./template-db.js";

export default async function setup(): Promise<void> {
  // poppler-utils (pdftotext, pdfinfo), to read the board pack back: installed once, under the set-up's lock.
  execFileSync("bash", [projectPath("scripts", "test-tools.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  freshTmpDir();
  await migrate(`file:${TEMPLATE_DB}`, PROJECT_ROOT);
  const db = createDb(`file:${TEMPLATE_DB}`);
  await seedCatalogue(db, projectPath("resources", "indicators.csv"));
  await db.$disconnect();
}

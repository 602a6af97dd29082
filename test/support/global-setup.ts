import { execFileSync } from "node:child_process";
import { projectPath } from "../../src/paths.js";
import { freshTmpDir } from "./template-db.js";
import { dropRunDatabases, prepareTemplates, testDatabaseKind } from "./test-database.js";

export default async function setup(): Promise<() => Promise<void>> {
  // poppler-utils (pdftotext, pdfinfo), to read the board pack back: installed once, under the set-up's lock.
  execFileSync("bash", [projectPath("scripts", "test-tools.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  freshTmpDir();
  await prepareTemplates(testDatabaseKind());
  return dropRunDatabases;
}

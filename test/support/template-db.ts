// One migrated, seeded SQLite database per test run; each test copies it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const TMP_DIR = fileURLToPath(new URL("../../.test-tmp/", import.meta.url));
export const TEMPLATE_DB = `${TMP_DIR}template.db`;

export function freshTmpDir(): void {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
}

/** A private copy of the template database, for one test: returns its file. */
export function freshDatabaseFile(): string {
  const file = join(mkdtempSync(join(TMP_DIR, "db-")), "bot.db");
  copyFileSync(TEMPLATE_DB, file);
  return file;
}

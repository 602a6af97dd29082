// One migrated, seeded SQLite database per test run; each test copies it.
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const TMP_DIR = fileURLToPath(new URL("../../.test-tmp/", import.meta.url));
export const TEMPLATE_DB = `${TMP_DIR}template.db`;

export function freshTmpDir(): void {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
}

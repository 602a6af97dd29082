// Apply pending migrations with Prisma's own `migrate deploy` (the JS schema
// engine, nothing downloaded). Idempotent: with none pending it only checks.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isPostgresUrl, sqlitePath } from "./client.js";

const run = promisify(execFile);
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export async function migrate(databaseUrl: string): Promise<void> {
  let url = databaseUrl;
  if (!isPostgresUrl(url)) {
    const path = sqlitePath(url);
    mkdirSync(dirname(path), { recursive: true });
    url = `file:${path}`;
  }
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  try {
    await run(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    // The URL may hold a password: report Prisma's words without it.
    const text = `${out.stdout ?? ""}\n${out.stderr ?? ""}`.replaceAll(databaseUrl, "[DATABASE_URL]");
    throw new Error(`Database migration failed:\n${text.trim()}`);
  }
}

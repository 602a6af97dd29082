// Where the project's own files live (migrations, resources, .env), found from
// this module rather than the working directory, so that `node dist/src/main.js`
// and `tsx src/main.ts` both start from any directory.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "prisma"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the project's root above ${from}`);
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const projectPath = (...parts: string[]): string => resolve(PROJECT_ROOT, ...parts);

// Files the sandbox reads at run time (its page, Slack's API specification)
// live beside the source, not beside compiled output: find the checkout's root
// by its package.json, so the same code works from src/ (tsx) and dist/ (node).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);

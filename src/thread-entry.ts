// How a worker thread or a child process finds its entry file: the .js beside
// the compiled code (dist/, plain node), or the .ts under tsx and vitest, which
// then needs tsx's loader there too.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `compiled` and `source`: the entry's URL as .js and as .ts (`new URL("./x.js", import.meta.url)`). */
export function threadEntry(compiled: URL, source: URL): { filename: string; execArgv?: string[] } {
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled.href };
  const hasTsx = process.execArgv.some((a) => a.includes("tsx"));
  return { filename: source.href, execArgv: hasTsx ? process.execArgv : [...process.execArgv, "--import", import.meta.resolve("tsx")] };
}

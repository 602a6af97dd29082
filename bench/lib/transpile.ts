// The floors are small TypeScript programs started with plain node, as the bot
// is: compiled here with TypeScript's own transpiler into bench/.build/, where
// node finds the project's node_modules.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { PROJECT_ROOT } from "../../src/paths.js";

const OUT = join(PROJECT_ROOT, "bench", ".build");

/** bench/floor/<name>.ts → bench/.build/<name>.mjs; returns its path. */
export function compileFloor(name: string): string {
  const source = join(PROJECT_ROOT, "bench", "floor", `${name}.ts`);
  const out = ts.transpileModule(readFileSync(source, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    fileName: basename(source),
  });
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.mjs`);
  writeFileSync(file, out.outputText);
  return file;
}

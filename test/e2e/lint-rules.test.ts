// The dependency rules are real: dependency-cruiser, with the project's own
// configuration, passes on a copy of src/ and fails on the same copy with a
// misplaced import, naming the rule it breaks. (Only depcruise runs here;
// Biome is not needed to prove the layering.)
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tmpDir } from "../support/cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

/** A scratch copy of what dependency-cruiser reads: src (generated client included), its config and tsconfig. */
function scratchCopy(): string {
  const dir = tmpDir("lint-rules-");
  cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
  for (const file of [".dependency-cruiser.cjs", "tsconfig.json", "package.json"]) copyFileSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function depcruise(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, "src", "--config", ".dependency-cruiser.cjs"], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
    });
  });
}

describe("dependency rules (npm run lint)", () => {
  it("pass on the code as it is", async () => {
    const r = await depcruise(scratchCopy());
    expect(r.output).toContain("no dependency violations found");
    expect(r.code).toBe(0);
  });

  it("fail on a misplaced import, naming the rule and the import", async () => {
    const dir = scratchCopy();
    write(dir, "src/domain/misplaced.ts", 'import { createSlackApp } from "../slack/app.js";\nexport const leak = createSlackApp;\n');
    const r = await depcruise(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/error domain-is-pure: src\/domain\/misplaced\.ts → src\/slack\/app\.ts/);
  });

  it("fail on each kind of leak and on a cycle", async () => {
    const dir = scratchCopy();
    write(dir, "src/db/misplaced.ts", 'import { exportMetrics } from "../services/export.js";\nexport const leak = exportMetrics;\n');
    write(dir, "src/charts/misplaced.ts", 'import { findIndicator } from "../services/indicators.js";\nexport const leak = findIndicator;\n');
    write(dir, "src/pack/misplaced.ts", 'import { boardPack } from "../services/board-pack.js";\nexport const leak = boardPack;\n');
    write(dir, "src/cli/misplaced.ts", 'import { renderPdf } from "../pack/pdf.js";\nexport const leak = renderPdf;\n');
    write(dir, "src/services/misplaced.ts", 'import { noticeMessage } from "../slack/blocks/common.js";\nexport const leak = noticeMessage;\n');
    write(dir, "src/slack/misplaced.ts", 'import { listActions } from "../db/plan.js";\nexport const leak = listActions;\n');
    write(dir, "src/scheduler/misplaced.ts", 'import "../cli/main.js";\n');
    write(dir, "src/services/cycle-a.ts", 'import { b } from "./cycle-b.js";\nexport const a = () => b;\n');
    write(dir, "src/services/cycle-b.ts", 'import { a } from "./cycle-a.js";\nexport const b = () => a;\n');
    const r = await depcruise(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/error db-imports-domain-only: src\/db\/misplaced\.ts → src\/services\/export\.ts/);
    expect(r.output).toMatch(/error charts-import-domain-only: src\/charts\/misplaced\.ts → src\/services\/indicators\.ts/);
    expect(r.output).toMatch(/error pack-imports-domain-only: src\/pack\/misplaced\.ts → src\/services\/board-pack\.ts/);
    expect(r.output).toMatch(/error edges-go-through-services: src\/cli\/misplaced\.ts → src\/pack\/pdf\.ts/);
    expect(r.output).toMatch(/error services-do-not-import-edges: src\/services\/misplaced\.ts → src\/slack\/blocks\/common\.ts/);
    expect(r.output).toMatch(/error edges-go-through-services: src\/slack\/misplaced\.ts → src\/db\/plan\.ts/);
    expect(r.output).toMatch(/error nothing-imports-cli: src\/scheduler\/misplaced\.ts → src\/cli\/main\.ts/);
    expect(r.output).toMatch(/error no-circular: src\/services\/cycle-[ab]\.ts →/);
  });

  it("keep chart drawing in the chart process", async () => {
    const dir = scratchCopy();
    write(dir, "src/services/draws-here.ts", 'import { renderChart } from "../charts/render.js";\nexport const leak = renderChart;\n');
    write(dir, "src/services/runs-the-worker.ts", 'import draw from "../charts/worker.js";\nexport const leak = draw;\n');
    write(dir, "src/charts/canvas-here.ts", 'import { createCanvas } from "canvas";\nexport const leak = createCanvas;\n');
    const r = await depcruise(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/error drawing-stays-in-the-chart-process: src\/services\/draws-here\.ts → src\/charts\/render\.ts/);
    expect(r.output).toMatch(/error chart-worker-is-a-process-entry: src\/services\/runs-the-worker\.ts → src\/charts\/worker\.ts/);
    expect(r.output).toMatch(/error drawing-stays-in-the-chart-process: src\/charts\/canvas-here\.ts → (\.\.\/)*node_modules\/canvas\//);
  });

  it("keep the thread that acks thin", async () => {
    const dir = scratchCopy();
    write(
      dir,
      "src/slack/http-server.ts",
      `import { loadConfig } from "../config.js";\nexport const leak = loadConfig;\n${readFileSync(join(ROOT, "src/slack/http-server.ts"), "utf8")}`,
    );
    write(
      dir,
      "src/slack/replay-memory.ts",
      `import { App } from "@slack/bolt";\nexport const leak = App;\n${readFileSync(join(ROOT, "src/slack/replay-memory.ts"), "utf8")}`,
    );
    write(dir, "src/slack/starts-the-front.ts", 'import "./front/thread.js";\n');
    const r = await depcruise(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/error front-thread-stays-thin: src\/slack\/http-server\.ts → src\/config\.ts/);
    expect(r.output).toMatch(/error front-thread-stays-thin: src\/slack\/replay-memory\.ts → (\.\.\/)*node_modules\/@slack\/bolt\//);
    expect(r.output).toMatch(/error front-thread-is-a-thread-entry: src\/slack\/starts-the-front\.ts → src\/slack\/front\/thread\.ts/);
  });
});

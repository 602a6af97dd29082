// What the figures were measured on: they mean little without it.
import { execFileSync } from "node:child_process";
import { cpus, loadavg, release, totalmem } from "node:os";

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started and ended (the machine is shared). */
  loadAtStart: number[];
  loadAtEnd: number[];
}

export function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadAtStart: loadAverage(),
    loadAtEnd: [],
  };
}

/** The commit measured, and whether the working tree had changes. */
export function gitCommit(root: string): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim() !== "";
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return "unknown";
  }
}

// The results: one row per benchmark figure, each with its median and spread
// over the runs, its floor (measured in the same run) and the ratio to it, the
// issue's target and whether it is met; printed as a table and kept as JSON.
import { round, type Summary } from "./stats.js";

export interface Row {
  section: string;
  benchmark: string;
  unit: "ms" | "s" | "rows/s" | "MB" | "x";
  measured: Summary;
  floor: Summary | null;
  /** measured median / floor median. */
  ratio: number | null;
  /** The issue's target, in words. */
  target: string;
  /** null: no target (reported for information). */
  pass: boolean | null;
  note?: string;
}

export function row(r: Omit<Row, "ratio"> & { ratio?: number | null }): Row {
  const ratio = r.ratio !== undefined ? r.ratio : r.floor && r.floor.median > 0 ? r.measured.median / r.floor.median : null;
  return { ...r, ratio };
}

function fmt(n: number, unit: Row["unit"]): string {
  if (!Number.isFinite(n)) return "–";
  if (unit === "rows/s") return String(Math.round(n));
  if (unit === "x") return `${round(n, 2)}x`;
  if (Math.abs(n) >= 100) return String(Math.round(n));
  if (Math.abs(n) >= 10) return String(round(n, 1));
  return String(round(n, 2));
}

export function measuredText(s: Summary, unit: Row["unit"]): string {
  const spread = s.runs.length > 1 ? ` [${fmt(s.min, unit)}–${fmt(s.max, unit)}]` : "";
  return `${fmt(s.median, unit)}${unit === "x" ? "" : ` ${unit}`}${spread}`;
}

export function table(rows: Row[]): string {
  const head = ["benchmark", "measured: median [min–max]", "floor", "ratio", "target", "result"];
  const body = rows.map((r) => [
    r.benchmark,
    measuredText(r.measured, r.unit),
    r.floor ? measuredText(r.floor, r.unit) : "—",
    r.ratio === null ? "—" : `${round(r.ratio, 2)}x`,
    r.target,
    r.pass === null ? "info" : r.pass ? "PASS" : "FAIL",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

// `spc <key> [--csv]` as text: a table an analyst can hold against their own
// tools (numbers unrounded, NHSRplotthedots' names for the classifications),
// or CSV with the verdict and assurance on stderr so the CSV stays clean.
import { writeCsv } from "../domain/csv.js";
import { periodKey, shortPeriodLabel } from "../domain/period.js";
import { plainNumber } from "../domain/value.js";
import { SCORECARD_PERIODS } from "../services/scorecard.js";
import type { SpcTable } from "../services/spc-table.js";

export const SPC_CSV_HEADER = ["period", "period_label", "value", "mean", "lpl", "upl", "point_type"];

/** The verdict, assurance and warnings, one per line. */
export function spcSummaryLines(t: SpcTable): string[] {
  const lines = [
    `variation_type: ${t.table.variationType ?? "none (fewer than 2 points)"}`,
    `assurance_type: ${t.table.assuranceType ?? (t.indicator.target === null || t.indicator.polarity === "neutral" ? "none (no target)" : "none")}`,
    `board's reading: ${t.words}`,
  ];
  if (t.reading.assurance) lines.push(`assurance: ${t.reading.assurance}`);
  for (const w of t.table.warnings) lines.push(`warning: ${w}`);
  return lines;
}

export function spcCsv(t: SpcTable): string {
  return writeCsv(
    SPC_CSV_HEADER,
    t.table.rows.map((r) => [
      periodKey(r.period),
      shortPeriodLabel(r.period),
      plainNumber(r.value),
      plainNumber(r.mean),
      plainNumber(r.lpl),
      plainNumber(r.upl),
      r.pointType,
    ]),
  );
}

export function spcText(t: SpcTable): string {
  const head = `SPC for ${t.indicator.key} (${t.indicator.name}): ${t.figures} figure${t.figures === 1 ? "" : "s"}, read as /kpi and the SPC chart read them (the latest ${SCORECARD_PERIODS} at most).`;
  const cells = [
    ["period", "value", "mean", "lpl", "upl", "point_type"],
    ...t.table.rows.map((r) => [periodKey(r.period), plainNumber(r.value), plainNumber(r.mean), plainNumber(r.lpl), plainNumber(r.upl), r.pointType]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const table = cells.map((row) =>
    row
      .map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
  return [head, "", ...table, "", ...spcSummaryLines(t), ""].join("\n");
}

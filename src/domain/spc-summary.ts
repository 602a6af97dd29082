// The SPC reading in a scorecard's few words: Making Data Count's icon labels
// (variation, then assurance), or how many points there are of the 12 needed. Pure.
import { ICON_LABEL, type SpcReading } from "./spc-reading.js";

/** "Concern (high), Target: pass"; "Common cause (trial limits)"; "too few points (5 of 12)". */
export function spcShortWords(r: Pick<SpcReading, "icons" | "points" | "needed" | "trial">): string {
  if (!r.icons.variation) return `too few points (${r.points} of ${r.needed})`;
  const variation = `${ICON_LABEL[r.icons.variation]}${r.trial ? " (trial limits)" : ""}`;
  return r.icons.assurance ? `${variation}, ${ICON_LABEL[r.icons.assurance]}` : variation;
}

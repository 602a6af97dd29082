// SPC readings for indicators (filled in by the SPC work; none until then).
import type { Indicator } from "../domain/indicator.js";
import type { Measurement } from "../db/measurements.js";
import type { DigestInput } from "../domain/digest.js";
import type { Context } from "./context.js";

export async function spcReadingFor(_ctx: Context, _indicator: Indicator, _oldestFirst: Measurement[]): Promise<DigestInput["spc"]> {
  return null;
}

// /kpi <key> band <low>-<high>: bounds of concern on both sides, besides the
// target (admins; audited). Outside the band is amber or red with the reason.
import { writeAudit } from "../db/audit.js";
import { getIndicator, setBand } from "../db/indicators.js";
import { atomically, lockIndicator } from "../db/locks.js";
import { recentMeasurements } from "../db/measurements.js";
import { isAdmin } from "../db/roles.js";
import { type Band, describeBand, parseBand } from "../domain/band.js";
import type { Indicator } from "../domain/indicator.js";
import { hasPolarity } from "../domain/indicator.js";
import { describePeriod } from "../domain/period.js";
import { indicatorRag, RAG_WORD } from "../domain/rag.js";
import { type Notice, notice } from "../domain/result.js";
import { formatValue } from "../domain/value.js";
import { code, strong, words } from "../domain/words.js";
import type { Context } from "./context.js";

export async function setIndicatorBand(ctx: Context, userId: string, indicator: Indicator, text: string): Promise<Notice> {
  if (!(await isAdmin(ctx.db, ctx.config.adminUserIds, userId))) return notice("denied", "Sorry, only admins can set a band of concern. Nothing was changed.");
  if (!hasPolarity(indicator)) {
    return notice(
      "error",
      words`${code(indicator.key)} is neutral (a rise is neither good nor bad), so it has no RAG status, and a band would give it one. Nothing was changed.`,
    );
  }
  const parsed = parseBand(text, indicator.unit);
  if (!parsed.ok)
    return notice("error", words`${parsed.error.text} Nothing was changed.`, words`/kpi ${indicator.key} band ${parsed.error.example ?? "10%-23%"}`);
  const band: Band = parsed.value ?? { low: null, high: null };
  const old = await atomically(ctx.db, async (tx) => {
    await lockIndicator(tx, indicator.key);
    const now = await getIndicator(tx, indicator.key);
    const old: Band = { low: now?.bandLow ?? null, high: now?.bandHigh ?? null };
    await setBand(tx, indicator.key, band.low, band.high);
    await writeAudit(tx, { actor: userId, action: "band", subject: indicator.key, oldValue: old, newValue: band });
    return old;
  });
  const said = words`The band of concern of ${code(indicator.key)} is now ${describeBand(band, indicator.unit)} (was ${describeBand(old, indicator.unit)}).`;
  if (band.low === null && band.high === null) return notice("ok", said);
  const [latest] = await recentMeasurements(ctx.db, indicator.key, 1);
  const rag = latest ? indicatorRag({ ...indicator, bandLow: band.low, bandHigh: band.high }, latest.value) : null;
  const now =
    latest && rag
      ? words` The latest figure, ${formatValue(latest.value, indicator.unit, latest.base, latest.numerator)} for ${describePeriod(latest.period)}, is ${strong(RAG_WORD[rag.status])}: ${rag.reason}.`
      : "";
  return notice("ok", words`${said} Outside it is amber within the tolerance, red beyond.${now}`);
}

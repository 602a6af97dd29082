// Finding an indicator by the key a user typed, or saying which keys they may have meant.

import { allKeys, getIndicator, listIndicators } from "../db/indicators.js";
import type { Indicator } from "../domain/indicator.js";
import { TOP_LEVEL_WORDS } from "../domain/kpi-command.js";
import { fail, type Notice, notice, ok, type Result } from "../domain/result.js";
import { nearest } from "../domain/suggest.js";
import { code, joinWords, words } from "../domain/words.js";
import type { Context } from "./context.js";

export async function unknownKey(ctx: Context, key: string): Promise<Notice> {
  const suggestions = nearest(key, [...(await allKeys(ctx.db)), ...TOP_LEVEL_WORDS]);
  const did = suggestions.length ? words` Did you mean ${joinWords(suggestions.map(code), ", ")}?` : "";
  return notice("error", words`I don't know the indicator ${code(key)}.${did}`, "/kpi list shows every indicator and its key");
}

export async function findIndicator(ctx: Context, key: string): Promise<Result<Indicator>> {
  const indicator = await getIndicator(ctx.db, key);
  return indicator ? ok(indicator) : fail(await unknownKey(ctx, key));
}

/** The whole catalogue, in key order. */
export async function allIndicators(ctx: Context): Promise<Indicator[]> {
  return listIndicators(ctx.db);
}

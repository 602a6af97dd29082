// A measure of success: an indicator key with a target and a date
// ("cla-long-term-stable 70% by 2027-03"), words ("80% of audited cases
// judged good or better"), or both ("assess-45wd 90% by March 2027; fewer
// re-referrals"). Pure.
import type { Unit } from "./indicator.js";
import { parsePlanDate } from "./plan-dates.js";
import { type Rag, rag } from "./rag.js";
import { err, ok, type Result } from "./result.js";
import { formatValue, looksLikeValue, parseValue } from "./value.js";
import { plainWords } from "./words.js";

export interface MeasureSpec {
  key: string | null;
  target: number | null;
  /** YYYY-MM-DD: the target is to be met by then. */
  by: string | null;
  text: string | null;
}

export const MAX_MEASURE_TEXT = 500;
const KEY_LIKE = /^[a-z0-9][a-z0-9-]*$/;
const SEPARATOR = /^(?:[;:,]|-|–|—)\s*/;

/**
 * Read a measure. A single word must be an indicator key (as it always was);
 * a known key first may be followed by a target, "by <date or month>", and
 * then words after a separator; anything else is words.
 */
export function parseMeasure(input: string, unitOf: (key: string) => Unit | null): Result<MeasureSpec | null> {
  const text = input.trim().replace(/\s+/g, " ");
  if (text === "") return ok(null);
  const tokens = text.split(" ");
  const first = tokens[0]!.toLowerCase().replace(/[;:,]$/, "");
  const unit = KEY_LIKE.test(first) ? unitOf(first) : null;
  if (!unit) {
    // One word, or a key-like word followed by a figure, is a key that does not exist.
    if (tokens.length === 1 || (KEY_LIKE.test(first) && first.includes("-") && tokens[1] !== undefined && looksLikeValue(tokens[1])))
      return err(`"${first}" is not an indicator key`);
    if (text.length > MAX_MEASURE_TEXT) return err(`the measure is longer than ${MAX_MEASURE_TEXT} characters`);
    return ok({ key: null, target: null, by: null, text });
  }
  let rest = tokens.slice(1);
  if (tokens[0]!.match(/[;:,]$/)) return words(first, null, null, rest.join(" "));
  let target: number | null = null;
  if (rest[0] !== undefined && looksLikeValue(rest[0].replace(/[;:,]$/, ""))) {
    const v = parseValue(rest[0].replace(/[;:,]$/, ""), unit);
    if (!v.ok) return err(`the target for ${first}: ${plainWords(v.error.text)}`);
    target = v.value.value;
    const ended = /[;:,]$/.test(rest[0]);
    rest = rest.slice(1);
    if (ended) return words(first, target, null, rest.join(" "));
  }
  let by: string | null = null;
  if (rest[0]?.toLowerCase() === "by") {
    // The date is one to three words ("2027-03", "March 2027", "31 March 2027"), perhaps ending in a separator.
    for (const take of [3, 2, 1]) {
      const part = rest
        .slice(1, 1 + take)
        .join(" ")
        .replace(/[;:,]$/, "");
      if (rest.length < 1 + take) continue;
      const d = parsePlanDate(part);
      if (d.ok) {
        by = d.value;
        rest = rest.slice(1 + take);
        break;
      }
    }
    if (by === null) return err(`"${rest.slice(1, 3).join(" ")}" after "by" is not a date or a month`);
  }
  return words(first, target, by, rest.join(" "));
}

function words(key: string, target: number | null, by: string | null, restText: string): Result<MeasureSpec> {
  const text = restText.replace(SEPARATOR, "").trim();
  if (text.length > MAX_MEASURE_TEXT) return err(`the measure is longer than ${MAX_MEASURE_TEXT} characters`);
  return ok({ key, target, by, text: text === "" ? null : text });
}

export interface MeasureReading {
  /** The latest figure, formatted; null when there is none yet. */
  latest: string | null;
  /** The target that applies: the measure's own, or else the indicator's. */
  target: number | null;
  rag: Rag | null;
}

/** An indicator measure's latest figure against the measure's target (or the indicator's own when the measure has none). */
export function readMeasure(
  spec: Pick<MeasureSpec, "target">,
  indicator: { unit: Unit; polarity: "high_good" | "low_good" | "neutral"; target: number | null; tolerance: number | null },
  latest: { value: number; base: number | null; numerator: number | null } | null,
): MeasureReading {
  const target = spec.target ?? indicator.target;
  return {
    latest: latest ? formatValue(latest.value, indicator.unit, latest.base, latest.numerator) : null,
    target,
    rag: latest ? rag({ value: latest.value, target, tolerance: indicator.tolerance, polarity: indicator.polarity, unit: indicator.unit }) : null,
  };
}

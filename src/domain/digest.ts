// What a digest says: a scorecard of every indicator and the exceptions a
// board must look at (red, worsening, special-cause concern), with their notes.
// Pure: the caller gathers figures; rendering to blocks happens elsewhere.
import type { Indicator } from "./indicator.js";
import { describePeriod, type Period, shortPeriodLabel } from "./period.js";
import type { PlanSummary } from "./plan-summary.js";
import { indicatorRag, type Rag } from "./rag.js";
import { isSuppressed, publicValue, suppressedText } from "./suppression.js";
import { type Change, change } from "./trend.js";

export interface DigestFigure {
  period: Period;
  value: number;
  base: number | null;
  numerator: number | null;
  note: string | null;
}

export interface DigestInput {
  indicator: Indicator;
  latest: DigestFigure | null;
  previous: DigestFigure | null;
  /** SPC reading of the latest point, when known: "concern" puts it among the exceptions. */
  spc?: { variation: "improvement" | "concern" | "neutral" | "common" | "none"; words: string } | null;
}

export interface ScorecardRow {
  key: string;
  name: string;
  value: string; // as a channel may see it
  period: string | null;
  change: Change | null;
  changeText: string | null;
  rag: Rag | null;
  /** The RAG's reason as a channel may see it (no suppressed figure in it). */
  ragReason: string | null;
  note: string | null;
  spcWords: string | null;
  reasons: string[]; // why it is an exception; empty when it is not
}

export interface DigestContent {
  plan?: PlanSummary | null;
  title: string;
  periodWords: string;
  rows: ScorecardRow[];
  exceptions: ScorecardRow[];
  withoutFigures: number;
}

const RAG_ORDER: Record<string, number> = { red: 0, amber: 1, green: 2 };

export function buildDigest(inputs: DigestInput[], period: Period, suppress: boolean): DigestContent {
  const rows: ScorecardRow[] = inputs.map(({ indicator: ind, latest, previous, spc }) => {
    if (!latest) {
      return {
        key: ind.key,
        name: ind.name,
        value: "no figures yet",
        period: null,
        change: null,
        changeText: null,
        rag: null,
        ragReason: null,
        note: null,
        spcWords: null,
        reasons: [],
      };
    }
    const r = indicatorRag(ind, latest.value);
    const c = previous ? change(previous.value, latest.value, ind.polarity, ind.unit) : null;
    const hidden =
      isSuppressed(latest.value, ind.unit, suppress, latest.base, latest.numerator) ||
      (previous !== null && isSuppressed(previous.value, ind.unit, suppress, previous.base, previous.numerator));
    const reasons: string[] = [];
    if (r?.status === "red") reasons.push("red");
    if (c?.judgement === "worsening") reasons.push("worsening");
    if (spc?.variation === "concern") reasons.push("special-cause concern");
    return {
      key: ind.key,
      name: ind.name,
      value: publicValue(latest.value, ind.unit, suppress, latest.base, latest.numerator),
      period: shortPeriodLabel(latest.period),
      change: c,
      // A change between small counts would reveal them: give its direction only.
      changeText: c ? (hidden ? c.judgement : `${c.amount}, ${c.judgement}`) : null,
      rag: r,
      ragReason: r
        ? hidden && ind.target !== null
          ? `${suppressedText(ind.unit)}, against the target of ${publicValue(ind.target, ind.unit, false)}`
          : r.reason
        : null,
      note: latest.note,
      spcWords: spc ? spc.words : null, // with too few points, says how many there are and how many are needed
      reasons,
    };
  });
  const exceptions = rows
    .filter((r) => r.reasons.length > 0)
    .sort((a, b) => (RAG_ORDER[a.rag?.status ?? ""] ?? 3) - (RAG_ORDER[b.rag?.status ?? ""] ?? 3) || a.key.localeCompare(b.key));
  return {
    title: "Board scorecard",
    periodWords: describePeriod(period),
    rows,
    exceptions,
    withoutFigures: rows.filter((r) => r.period === null).length,
  };
}

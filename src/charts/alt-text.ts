// Alt text that states the numbers (Slack allows 1,000 characters).
import { describePeriod } from "../domain/period.js";
import { RAG_WORD } from "../domain/rag.js";
import { suppressedText, suppressionNote } from "../domain/suppression.js";
import { formatValue } from "../domain/value.js";
import { type ChartSeries, comparatorName, comparatorSingleValue, spanWords } from "./series.js";

export const MAX_ALT_TEXT = 1000;

function clip(text: string): string {
  return text.length <= MAX_ALT_TEXT ? text : `${text.slice(0, MAX_ALT_TEXT - 1)}…`;
}

/** One indicator's numbers in a sentence or three. */
export function seriesSentence(s: ChartSeries, outOfDate = false): string {
  const ind = s.indicator;
  const v = (f: { value: number; suppressed: boolean; base: number | null; numerator: number | null }) =>
    f.suppressed ? suppressedText(ind.unit) : formatValue(f.value, ind.unit, f.base, f.numerator);
  if (!s.latest) return `${ind.name}: no figures recorded.`;
  const parts = [`${ind.name}: latest ${v(s.latest)} in ${describePeriod(s.latest.period)}${outOfDate ? " (out of date)" : ""}`];
  if (s.previous && s.change) {
    const amount = s.latest.suppressed || s.previous.suppressed ? s.change.judgement : `${s.change.amount}, ${s.change.judgement}`;
    parts.push(`${s.change.direction === "same" ? "unchanged" : amount} since ${describePeriod(s.previous.period)} (${v(s.previous)})`);
  }
  if (ind.target !== null && ind.polarity !== "neutral") {
    parts.push(`target ${formatValue(ind.target, ind.unit)}${s.rag ? `, status ${RAG_WORD[s.rag.status]}` : ""}`);
  } else if (s.rag) {
    parts.push(`status ${RAG_WORD[s.rag.status]}`);
  }
  for (const c of s.comparators) {
    const single = comparatorSingleValue(c);
    parts.push(single === null ? `${comparatorName(c)} drawn for its periods` : `${comparatorName(c)} ${formatValue(single, ind.unit)}`);
  }
  return `${parts.join("; ")}.`;
}

export function lineChartAltText(s: ChartSeries): string {
  const shown = s.points.filter((p) => p.value !== null);
  if (shown.length === 0) {
    // Every point hidden: still say what the chart is and why it is empty.
    return clip(
      s.anySuppressed
        ? `Line chart, ${spanWords(s)} (${s.points.length} periods). ${seriesSentence(s)} ${suppressionNote(s.indicator.unit)}`
        : `Chart of ${s.indicator.name}: no figures to draw.`,
    );
  }
  const values = shown.map((p) => p.value!);
  const range =
    values.length > 1 ? ` Range ${formatValue(Math.min(...values), s.indicator.unit)} to ${formatValue(Math.max(...values), s.indicator.unit)}.` : "";
  const gaps = s.points.length - shown.length - s.points.filter((p) => p.suppressed).length;
  const gapText = gaps === 1 ? " 1 period has no figure and is left as a gap." : gaps > 1 ? ` ${gaps} periods have no figure and are left as gaps.` : "";
  const sup = s.anySuppressed ? ` ${suppressionNote(s.indicator.unit)}` : "";
  return clip(`Line chart, ${spanWords(s)} (${s.points.length} periods). ${seriesSentence(s)}${range}${gapText}${sup}`);
}

/** The alt text of one image of panels: its title, then each panel's numbers. */
export function panelsAltText(title: string, series: ChartSeries[], outOfDate: (key: string) => boolean = () => false): string {
  const head = `${title}: ${series.length} small line chart${series.length === 1 ? "" : "s"}. `;
  let text = head;
  for (const s of series) {
    const sentence = `${seriesSentence(s, outOfDate(s.indicator.key))} `;
    if (text.length + sentence.length > MAX_ALT_TEXT - 40) {
      const left = series.length - series.indexOf(s);
      return clip(`${text}…and ${left} more, listed in the message.`);
    }
    text += sentence;
  }
  return clip(text.trim());
}

import { distance } from "fastest-levenshtein";

/** The nearest few candidates to a mistyped word (prefix matches first, then edit distance). */
export function nearest(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  const scored = candidates.map((c) => {
    const d = distance(w, c);
    const bonus = c.startsWith(w) || w.startsWith(c) || c.includes(w) ? -2 : 0;
    return { c, score: d + bonus };
  });
  const threshold = Math.max(3, Math.ceil(w.length / 2));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c);
}

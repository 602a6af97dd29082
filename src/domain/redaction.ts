// Removing a note or an update's text everywhere the bot keeps it (/kpi <key>
// redact, /plan <ref> redact): what remains says that it was removed, by whom,
// when and why, never what it said. Pure: the caller reads and writes the rows.

/** Who removed a text, when and why. */
export interface Removal {
  by: string;
  at: Date;
  reason: string;
}

/** A removal as kept inside an audit entry's JSON. */
export interface RemovalJson {
  by: string;
  at: string;
  reason: string;
}

export const removalJson = (r: Removal): RemovalJson => ({ by: r.by, at: r.at.toISOString(), reason: r.reason });

export function removalFromJson(v: unknown): Removal | null {
  if (v === null || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  if (typeof o.by !== "string" || typeof o.at !== "string" || typeof o.reason !== "string") return null;
  const at = new Date(o.at);
  return Number.isNaN(at.getTime()) ? null : { by: o.by, at, reason: o.reason };
}

/** The key that marks a removed field in an audit value: note → noteRemoved. */
export const removedKey = (field: string): string => `${field}Removed`;

/**
 * An audit entry's old or new value with the removed texts taken out of the given
 * fields (all texts in them when `texts` is "all"), each marked with the removal.
 */
export function redactAuditValue(
  value: unknown,
  fields: readonly string[],
  texts: ReadonlySet<string> | "all",
  removal: Removal,
): { value: unknown; changed: boolean } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { value, changed: false };
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  let changed = false;
  for (const field of fields) {
    const text = out[field];
    if (typeof text !== "string" || text === "") continue;
    if (texts !== "all" && !texts.has(text)) continue;
    out[field] = null;
    out[removedKey(field)] = removalJson(removal);
    changed = true;
  }
  return { value: out, changed };
}

/** A RAG override's update note is "RAG set to Red: <reason>": the reason is what the audit quotes. */
export function ragReasonOf(note: string): string | null {
  const m = /^RAG set to [A-Za-z]+: ([\s\S]+)$/.exec(note);
  return m ? m[1]! : null;
}

/** The texts kept in the given fields of an audit entry's value: what a redaction of them would remove. */
export function textsIn(value: unknown, fields: readonly string[]): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  const o = value as Record<string, unknown>;
  return fields.flatMap((f) => (typeof o[f] === "string" && o[f] !== "" ? [o[f] as string] : []));
}

// Capitalised words that say nothing about anyone: how sentences and notes start.
const PLAIN_WORDS = new Set(
  (
    "a an and as at be but by for from he her his i in is it its no not of on or our she so the their they this that these those to was we were with " +
    "one two three four five six seven eight nine ten all some new now see note update figure figures"
  ).split(" "),
);

const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.map((w) => w.replace(/['’]s$/u, "")) ?? [];

/**
 * What a redaction's reason repeats of the texts it removes: the capitalised words
 * (names, places: whether or not the screen knows them) and numbers of four or more
 * digits (case numbers, dates). The reason is kept beside the removal and in the
 * audit trail, so repeating them would keep what the redaction takes out.
 */
export function repeatedInReason(reason: string, removed: readonly string[]): string[] {
  const inReason = new Set(wordsOf(reason).map((w) => w.toLowerCase()));
  const out = new Map<string, string>();
  for (const w of removed.flatMap(wordsOf)) {
    const key = w.toLowerCase();
    const telling = (/^\p{Lu}/u.test(w) && w.length > 1 && !PLAIN_WORDS.has(key)) || /\d{4,}/.test(w);
    if (telling && inReason.has(key) && !out.has(key)) out.set(key, w);
  }
  return [...out.values()];
}

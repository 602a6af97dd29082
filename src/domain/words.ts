// Words for a person, with the parts that each surface shows its own way: a
// key or command, a status not to miss, a person, a channel. Services build
// them as data; slack/blocks/ renders them as mrkdwn (the only place that
// writes Slack markup), the CLI as plain text.
export type Span =
  | string
  | { kind: "code"; text: string } // an indicator key, an action ref, a command
  | { kind: "strong"; text: string } // a status the reader should not miss
  | { kind: "user"; id: string } // a Slack user id, shown as a mention
  | { kind: "channel"; id: string }; // a Slack channel id, shown as a link
export type Words = readonly Span[];

export const code = (text: string): Span => ({ kind: "code", text });
export const strong = (text: string): Span => ({ kind: "strong", text });
export const user = (id: string): Span => ({ kind: "user", id });
export const channel = (id: string): Span => ({ kind: "channel", id });

type Part = Span | Words | number;

function append(out: Span[], part: Part): void {
  if (typeof part === "number") part = String(part);
  if (typeof part !== "string" && !("kind" in part)) {
    for (const p of part) append(out, p);
    return;
  }
  if (part === "") return;
  const last = out.at(-1);
  if (typeof part === "string" && typeof last === "string") out[out.length - 1] = last + part;
  else out.push(part);
}

/** A template whose values may be spans or other words: words`I don't know ${code(key)}.` */
export function words(strings: TemplateStringsArray, ...parts: Part[]): Words {
  const out: Span[] = [];
  strings.forEach((s, i) => {
    append(out, s);
    if (i < parts.length) append(out, parts[i]!);
  });
  return out;
}

/** Plain text is words too. */
export function toWords(text: string | Words): Words {
  return typeof text === "string" ? words`${text}` : text;
}

/** Items with a separator between them: joinWords(keys.map(code), ", "). */
export function joinWords(items: readonly (Span | Words)[], separator: string): Words {
  const out: Span[] = [];
  items.forEach((item, i) => {
    if (i > 0) append(out, separator);
    append(out, item);
  });
  return out;
}

function plainSpan(s: Span): string {
  if (typeof s === "string") return s;
  switch (s.kind) {
    case "code":
      return `\`${s.text}\``;
    case "strong":
      return s.text;
    case "user":
      return `@${s.id}`;
    case "channel":
      return `#${s.id}`;
  }
}

/** For a terminal or a log: codes keep their backticks, people and channels show as @id and #id. */
export function plainWords(w: Words): string {
  return w.map(plainSpan).join("");
}

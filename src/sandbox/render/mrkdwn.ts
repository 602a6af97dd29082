// Slack's mrkdwn as safe HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```,
// > quotes, <@U…> and <#C…> mentions, <url|links> and :emoji:. Everything the
// bot sends is escaped first: notes are typed by people, so a note can never
// inject markup into the page. (No maintained library renders Slack's mrkdwn,
// which differs from Markdown; this covers what Slack documents.)
import { emojify } from "./emoji.js";

export interface Names {
  user(id: string): string;
  channel(id: string): string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Slack escapes only these three in message text. */
function decodeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const SAFE_URL = /^(https?:|mailto:)/i;

/** A <…> token: mention, channel, special mention or link. */
function special(inner: string, names: Names): string {
  const [target = "", label] = inner.split("|", 2) as [string, string | undefined];
  const shown = (t: string) => escapeHtml(decodeSlack(t));
  if (target.startsWith("@")) return `<span class="mk-mention">@${shown(label ?? names.user(target.slice(1)))}</span>`;
  if (target.startsWith("#")) return `<span class="mk-mention">#${shown(label ?? names.channel(target.slice(1)))}</span>`;
  if (target.startsWith("!")) {
    const word = target.slice(1).split("^")[0] ?? "";
    const text = label ?? (["here", "channel", "everyone"].includes(word) ? `@${word}` : word);
    return `<span class="mk-mention">${shown(text)}</span>`;
  }
  const url = decodeSlack(target);
  if (!SAFE_URL.test(url)) return shown(`<${inner}>`);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${shown(label ?? url)}</a>`;
}

function inline(text: string, names: Names): string {
  const held: string[] = [];
  const hold = (html: string) => `\u0001${held.push(html) - 1}\u0001`;
  let s = text.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(decodeSlack(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(special(inner, names)));
  s = emojify(escapeHtml(decodeSlack(s)));
  // A marker opens after a non-word character and closes before one, as in Slack: snake_case stays plain.
  for (const [mark, tag] of [
    ["\\*", "strong"],
    ["_", "em"],
    ["~", "s"],
  ] as const) {
    s = s.replace(new RegExp(`(^|[^\\w${mark}])${mark}(?=\\S)([^\\n]*?\\S)${mark}(?![\\w${mark}])`, "g"), `$1<${tag}>$2</${tag}>`);
  }
  return (
    s
      .split("\n")
      .map((line) => (line.startsWith("&gt; ") ? `<span class="mk-quote">${line.slice(5)}</span>` : line))
      .join("<br>")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: \u0001 marks text held aside while escaping; users cannot type it
      .replace(/\u0001(\d+)\u0001/g, (_, i: string) => held[Number(i)]!)
  );
}

export function mrkdwnToHtml(text: string, names: Names): string {
  return text
    .split(/```/)
    .map((part, i) => (i % 2 === 1 ? `<pre class="mk-pre">${escapeHtml(decodeSlack(part.replace(/^\n|\n$/g, "")))}</pre>` : inline(part, names)))
    .join("");
}

export function plainToHtml(text: string, emoji = true): string {
  const safe = escapeHtml(text);
  return emoji ? emojify(safe) : safe;
}

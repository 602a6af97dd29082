// Slack's :short_name: emoji as characters. Slack's names come from
// emoji-datasource (its maintainers' own data set), so we use the same.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let byName: Map<string, string> | null = null;

function table(): Map<string, string> {
  if (byName) return byName;
  const path = createRequire(import.meta.url).resolve("emoji-datasource/emoji.json");
  const list = JSON.parse(readFileSync(path, "utf8")) as { unified: string; short_names: string[] }[];
  byName = new Map();
  for (const e of list) {
    const char = String.fromCodePoint(...e.unified.split("-").map((h) => parseInt(h, 16)));
    for (const n of e.short_names) byName.set(n, char);
  }
  return byName;
}

/** Replace :name: with its emoji; unknown names stay as typed, as Slack shows them. */
export function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):(?::skin-tone-\d:)?/g, (whole, name: string) => table().get(name) ?? whole);
}

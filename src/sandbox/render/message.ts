// One message as the page shows it: author, time, "Only visible to you" for
// ephemeral replies, its Block Kit (or text), uploaded files inline with
// their alt text, and anything real Slack would have refused.
import { DateTime } from "luxon";
import type { Message, Workspace } from "../slack-emulator/index.js";
import { blocksHtml } from "./block-kit.js";
import { escapeHtml, mrkdwnToHtml, type Names } from "./mrkdwn.js";

export function namesFor(ws: Workspace): Names {
  return {
    user: (id) => ws.nameOf(id),
    channel: (id) => ws.conversations.get(id)?.name ?? id,
  };
}

function initials(name: string): string {
  return name
    .replace(/^Cllr /, "")
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

function sizeWords(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`;
}

function fileHtml(ws: Workspace, id: string): string {
  const f = ws.files.get(id);
  if (!f) return "";
  const url = `/files/${encodeURIComponent(id)}`;
  if (/\.(png|jpe?g|gif)$/i.test(f.filename)) {
    const alt = f.altText ?? "";
    const altNote = alt
      ? `<details class="file-alt"><summary>Alt text</summary><p>${escapeHtml(alt)}</p></details>`
      : `<p class="file-alt-missing">This image has no alt text.</p>`;
    return `<figure class="file-image"><a href="${url}" target="_blank" rel="noopener"><img src="${url}" alt="${escapeHtml(alt)}"></a><figcaption><span class="file-title">${escapeHtml(f.title)}</span>${altNote}</figcaption></figure>`;
  }
  return `<p class="file-link"><a href="${url}" download="${escapeHtml(f.filename)}">${escapeHtml(f.title)}</a> <span class="file-meta">${escapeHtml(f.filename)}, ${sizeWords(f.bytes.length)}</span></p>`;
}

export function messageHtml(ws: Workspace, m: Message, zone: string): string {
  const names = namesFor(ws);
  const author = ws.people.get(m.user);
  const name = author?.name ?? m.user;
  const time = DateTime.fromSeconds(Number(m.ts), { zone });
  const badge = author?.isBot ? ' <span class="badge">APP</span>' : "";
  const ephemeral = m.ephemeralTo
    ? `<p class="ephemeral-note"><span aria-hidden="true">👁</span> Only visible to you${m.inReplyTo ? ` · in reply to <code>${escapeHtml(m.inReplyTo)}</code>` : ""}</p>`
    : "";
  const body = m.blocks?.length
    ? blocksHtml(m.blocks, { names, headingLevel: 3, idPrefix: `m${m.ts.replace(".", "")}` })
    : m.text
      ? `<div class="bk-text">${mrkdwnToHtml(m.text, names)}</div>`
      : "";
  // With blocks, Slack shows an upload's comment as text above the file.
  const comment = m.files?.length && m.blocks?.length && m.text ? `<div class="bk-text">${mrkdwnToHtml(m.text, names)}</div>` : "";
  const files = (m.files ?? []).map((id) => fileHtml(ws, id)).join("");
  const problems = m.problems?.length
    ? `<div class="problems" role="note"><strong>Real Slack would refuse or change this:</strong><ul>${m.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul></div>`
    : "";
  return `<article class="msg${m.ephemeralTo ? " ephemeral" : ""}${author?.isBot ? " from-bot" : ""}" aria-label="${escapeHtml(`${name}, ${time.toFormat("HH:mm")}${m.ephemeralTo ? ", only visible to you" : ""}`)}">
<div class="avatar${author?.isBot ? " bot" : ""}" aria-hidden="true">${escapeHtml(initials(name))}</div>
<div class="msg-body"><p class="msg-meta"><span class="author">${escapeHtml(name)}</span>${badge} <time datetime="${escapeHtml(time.toISO() ?? "")}">${time.toFormat("d LLL, HH:mm")}</time>${m.edited ? ' <span class="edited">(edited)</span>' : ""}</p>
${ephemeral}${body}${comment}${files}${problems}</div></article>`;
}

// Block Kit as HTML, close enough to Slack's to judge a message: headers,
// sections (text, fields, accessory), context, dividers, images, actions with
// buttons, and the inputs of a modal. Interactive elements carry their
// position (block, element) so the server finds the element it sent, rather
// than trusting what the page says it was.
import { escapeHtml, mrkdwnToHtml, type Names, plainToHtml } from "./mrkdwn.js";

type Json = Record<string, unknown>;

export interface RenderOptions {
  names: Names;
  /** Heading level of a header block: below the page's own headings. */
  headingLevel: 2 | 3;
  /** For modals: errors by block_id (response_action: errors). */
  errors?: Record<string, string>;
  /** Prefix for ids, unique on the page. */
  idPrefix?: string;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function textObject(t: unknown, names: Names): string {
  if (!t || typeof t !== "object") return "";
  const o = t as Json;
  return o.type === "mrkdwn" ? mrkdwnToHtml(str(o.text), names) : plainToHtml(str(o.text), o.emoji !== false);
}

/** Only our own files and inline images load: the page fetches nothing from the internet. */
function imageHtml(src: { url?: string; fileId?: string }, alt: string, cls: string): string {
  const url = src.fileId ? `/files/${encodeURIComponent(src.fileId)}` : (src.url ?? "");
  if (!src.fileId && !/^(\/files\/|data:image\/)/.test(url)) {
    return `<span class="${cls} bk-external" role="img" aria-label="${escapeHtml(alt)}">External image, not loaded in the local demonstration: ${escapeHtml(alt)}</span>`;
  }
  return `<img class="${cls}" src="${escapeHtml(url)}" alt="${escapeHtml(alt)}">`;
}

function imageSource(e: Json): { url?: string; fileId?: string } {
  const file = e.slack_file as Json | undefined;
  if (file) return typeof file.id === "string" ? { fileId: file.id } : { url: str(file.url) };
  return { url: str(e.image_url) };
}

function elementHtml(e: Json, where: string, o: RenderOptions): string {
  const data = `data-where="${escapeHtml(where)}"`;
  switch (e.type) {
    case "button": {
      const style = e.style === "primary" ? " bk-primary" : e.style === "danger" ? " bk-danger" : "";
      const label = textObject(e.text, o.names);
      if (typeof e.url === "string" && /^https?:/.test(e.url)) {
        return `<a class="bk-button${style}" href="${escapeHtml(e.url)}" rel="noopener noreferrer" target="_blank">${label}</a>`;
      }
      const aria = typeof e.accessibility_label === "string" ? ` aria-label="${escapeHtml(e.accessibility_label)}"` : "";
      return `<button type="button" class="bk-button${style}" ${data}${aria}>${label}</button>`;
    }
    case "image":
      return imageHtml(imageSource(e), str(e.alt_text), "bk-context-image");
    default:
      // Selects, overflow menus and the like: shown, but not usable here.
      return `<span class="bk-unsupported">${escapeHtml(String(e.type))} (not available in the sandbox)</span>`;
  }
}

function inputHtml(b: Json, blockId: string, o: RenderOptions): string {
  const el = (b.element ?? {}) as Json;
  const id = `${o.idPrefix ?? "in"}-${blockId}`;
  const error = o.errors?.[blockId];
  const describedBy = [b.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = `id="${escapeHtml(id)}" name="${escapeHtml(blockId)}" data-action-id="${escapeHtml(str(el.action_id))}"${describedBy ? ` aria-describedby="${escapeHtml(describedBy)}"` : ""}${error ? ' aria-invalid="true"' : ""}${b.optional ? "" : " required"}`;
  let control: string;
  switch (el.type) {
    case "plain_text_input": {
      const max = typeof el.max_length === "number" ? ` maxlength="${el.max_length}"` : "";
      const placeholder = el.placeholder ? ` placeholder="${escapeHtml(str((el.placeholder as Json).text))}"` : "";
      const initial = str(el.initial_value);
      control = el.multiline
        ? `<textarea ${common}${max}${placeholder} rows="4">${escapeHtml(initial)}</textarea>`
        : `<input type="text" ${common}${max}${placeholder} value="${escapeHtml(initial)}">`;
      break;
    }
    case "datepicker":
      control = `<input type="date" ${common} value="${escapeHtml(str(el.initial_date))}">`;
      break;
    case "static_select": {
      const options = ((el.options as Json[]) ?? []).map(
        (opt) => `<option value="${escapeHtml(str(opt.value))}">${escapeHtml(str((opt.text as Json)?.text))}</option>`,
      );
      control = `<select ${common}><option value="">Choose…</option>${options.join("")}</select>`;
      break;
    }
    default:
      control = `<span class="bk-unsupported">${escapeHtml(String(el.type))} (not available in the sandbox)</span>`;
  }
  const label = `<label for="${escapeHtml(id)}">${plainToHtml(str((b.label as Json)?.text))}${b.optional ? ' <span class="bk-optional">(optional)</span>' : ""}</label>`;
  const hint = b.hint ? `<p class="bk-hint" id="${escapeHtml(id)}-hint">${plainToHtml(str((b.hint as Json).text))}</p>` : "";
  const err = error ? `<p class="bk-error" id="${escapeHtml(id)}-error">${escapeHtml(error)}</p>` : "";
  return `<div class="bk-input">${label}${control}${hint}${err}</div>`;
}

export function blockHtml(b: Json, index: number, o: RenderOptions): string {
  const blockId = typeof b.block_id === "string" ? b.block_id : `b${index}`;
  switch (b.type) {
    case "header":
      return `<h${o.headingLevel} class="bk-header">${textObject(b.text, o.names)}</h${o.headingLevel}>`;
    case "section": {
      const text = b.text ? `<div class="bk-text">${textObject(b.text, o.names)}</div>` : "";
      const fields = Array.isArray(b.fields)
        ? `<div class="bk-fields">${(b.fields as Json[]).map((f) => `<div class="bk-field">${textObject(f, o.names)}</div>`).join("")}</div>`
        : "";
      const acc = b.accessory as Json | undefined;
      const accessory = acc
        ? `<div class="bk-accessory">${acc.type === "image" ? imageHtml(imageSource(acc), str(acc.alt_text), "bk-accessory-image") : elementHtml(acc, `${index}:accessory`, o)}</div>`
        : "";
      return `<div class="bk-section">${text}${fields}${accessory}</div>`;
    }
    case "context":
      return `<div class="bk-context">${((b.elements as Json[]) ?? []).map((e) => (e.type === "image" ? elementHtml(e, "", o) : `<span>${textObject(e, o.names)}</span>`)).join("")}</div>`;
    case "divider":
      return `<hr class="bk-divider">`;
    case "image": {
      const title = b.title ? `<figcaption>${textObject(b.title, o.names)}</figcaption>` : "";
      return `<figure class="bk-image">${imageHtml(imageSource(b), str(b.alt_text), "bk-image-img")}${title}</figure>`;
    }
    case "actions":
      return `<div class="bk-actions" role="group" aria-label="Actions">${((b.elements as Json[]) ?? []).map((e, i) => elementHtml(e, `${index}:${i}`, o)).join("")}</div>`;
    case "input":
      return inputHtml(b, blockId, o);
    default:
      return `<div class="bk-unsupported">A ${escapeHtml(String(b.type))} block (not shown in the sandbox)</div>`;
  }
}

export function blocksHtml(blocks: unknown, o: RenderOptions): string {
  if (!Array.isArray(blocks)) return "";
  return blocks.map((b, i) => (b && typeof b === "object" ? blockHtml(b as Json, i, o) : "")).join("");
}

/** The element at a "block:element" position the page sent back, with its block_id as Slack reports it. */
export function elementAt(blocks: unknown, where: string): { blockId: string; element: Json } | null {
  const [bi, ei] = where.split(":");
  if (!Array.isArray(blocks) || bi === undefined || ei === undefined) return null;
  const block = blocks[Number(bi)] as Json | undefined;
  if (!block) return null;
  const element = ei === "accessory" ? (block.accessory as Json | undefined) : ((block.elements as Json[] | undefined) ?? [])[Number(ei)];
  if (!element) return null;
  return { blockId: typeof block.block_id === "string" ? block.block_id : `b${bi}`, element };
}

// Block Kit limits from Slack's documentation (shared/docs/slack.md): the
// emulator flags what real Slack would refuse, so a test or a sandbox user
// sees an oversized message. Images are checked as Slack's reference states
// them (image block, image element, Slack file object), and an image Slack
// could not show is a refusal: Slack answers invalid_blocks and posts nothing.
type Json = Record<string, unknown>;

/** What the emulator knows of an uploaded file, to check a slack_file that names it. */
export type FileLookup = (id: string) => { filename: string; uploaded: boolean; completed?: boolean } | undefined;

export interface BlockCheck {
  /** Everything real Slack would refuse (refusals included). */
  problems: string[];
  /** Images Slack would refuse, with Slack's json-pointer: the call fails and nothing is posted. */
  refusals: string[];
}

/** Slack's pattern for a file id in a slack_file object (its error quotes it). */
const FILE_ID = /^F[A-Z0-9]{8,}$/;
/** "Currently only png, jpg, jpeg, and gif Slack image files are supported." */
const IMAGE_FILE = /\.(png|jpe?g|gif)$/i;
const IMAGE_KEYS = { element: ["type", "alt_text", "image_url", "slack_file"], block: ["type", "alt_text", "image_url", "slack_file", "title", "block_id"] };

/** An image element (context, section accessory) or image block: Slack's reference, field by field. */
function imageRefusals(img: Json, kind: "element" | "block", pointer: string, files: FileLookup | undefined): string[] {
  const out: string[] = [];
  const at = (field: string, why: string) => out.push(`${why} [json-pointer:${pointer}${field ? `/${field}` : ""}]`);
  for (const k of Object.keys(img)) if (!IMAGE_KEYS[kind].includes(k)) at(k, `unknown field ${k} of an image ${kind}`);
  if (typeof img.alt_text !== "string" || img.alt_text.trim() === "") at("alt_text", "an image needs alt_text");
  else if (kind === "block" && img.alt_text.length > 2000) at("alt_text", "alt_text over 2000");
  const hasUrl = img.image_url !== undefined;
  const hasFile = img.slack_file !== undefined;
  if (hasUrl === hasFile) at("", "an image needs exactly one of image_url and slack_file");
  if (hasUrl && (typeof img.image_url !== "string" || !/^https?:\/\//.test(img.image_url) || img.image_url.length > 3000))
    at("image_url", "image_url must be an http(s) URL of at most 3000 characters");
  if (hasFile) {
    const f = img.slack_file;
    if (!f || typeof f !== "object" || Array.isArray(f)) {
      at("slack_file", "slack_file must be an object");
      return out;
    }
    const file = f as Json;
    for (const k of Object.keys(file)) if (k !== "id" && k !== "url") at(`slack_file/${k}`, `unknown field ${k} of slack_file`);
    if ((file.id === undefined) === (file.url === undefined)) at("slack_file", "slack_file needs exactly one of id and url");
    if (file.url !== undefined && (typeof file.url !== "string" || !/^https:\/\//.test(file.url)))
      at("slack_file/url", "slack_file url must be a Slack file's URL");
    if (file.id !== undefined) {
      if (typeof file.id !== "string" || !FILE_ID.test(file.id)) at("slack_file/id", "input must match regex pattern: ^[F][A-Z0-9]{8,}$");
      else if (files) {
        const known = files(file.id);
        if (!known?.uploaded || known.completed === false || !IMAGE_FILE.test(known.filename)) at("slack_file", `invalid slack file ${file.id}`);
      }
    }
  }
  return out;
}

export function blockKitProblems(blocks: unknown, surface: "message" | "modal" | "home", files?: FileLookup): string[] {
  return checkBlocks(blocks, surface, files).problems;
}

export function checkBlocks(blocks: unknown, surface: "message" | "modal" | "home", files?: FileLookup, base = "/blocks"): BlockCheck {
  const problems: string[] = [];
  const refusals: string[] = [];
  if (!Array.isArray(blocks)) return { problems: ["blocks is not an array"], refusals };
  const image = (img: Json, kind: "element" | "block", pointer: string, where: string) => {
    for (const r of imageRefusals(img, kind, pointer, files)) {
      refusals.push(r);
      problems.push(`${where}: ${r}`);
    }
  };
  const max = surface === "message" ? 50 : 100;
  if (blocks.length > max) problems.push(`${blocks.length} blocks (max ${max})`);
  if (surface === "message" && JSON.stringify(blocks).length > 13000) problems.push("msg_blocks_too_long");
  const text = (t: unknown): string => (t && typeof t === "object" ? String((t as Json).text ?? "") : "");
  blocks.forEach((b: Json, i) => {
    const where = `block ${i} (${String(b.type)})`;
    if (typeof b.block_id === "string" && b.block_id.length > 255) problems.push(`${where}: block_id over 255`);
    switch (b.type) {
      case "section":
        if (text(b.text).length > 3000) problems.push(`${where}: text over 3000`);
        if (!b.text && !b.fields) problems.push(`${where}: needs text or fields`);
        if (Array.isArray(b.fields)) {
          if (b.fields.length > 10) problems.push(`${where}: over 10 fields`);
          for (const f of b.fields) if (text(f).length > 2000) problems.push(`${where}: field over 2000`);
        }
        if (text(b.text).length === 0 && !b.fields) problems.push(`${where}: empty text`);
        if ((b.accessory as Json | undefined)?.type === "image") image(b.accessory as Json, "element", `${base}/${i}/accessory`, where);
        break;
      case "header":
        if (text(b.text).length > 150) problems.push(`${where}: header over 150`);
        break;
      case "context":
        if (!Array.isArray(b.elements) || b.elements.length > 10 || b.elements.length === 0) problems.push(`${where}: 1 to 10 elements`);
        for (const [j, e] of ((Array.isArray(b.elements) ? b.elements : []) as Json[]).entries()) {
          if (e?.type === "image") image(e, "element", `${base}/${i}/elements/${j}`, where);
          else if (e?.type !== "mrkdwn" && e?.type !== "plain_text")
            problems.push(`${where}: element ${j} is ${String(e?.type)}, not image, mrkdwn or plain_text`);
        }
        break;
      case "actions":
        if (!Array.isArray(b.elements) || b.elements.length > 25) problems.push(`${where}: over 25 elements`);
        for (const e of (b.elements as Json[]) ?? []) {
          if (typeof e.action_id === "string" && e.action_id.length > 255) problems.push(`${where}: action_id over 255`);
          if (e.type === "button") {
            if (text(e.text).length > 75) problems.push(`${where}: button text over 75`);
            if (typeof e.value === "string" && e.value.length > 2000) problems.push(`${where}: button value over 2000`);
          }
        }
        break;
      case "image":
        image(b, "block", `${base}/${i}`, where);
        break;
      default:
        break;
    }
  });
  return { problems, refusals };
}

export function viewProblems(view: Json, files?: FileLookup): string[] {
  return checkView(view, files).problems;
}

export function checkView(view: Json, files?: FileLookup): BlockCheck {
  const check = checkBlocks(view.blocks, view.type === "home" ? "home" : "modal", files, "/view/blocks");
  const plain = (t: unknown) => (t && typeof t === "object" ? String((t as Json).text ?? "") : "");
  for (const k of ["title", "submit", "close"]) if (plain(view[k]).length > 24) check.problems.push(`view ${k} over 24`);
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) check.problems.push("private_metadata over 3000");
  return check;
}

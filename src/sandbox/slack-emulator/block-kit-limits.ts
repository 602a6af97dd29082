// Block Kit limits from Slack's documentation (shared/docs/slack.md): the
// emulator flags what real Slack would refuse, so a test or a sandbox user
// sees an oversized message.
type Json = Record<string, unknown>;

export function blockKitProblems(blocks: unknown, surface: "message" | "modal" | "home"): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
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
        break;
      case "header":
        if (text(b.text).length > 150) problems.push(`${where}: header over 150`);
        break;
      case "context":
        if (!Array.isArray(b.elements) || b.elements.length > 10 || b.elements.length === 0) problems.push(`${where}: 1 to 10 elements`);
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
        if (!b.alt_text) problems.push(`${where}: image without alt_text`);
        break;
      default:
        break;
    }
  });
  return problems;
}

export function viewProblems(view: Json): string[] {
  const problems = blockKitProblems(view.blocks, view.type === "home" ? "home" : "modal");
  const plain = (t: unknown) => (t && typeof t === "object" ? String((t as Json).text ?? "") : "");
  for (const k of ["title", "submit", "close"]) if (plain(view[k]).length > 24) problems.push(`view ${k} over 24`);
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) problems.push("private_metadata over 3000");
  return problems;
}

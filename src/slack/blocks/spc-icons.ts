// Making Data Count's icons beside the SPC verdict, as Block Kit: images in a
// context block (the only place Slack puts a small image beside text), each
// with alt text naming the icon, and the verdict in words beside them, so a
// screen reader, a search and a reader who cannot tell the colours apart all
// get it. Without a file id for an icon, the words stand alone.
import type { ContextBlock, ImageElement, KnownBlock } from "@slack/types";
import type { SpcIcons } from "../../domain/digest.js";
import { ICON_ALT_TEXT, ICON_LABEL, SPC_ICONS, type SpcIcon } from "../../domain/spc-reading.js";
import type { IconFiles } from "../../services/spc-icons.js";
import { clip, LIMITS } from "./common.js";

export function iconImage(icon: SpcIcon, files: IconFiles): ImageElement | null {
  const id = files.get(icon);
  return id ? { type: "image", slack_file: { id }, alt_text: ICON_ALT_TEXT[icon] } : null;
}

/** The icons a reading shows, variation first. */
export function iconsOf(icons: SpcIcons): SpcIcon[] {
  return [icons.variation, icons.assurance].filter((i) => i !== null);
}

/** A verdict with its icons before it: [variation] [assurance] SPC: … */
export function verdictContext(icons: SpcIcons, files: IconFiles, mrkdwnText: string): ContextBlock {
  const images = iconsOf(icons)
    .map((i) => iconImage(i, files))
    .filter((e) => e !== null);
  return { type: "context", elements: [...images, { type: "mrkdwn", text: clip(mrkdwnText, LIMITS.sectionText) }] };
}

/**
 * The scorecard's SPC verdicts by icon, one context block for each icon in
 * use: [icon] SPC *Concern (high)*: `cp-plans`, `cla`. At most ten blocks
 * (there are ten icons), however many indicators.
 */
export function verdictKey(rows: readonly { key: string; icons: SpcIcons }[], files: IconFiles): KnownBlock[] {
  const keysOf = new Map<SpcIcon, string[]>();
  for (const r of rows) for (const i of iconsOf(r.icons)) keysOf.set(i, [...(keysOf.get(i) ?? []), r.key]);
  return SPC_ICONS.filter((i) => keysOf.has(i)).map((i) => {
    const image = iconImage(i, files);
    const keys = keysOf
      .get(i)!
      .map((k) => `\`${k}\``)
      .join(", ");
    return { type: "context", elements: [...(image ? [image] : []), { type: "mrkdwn", text: clip(`SPC *${ICON_LABEL[i]}*: ${keys}`, LIMITS.sectionText) }] };
  });
}

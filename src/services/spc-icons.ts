// Making Data Count's icons as images Slack can show beside a verdict: each
// drawn once as a small PNG, uploaded once per workspace, and remembered by
// file id so that a restart does not upload it again. The upload itself is
// the caller's (it holds the Slack client); this says what to upload and keeps the ids.
import { createHash } from "node:crypto";
import { forgetSlackImages, putSlackImage, slackImages } from "../db/slack-images.js";
import { ICON_ALT_TEXT, ICON_LABEL, SPC_ICONS, type SpcIcon } from "../domain/spc-reading.js";
import { drawChart } from "./chart-pool.js";
import type { Context } from "./context.js";

/** Slack file ids of the icons a message may show; an icon missing here is shown in words only. */
export type IconFiles = ReadonlyMap<SpcIcon, string>;

export interface IconImage {
  icon: SpcIcon;
  png: Buffer;
  sha256: string;
  filename: string;
  title: string;
  altText: string;
}

const drawn = new Map<SpcIcon, Promise<IconImage>>();

/** The icon as uploaded: drawn once per process, in the chart-drawing process. */
export function iconImage(icon: SpcIcon): Promise<IconImage> {
  let image = drawn.get(icon);
  if (!image) {
    image = drawChart({ kind: "icon", icon }).then((png) => ({
      icon,
      png,
      sha256: createHash("sha256").update(png).digest("hex"),
      filename: `spc-${icon.replace(/_/g, "-")}.png`,
      title: `SPC icon: ${ICON_LABEL[icon]}`,
      altText: ICON_ALT_TEXT[icon],
    }));
    drawn.set(icon, image);
    image.catch(() => drawn.delete(icon));
  }
  return image;
}

/** The icons with a file in this workspace already, and those still to upload. */
export async function iconFiles(ctx: Context, teamId: string, wanted: readonly SpcIcon[]): Promise<{ files: Map<SpcIcon, string>; toUpload: IconImage[] }> {
  const stored = new Map((await slackImages(ctx.db, teamId)).map((r) => [r.name, r]));
  const files = new Map<SpcIcon, string>();
  const toUpload: IconImage[] = [];
  for (const icon of SPC_ICONS.filter((i) => wanted.includes(i))) {
    const image = await iconImage(icon);
    const row = stored.get(icon);
    if (row && row.sha256 === image.sha256) files.set(icon, row.fileId);
    else toUpload.push(image);
  }
  return { files, toUpload };
}

export async function rememberIconFile(ctx: Context, teamId: string, image: IconImage, fileId: string): Promise<void> {
  await putSlackImage(ctx.db, teamId, { name: image.icon, sha256: image.sha256, fileId, uploadedAt: ctx.now() });
}

/** Slack refused these files: forget them, so they are uploaded afresh next time. */
export async function forgetIconFiles(ctx: Context, teamId: string, fileIds: readonly string[]): Promise<number> {
  return forgetSlackImages(ctx.db, teamId, fileIds);
}

// Images uploaded to a Slack workspace once and shown by file id (the SPC icons).
import type { Db } from "./client.js";

export interface SlackImageRow {
  name: string;
  sha256: string;
  fileId: string;
  uploadedAt: Date;
}

export async function slackImages(db: Db, teamId: string): Promise<SlackImageRow[]> {
  return db.slackImage.findMany({ where: { teamId }, select: { name: true, sha256: true, fileId: true, uploadedAt: true } });
}

/** Remember an upload; another of the same name in this workspace (an older drawing) is replaced. */
export async function putSlackImage(db: Db, teamId: string, row: SlackImageRow): Promise<void> {
  await db.slackImage.upsert({ where: { teamId_name: { teamId, name: row.name } }, create: { teamId, ...row }, update: row });
}

/** Forget these files (Slack refused them), so they are uploaded again when next needed. */
export async function forgetSlackImages(db: Db, teamId: string, fileIds: readonly string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  return (await db.slackImage.deleteMany({ where: { teamId, fileId: { in: [...fileIds] } } })).count;
}

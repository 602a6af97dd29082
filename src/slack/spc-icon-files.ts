// Making Data Count's icons in Slack messages: the workspace's file ids for
// the icons a message shows, uploading any it lacks (once: the ids are kept in
// the database), and a send that falls back to words alone when the icons
// cannot be had or Slack refuses them. The icons are a help to the eye; the
// words carry the verdict, so nothing waits on, or fails for, an icon.
import type { WebClient } from "@slack/web-api";
import type { SpcIcon } from "../domain/spc-reading.js";
import type { Context } from "../services/context.js";
import { forgetIconFiles, type IconFiles, iconFiles, rememberIconFile } from "../services/spc-icons.js";
import { uploadUnsharedFile, workspaceOf } from "./client.js";
import { classifySlackError } from "./errors.js";

const NONE: IconFiles = new Map();

interface IconUse {
  teamId: string;
  files: IconFiles;
  /** Ids uploaded by this call (Slack may still be processing them), as opposed to remembered ones. */
  fresh: Set<string>;
}

// One upload at a time per database, so two messages at once do not upload the same icon twice.
const queues = new WeakMap<object, Promise<unknown>>();

function inTurn<T>(key: object, work: () => Promise<T>): Promise<T> {
  const turn = (queues.get(key) ?? Promise.resolve()).then(work, work);
  queues.set(
    key,
    turn.catch(() => undefined),
  );
  return turn;
}

async function iconsInSlack(ctx: Context, client: WebClient, wanted: readonly SpcIcon[]): Promise<IconUse | null> {
  if (wanted.length === 0) return null;
  try {
    const teamId = await workspaceOf(client);
    return await inTurn(ctx.db, async () => {
      const { files, toUpload } = await iconFiles(ctx, teamId, wanted);
      const fresh = new Set<string>();
      for (const image of toUpload) {
        try {
          const id = await uploadUnsharedFile(client, { bytes: image.png, filename: image.filename, title: image.title, altText: image.altText });
          await rememberIconFile(ctx, teamId, image, id);
          files.set(image.icon, id);
          fresh.add(id);
        } catch (e) {
          // One failure says enough (a missing scope, Slack down): the rest would fail alike. Next message tries again.
          ctx.log.warn({ icon: image.icon, error: classifySlackError(e).error }, "could not upload an SPC icon to Slack; the verdict is shown in words only");
          break;
        }
      }
      return { teamId, files, fresh };
    });
  } catch (e) {
    ctx.log.warn({ error: classifySlackError(e).error }, "SPC icons unavailable; the verdict is shown in words only");
    return null;
  }
}

/** Slack refused the message's blocks: "images" when it names a Slack file (one since deleted, or of another workspace) or gives no detail. */
function refusal(e: unknown): "images" | "other" | null {
  if (!["invalid_blocks", "invalid_arguments"].includes(classifySlackError(e).error)) return null;
  const data = (e as { data?: { errors?: unknown; response_metadata?: { messages?: unknown } } }).data;
  const details = [data?.errors, data?.response_metadata?.messages].flatMap((d) => (Array.isArray(d) ? d.map(String) : []));
  return details.length === 0 || details.some((d) => /slack[ _]file|image/i.test(d)) ? "images" : "other";
}

/**
 * Send a message built with these icons' file ids. If Slack refuses its blocks,
 * send it once more with none (a refused message was not posted, so nothing is
 * sent twice), and forget the remembered ids so they are uploaded afresh.
 */
export async function sendWithIcons<T>(
  ctx: Context,
  client: WebClient,
  wanted: readonly SpcIcon[],
  what: string,
  send: (files: IconFiles) => Promise<T>,
): Promise<T> {
  const use = await iconsInSlack(ctx, client, wanted);
  if (!use || use.files.size === 0) return send(NONE);
  try {
    return await send(use.files);
  } catch (e) {
    const why = refusal(e);
    if (!why) throw e;
    // Just-uploaded files may still be processing at Slack: keep those, and forget only remembered ones.
    const stale = why === "images" ? [...use.files.values()].filter((id) => !use.fresh.has(id)) : [];
    const forgotten = await forgetIconFiles(ctx, use.teamId, stale).catch(() => 0);
    ctx.log.warn({ what, error: classifySlackError(e).error, forgotten }, "Slack refused the SPC icons; sent again with the verdict in words only");
    return send(NONE);
  }
}

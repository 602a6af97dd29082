// /kpi <key> spc and rebase (filled in with the SPC work).
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { KpiCommand } from "../../../domain/kpi-command.js";
import { notice, type Context, type Notice } from "../../../services/context.js";
import { noticeMessage } from "../../blocks/common.js";

export async function spcCommand(_ctx: Context, _client: WebClient, respond: RespondFn, _caller: { userId: string; channelId: string }, key: string): Promise<void> {
  await respond({ response_type: "ephemeral", ...noticeMessage(notice("info", `SPC charts are not available yet (\`/kpi ${key} chart\` draws the trend).`)) });
}

export async function rebaseCommand(_ctx: Context, _userId: string, _cmd: Extract<KpiCommand, { kind: "rebase" }>): Promise<Notice> {
  return notice("info", "Rebasing is not available yet.");
}

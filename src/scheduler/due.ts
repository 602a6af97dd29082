// What the scheduler delivers: (job, slot) pairs, each sent once, from sources
// that say what is due at an instant.
import type { WebClient } from "@slack/web-api";
import type { Context } from "../services/context.js";
import type { Claim, SentReminder } from "../services/deliveries.js";

/** A job the scheduler can deliver: one (job, slot) pair, sent once. */
export interface DueItem {
  job: string;
  slot: Date;
  /** "daily": over a day late is missed (digests, reminders); "none": the slot only keys the claim (once per week or period). */
  lateness?: "daily" | "none";
  /** Returns what is to be recorded with the "sent" mark, in the same transaction, if anything. */
  // biome-ignore lint/suspicious/noConfusingVoidType: most sends record nothing, and say so by returning nothing
  send(claim: Claim): Promise<void | { reminder: SentReminder }>;
  /** Tell someone about a permanent failure. */
  onPermanentFailure(error: string): Promise<void>;
}

/** Other kinds of delivery (reminders, escalations…) register here. */
export type DueSource = (ctx: Context, client: WebClient, now: Date) => Promise<DueItem[]>;

// Typed free text goes through the identifying-text screen before it is stored.
// A text that trips it is held back: the user is told privately what looked
// identifying and how to put it, with a signed "Store anyway" for a false alarm.
import { writeAudit } from "../db/audit.js";
import type { Tx } from "../db/client.js";
import { describeFindings, type Finding, type IdentifyingKind, screenText } from "../domain/identifying-text.js";
import { repeatedInReason } from "../domain/redaction.js";
import { type Notice, notice } from "../domain/result.js";
import type { Words } from "../domain/words.js";
import { type PendingChange, signChange } from "./confirm-token.js";
import type { Context } from "./context.js";

/** What was held back and why: data for slack/blocks to word. */
export interface Screened {
  /** The kind of text: "note", "reason", "evidence". */
  field: string;
  /** What it was for, such as action 2.3 or cp-plans for June 2017. */
  about: Words;
  findings: Finding[];
  /** The signed "Store anyway" button value; null when the text is too long to carry in a button. */
  token: string | null;
}

/** A change held back by the screen (nothing was stored). */
export interface Held {
  kind: "held";
  screened: Screened;
}

/** What in this text looks identifying ([] when it passes, or when there is no text). */
export function screenFindings(ctx: Context, text: string | null): Finding[] {
  if (text === null || text.trim() === "") return [];
  return screenText(text, ctx.config.identifierPatterns).findings;
}

/**
 * A typed text held back with a signed "Store anyway" when the screen trips; null when it
 * passes, or when `storeAnyway` says the user already chose to store it (the button's click).
 */
export function holdIfIdentifying(
  ctx: Context,
  userId: string,
  text: string | null,
  storeAnyway: readonly IdentifyingKind[] | null,
  ask: (scr: IdentifyingKind[]) => { change: PendingChange; field: string; about: Words },
): Held | null {
  if (storeAnyway !== null) return null;
  const findings = screenFindings(ctx, text);
  if (findings.length === 0) return null;
  const { change, field, about } = ask(kindsOf(findings));
  return { kind: "held", screened: { field, about, findings, token: signChange(ctx, userId, change) } };
}

/**
 * A redaction's reason that may itself identify someone, or that repeats what it removes,
 * refused outright: the reason is kept beside the removal and in every audit entry it
 * cleans, so storing it "anyway" would put back what the redaction takes out. A false
 * alarm costs only a rewording ("named a child").
 */
export function redactionReasonRefusal(ctx: Context, reason: string, removed: readonly string[], example: string): Notice | null {
  const findings = screenFindings(ctx, reason);
  if (findings.length) {
    return notice(
      "error",
      `The reason itself may identify someone (${describeFindings(findings).join("; ")}). Say why without repeating what is removed. Nothing was removed.`,
      example,
    );
  }
  const repeated = repeatedInReason(reason, removed);
  if (repeated.length) {
    return notice(
      "error",
      `The reason repeats ${repeated.map((w) => `"${w}"`).join(", ")} from the text it removes, and the reason is kept. Say why without repeating what is removed. Nothing was removed.`,
      example,
    );
  }
  return null;
}

export const kindsOf = (findings: readonly Finding[]): IdentifyingKind[] => [...new Set(findings.map((f) => f.kind))];

/** The audit entry for "Store anyway": what the screen saw, by kind, never the text it found. */
export async function auditScreenOverride(tx: Tx, actor: string, subject: string, field: string, kinds: readonly IdentifyingKind[]): Promise<void> {
  if (kinds.length === 0) return;
  await writeAudit(tx, { actor, action: "screen-override", subject, oldValue: null, newValue: { field, kinds } });
}

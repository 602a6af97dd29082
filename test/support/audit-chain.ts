// The audit trail of one subject is a chain: in the order the entries were
// written, each one's old value is the previous one's new value.
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";

export interface ChainEntry {
  id: number;
  oldValue: unknown;
  newValue: unknown;
}

/** The first entry (in id order) whose old value is not the new value of the entry before it, or null. */
export function chainBreak<T extends ChainEntry>(entries: readonly T[]): { at: T; before: T } | null {
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  for (let i = 1; i < sorted.length; i++) {
    if (!isDeepStrictEqual(sorted[i]!.oldValue, sorted[i - 1]!.newValue)) return { at: sorted[i]!, before: sorted[i - 1]! };
  }
  return null;
}

export function expectAuditChain(entries: readonly ChainEntry[]): void {
  const broken = chainBreak(entries);
  expect(
    broken,
    broken
      ? `entry ${broken.at.id} says it replaced ${JSON.stringify(broken.at.oldValue)}, but ${broken.before.id} wrote ${JSON.stringify(broken.before.newValue)}`
      : "",
  ).toBeNull();
}

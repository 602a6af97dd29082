// Milestones: dated steps of an action, numbered within it, reminded like a
// due date. Pure.
import { DateTime } from "luxon";
import { memoize } from "./memo.js";
import { parsePlanDate } from "./plan-dates.js";
import { err, ok, type Result } from "./result.js";

export interface Milestone {
  n: number;
  due: string; // YYYY-MM-DD
  text: string;
  doneAt: Date | null;
  createdAt: Date;
}

export const MAX_MILESTONE_TEXT = 300;

export function isMilestoneOverdue(m: Pick<Milestone, "due" | "doneAt">, today: string): boolean {
  return m.doneAt === null && m.due < today;
}

/** A milestone as written: "<date> <text>", the date a day, a month or a quarter ("December 2026: training delivered"). */
export function parseMilestone(text: string): Result<{ due: string; text: string; done: boolean }> {
  const words = text.trim().split(/\s+/);
  for (const take of [1, 2, 3]) {
    if (words.length <= take) break;
    const date = parsePlanDate(words.slice(0, take).join(" ").replace(/[:,]$/, ""));
    if (!date.ok) continue;
    let rest = words
      .slice(take)
      .join(" ")
      .replace(/^[:\-–—]\s*/, "");
    const done = /\s*[([](done|complete|completed)[)\]]$/i.test(rest);
    rest = rest.replace(/\s*[([](done|complete|completed)[)\]]$/i, "").trim();
    if (rest === "") break;
    if (rest.length > MAX_MILESTONE_TEXT) return err(`the milestone "${rest.slice(0, 40)}…" is longer than ${MAX_MILESTONE_TEXT} characters`);
    return ok({ due: date.value, text: rest, done });
  }
  return err(`"${text.trim()}" is not a milestone`, "a date and what will be done by then: 2026-12-31 draft framework agreed");
}

/** A cell of milestones separated by semicolons or new lines. */
export function parseMilestoneList(cell: string): Result<{ due: string; text: string; done: boolean }[]> {
  const out: { due: string; text: string; done: boolean }[] = [];
  for (const part of cell.split(/[;\n]/)) {
    if (part.trim() === "") continue;
    const m = parseMilestone(part);
    if (!m.ok) return m;
    out.push(m.value);
  }
  return ok(out);
}

/** "2 Nov 2026". */
export const describeShortDate: (iso: string) => string = memoize((iso) => DateTime.fromISO(iso).toFormat("d LLL yyyy"));

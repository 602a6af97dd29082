// What import-plan reads from a row beyond the plain text: a status and RAG
// as plans write them, a person (Slack id, e-mail or a name), and the plan's
// structure (themes, objectives) from the references. Pure.
import { type ActionStatus, parseStatus } from "./plan.js";
import { firstPart, type Objective, parentRef, refDepth, type Theme } from "./plan-structure.js";
import type { RagStatus } from "./rag.js";

export const STATUS_SYNONYMS: Record<string, ActionStatus> = {
  complete: "done",
  completed: "done",
  achieved: "done",
  "in progress": "on_track",
  "in-progress": "on_track",
  ongoing: "on_track",
  delayed: "at_risk",
};

/** A status as plans write it: the five statuses, or complete(d), achieved, in progress, delayed. */
export function parseImportStatus(text: string): ActionStatus | null {
  const t = text.trim().toLowerCase();
  return STATUS_SYNONYMS[t] ?? parseStatus(t);
}

/** red, amber, green, or R, A, G. */
export function parseImportRag(text: string): RagStatus | null {
  const t = text.trim().toLowerCase();
  const map: Record<string, RagStatus> = { red: "red", r: "red", amber: "amber", a: "amber", green: "green", g: "green" };
  return map[t] ?? null;
}

/** A Slack user id (U0123ABCD): with a digit, so that a name such as "WPC" or "UNICEF" is read as a name. */
export const USER_ID = /^[UW](?=[A-Z0-9]*\d)[A-Z0-9]{2,20}$/;
export const MAX_PERSON_NAME = 100;

/** How a person is written: a Slack user id, an e-mail address to look up, or the name of someone outside Slack. */
export type PersonText = { kind: "id"; id: string } | { kind: "email"; email: string } | { kind: "name"; name: string } | { kind: "bad"; why: string };

export function classifyPerson(text: string, isEmail: (t: string) => boolean): PersonText {
  const t = text.trim();
  if (USER_ID.test(t)) return { kind: "id", id: t };
  if (isEmail(t)) return { kind: "email", email: t.toLowerCase() };
  if (t.includes("@")) return { kind: "bad", why: `"${t}" looks like an e-mail address but is not one` };
  if (t.length > MAX_PERSON_NAME) return { kind: "bad", why: `the name "${t.slice(0, 30)}…" is longer than ${MAX_PERSON_NAME} characters` };
  return { kind: "name", name: t };
}

export interface StructureRow {
  line: number;
  ref: string;
  theme: string;
  aim: string | null;
  objective: string | null;
}

export interface ImportedStructure {
  themes: Theme[];
  objectives: Objective[];
  /** Each action's objective (null: directly under its theme). */
  objectiveOf: Map<string, string | null>;
}

/**
 * Themes and objectives from the rows, in the order they first appear. An
 * action with an objective has a reference objective.action (2.1.3 is in
 * objective 2.1 of theme 2), and those references must agree with the
 * themes and objectives named. A plan without objectives (today's columns)
 * gets a theme reference only where its actions' references all agree on one.
 */
export function structureOf(rows: readonly StructureRow[]): { structure: ImportedStructure; problems: { line: number; problem: string }[] } {
  const problems: { line: number; problem: string }[] = [];
  const themes = new Map<string, Theme & { firstLine: number; aimLine: number | null }>();
  const objectives = new Map<string, Objective & { line: number }>();
  const objectiveOf = new Map<string, string | null>();
  const strict = new Map<string, { ref: string; line: number }>(); // theme name → its reference, from actions with objectives
  const strictOwner = new Map<string, { theme: string; line: number }>(); // theme reference → theme name
  const loose = new Map<string, Set<string>>(); // theme name → first parts of its other actions' references

  for (const r of rows) {
    let t = themes.get(r.theme);
    if (!t) {
      t = { name: r.theme, ref: null, aim: r.aim, position: themes.size, firstLine: r.line, aimLine: r.aim ? r.line : null };
      themes.set(r.theme, t);
    } else if (r.aim) {
      if (t.aim === null) {
        t.aim = r.aim;
        t.aimLine = r.line;
      } else if (t.aim !== r.aim) problems.push({ line: r.line, problem: `theme "${r.theme}" has a different aim on line ${t.aimLine}` });
    }
    if (r.objective) {
      const oRef = parentRef(r.ref);
      if (oRef === null || refDepth(r.ref) < 3) {
        problems.push({ line: r.line, problem: `ref ${r.ref} has an objective, so it must be objective.action, such as 2.1.3` });
        continue;
      }
      const themeRef = firstPart(r.ref);
      const claimed = strictOwner.get(themeRef);
      if (claimed && claimed.theme !== r.theme)
        problems.push({ line: r.line, problem: `ref ${r.ref} puts it in theme ${themeRef}, which is "${claimed.theme}" on line ${claimed.line}` });
      else if (!claimed) strictOwner.set(themeRef, { theme: r.theme, line: r.line });
      const mine = strict.get(r.theme);
      if (mine && mine.ref !== themeRef)
        problems.push({ line: r.line, problem: `theme "${r.theme}" is theme ${mine.ref} on line ${mine.line}, but ref ${r.ref} starts with ${themeRef}` });
      else if (!mine) strict.set(r.theme, { ref: themeRef, line: r.line });
      const o = objectives.get(oRef);
      if (!o) objectives.set(oRef, { ref: oRef, theme: r.theme, text: r.objective, position: objectives.size, line: r.line });
      else if (o.theme !== r.theme) problems.push({ line: r.line, problem: `objective ${oRef} is in theme "${o.theme}" on line ${o.line}` });
      else if (o.text !== r.objective) problems.push({ line: r.line, problem: `objective ${oRef} is "${o.text}" on line ${o.line}` });
      objectiveOf.set(r.ref, oRef);
    } else {
      objectiveOf.set(r.ref, null);
      if (refDepth(r.ref) >= 2) loose.set(r.theme, new Set([...(loose.get(r.theme) ?? []), firstPart(r.ref)]));
    }
  }
  const taken = new Set([...strict.values()].map((s) => s.ref));
  const looseUse = new Map<string, number>();
  for (const parts of loose.values()) for (const p of parts) looseUse.set(p, (looseUse.get(p) ?? 0) + 1);
  for (const t of themes.values()) {
    const s = strict.get(t.name);
    if (s) t.ref = s.ref;
    else {
      const parts = loose.get(t.name);
      const only = parts && parts.size === 1 ? [...parts][0]! : null;
      if (only && !taken.has(only) && looseUse.get(only) === 1) t.ref = only;
    }
  }
  return {
    structure: {
      themes: [...themes.values()].map(({ name, ref, aim, position }) => ({ name, ref, aim, position })),
      objectives: [...objectives.values()].map(({ ref, theme, text, position }) => ({ ref, theme, text, position })),
      objectiveOf,
    },
    problems,
  };
}

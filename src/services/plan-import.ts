// import-plan: an improvement plan as councils write it. Columns
// ref,theme,action,owner,due (required), and sponsor, measure, aim, objective,
// recommendations, start, milestones, status, rag, evidence (optional), so a
// file in the original seven columns imports as it always did. Owners and
// sponsors by Slack id, e-mail (looked up in Slack) or a plain name for
// someone outside Slack. All or nothing; a re-import updates actions by ref
// and keeps their history.
import { z } from "zod";
import { writeAudit } from "../db/audit.js";
import type { Tx } from "../db/client.js";
import { listIndicators } from "../db/indicators.js";
import { lockAction, lockedRead, lockName } from "../db/locks.js";
import { addMilestone, setMilestoneDue } from "../db/milestones.js";
import { type ActionFields, addUpdate, createAction, getAction, setActionFields, setActionRecommendations } from "../db/plan.js";
import { getObjective, listThemes, putObjective, putTheme, removeUnusedStructure } from "../db/plan-structure.js";
import { listRecommendations } from "../db/recommendations.js";
import type { Unit } from "../domain/indicator.js";
import { type MeasureSpec, parseMeasure } from "../domain/measure.js";
import { parseMilestoneList } from "../domain/milestone.js";
import { type Action, type ActionStatus, actionRag, localDate, REF_PATTERN, STATUS_WORDS } from "../domain/plan.js";
import { parseDue, parsePlanDate } from "../domain/plan-dates.js";
import { classifyPerson, type ImportedStructure, parseImportRag, parseImportStatus, structureOf } from "../domain/plan-import.js";
import { RAG_WORD, type RagStatus } from "../domain/rag.js";
import { parseRecommendationRefs } from "../domain/recommendation.js";
import { fail, ok, type Result } from "../domain/result.js";
import { plainWords } from "../domain/words.js";
import type { Context } from "./context.js";
import { csvRows, importRefused, rowProblem, textFields } from "./csv.js";
import type { ImportSummary } from "./imports.js";

/** The columns of free text, screened before they are stored. */
const SCREENED_COLUMNS = new Set(["theme", "action", "aim", "objective", "milestones", "evidence", "measure"]);

/** Finds a Slack user id for an e-mail address (users.lookupByEmail); null when there is none. */
export type UserLookup = (email: string) => Promise<string | null>;

const email = z.email();

/** A Slack user, or someone outside Slack by name. */
export interface Person {
  id: string | null;
  name: string | null;
}

/**
 * Reads people as plans write them: a Slack id, an e-mail address (looked up
 * once each), or the name of someone outside Slack; with the row's problem.
 */
export function personReader(lookup: UserLookup) {
  const people = new Map<string, string | null>(); // e-mail → id
  return async (text: string, what: string, required: boolean): Promise<{ person: Person; problem?: string }> => {
    const none = { id: null, name: null };
    if (text === "") return required ? { person: none, problem: `${what} is empty` } : { person: none };
    const p = classifyPerson(text, (t) => email.safeParse(t).success);
    switch (p.kind) {
      case "id":
        return { person: { id: p.id, name: null } };
      case "name":
        return { person: { id: null, name: p.name } };
      case "bad":
        return { person: none, problem: `${what}: ${p.why}` };
      case "email": {
        if (!people.has(p.email)) people.set(p.email, await lookup(p.email));
        const id = people.get(p.email);
        return id
          ? { person: { id, name: null } }
          : { person: none, problem: `${what} ${text} is not a member of this Slack workspace (give their name instead if they are outside Slack)` };
      }
    }
  };
}

interface PlanRow {
  line: number;
  ref: string;
  theme: string;
  aim: string | null;
  objective: string | null;
  title: string;
  owner: Person;
  sponsor: Person;
  start: string | null;
  due: string | null;
  measure: MeasureSpec | null;
  /** Undefined when the file has no such column: then the action keeps what it has. */
  recommendations: string[] | undefined;
  milestones: { due: string; text: string; done: boolean }[] | undefined;
  status: ActionStatus | undefined;
  rag: RagStatus | undefined;
  evidence: string | undefined;
}

export async function importPlan(ctx: Context, csv: string, actor: string, lookup: UserLookup): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["ref", "theme", "action", "owner", "due"]);
  if (!read.ok) return read;
  const rows = read.value;
  const columns = new Set(Object.keys(rows[0]?.fields ?? {}));
  const units = new Map<string, Unit>((await listIndicators(ctx.db)).map((i) => [i.key, i.unit]));
  const recs = new Set((await listRecommendations(ctx.db)).map((r) => r.ref));
  const problems: string[] = [];
  const valid: PlanRow[] = [];
  const seen = new Map<string, number>();
  const person = personReader(lookup);

  for (const { line, fields } of rows) {
    const rowProblems: string[] = [];
    // A line break in a cell is a space, except between milestones, where it separates them.
    const flat = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v ?? "").replace(/\r?\n/g, k === "milestones" ? ";" : " ")]));
    // Free text is screened for what identifies a person; owners and sponsors are named on purpose.
    const text = textFields(flat, rowProblems, { columns: SCREENED_COLUMNS, patterns: ctx.config.identifierPatterns });
    const ref = text("ref", 20);
    const theme = text("theme", 150);
    const title = text("action", 1000);
    const aim = text("aim", 500) || null;
    const objective = text("objective", 500) || null;
    if (!REF_PATTERN.test(ref)) rowProblems.push(`ref "${ref}" must be a short reference such as 2.3 or 2.1.3`);
    if (!theme) rowProblems.push("theme is empty");
    if (!title) rowProblems.push("action is empty");
    const due = parseDue(text("due", 40));
    if (!due.ok) rowProblems.push(`due: ${rowProblem(due.error)}`);
    const startText = text("start", 40);
    const start = startText ? parsePlanDate(startText) : ok(null);
    if (!start.ok) rowProblems.push(`start: ${rowProblem(start.error)}`);
    const measure = parseMeasure(text("measure", 600), (k) => units.get(k) ?? null);
    if (!measure.ok) rowProblems.push(`measure ${plainWords(measure.error.text)}`);
    let recommendations: string[] | undefined;
    if (columns.has("recommendations")) {
      const parsed = parseRecommendationRefs(text("recommendations", 500));
      for (const b of parsed.bad) rowProblems.push(`recommendation "${b}" is not a reference such as Ofsted-2023-R4`);
      const unknown = parsed.refs.filter((r) => !recs.has(r));
      if (unknown.length)
        rowProblems.push(
          `recommendation${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not known (import-recommendations first)`,
        );
      recommendations = parsed.refs;
    }
    let milestones: PlanRow["milestones"];
    if (columns.has("milestones")) {
      const parsed = parseMilestoneList(text("milestones", 3000));
      if (parsed.ok) milestones = parsed.value;
      else rowProblems.push(`milestones: ${rowProblem(parsed.error)}`);
    }
    const statusText = text("status", 40);
    const status = statusText ? parseImportStatus(statusText) : undefined;
    if (status === null) rowProblems.push(`status "${statusText}" must be not started, on track, at risk, blocked or done`);
    const ragText = text("rag", 20);
    const rag = ragText ? parseImportRag(ragText) : undefined;
    if (rag === null) rowProblems.push(`rag "${ragText}" must be red, amber or green`);
    const evidence = columns.has("evidence") ? text("evidence", 1000) : undefined;
    const owner = await person(text("owner", 320), "owner", true);
    const sponsor = await person(text("sponsor", 320), "sponsor", false);
    for (const p of [owner.problem, sponsor.problem]) if (p) rowProblems.push(p);
    if (seen.has(ref)) rowProblems.push(`ref ${ref} is already on line ${seen.get(ref)}`);
    seen.set(ref, line);
    if (rowProblems.length || !due.ok || !start.ok || !measure.ok || status === null || rag === null) {
      problems.push(`line ${line}: ${rowProblems.join("; ")}`);
      continue;
    }
    valid.push({
      line,
      ref,
      theme,
      aim,
      objective,
      title,
      owner: owner.person,
      sponsor: sponsor.person,
      start: start.value,
      due: due.value,
      measure: measure.value,
      recommendations,
      milestones,
      status,
      rag,
      evidence,
    });
  }
  const { structure, problems: structural } = structureOf(valid);
  const byLine = new Map<number, string[]>();
  for (const p of structural) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p.problem]);
  for (const [line, list] of [...byLine].sort((a, b) => a[0] - b[0])) problems.push(`line ${line}: ${list.join("; ")}`);
  if (problems.length) return fail(importRefused(problems.sort((a, b) => lineOf(a) - lineOf(b))));

  const counts = { added: 0, updated: 0, unchanged: 0, kept: 0 };
  const now = ctx.now();
  const today = localDate(now, ctx.config.timezone);
  await ctx.db.$transaction(
    async (tx) => {
      // One plan import at a time; each action locked before it is read, so a click at the same moment is never overwritten unseen.
      await lockName(tx, "plan-import");
      await writeStructure(tx, structure, actor, { aims: columns.has("aim"), objectives: columns.has("objective") });
      for (const [i, r] of valid.entries()) {
        const { outcome, kept } = await writeAction(tx, r, i, structure, { actor, now, today, objectives: columns.has("objective") });
        counts[outcome]++;
        if (kept) counts.kept++;
      }
      await removeUnusedStructure(tx);
    },
    { timeout: 120_000 },
  );
  const notes =
    counts.kept > 0
      ? [
          `${counts.kept} action${counts.kept === 1 ? "" : "s"} already updated in Slack kept ${counts.kept === 1 ? "its" : "their"} status, RAG and evidence rather than the file's.`,
        ]
      : [];
  return ok({ rows: valid.length, added: counts.added, updated: counts.updated, notes });
}

function lineOf(problem: string): number {
  return Number(problem.match(/^line (\d+)/)?.[1] ?? 0);
}

/**
 * Themes (aims, references, order) and objectives as the file gives them;
 * other themes follow the file's. A file without aims, or without objectives
 * (today's columns), keeps the aims, or the references, that themes have.
 */
async function writeStructure(tx: Tx, s: ImportedStructure, actor: string, has: { aims: boolean; objectives: boolean }): Promise<void> {
  const old = await listThemes(tx);
  const inFile = new Set(s.themes.map((t) => t.name));
  const refs = new Set(s.themes.map((t) => t.ref).filter(Boolean));
  for (const [i, t] of old.filter((t) => !inFile.has(t.name)).entries())
    await putTheme(tx, { ...t, ref: t.ref && refs.has(t.ref) ? null : t.ref, position: s.themes.length + i });
  for (const given of s.themes) {
    const before = old.find((o) => o.name === given.name);
    const t = { ...given, aim: has.aims ? given.aim : (before?.aim ?? null), ref: has.objectives ? given.ref : (given.ref ?? before?.ref ?? null) };
    await putTheme(tx, t);
    if (!before || before.ref !== t.ref || before.aim !== t.aim)
      await writeAudit(tx, {
        actor,
        action: before ? "plan-theme-update" : "plan-theme-add",
        subject: `theme:${t.name}`,
        oldValue: before ?? null,
        newValue: t,
      });
  }
  for (const o of s.objectives) {
    const before = await getObjective(tx, o.ref);
    await putObjective(tx, o);
    if (!before || before.text !== o.text || before.theme !== o.theme)
      await writeAudit(tx, {
        actor,
        action: before ? "plan-objective-update" : "plan-objective-add",
        subject: `objective:${o.ref}`,
        oldValue: before,
        newValue: o,
      });
  }
}

type Fields = Required<Pick<ActionFields, "theme" | "objectiveRef" | "title" | "ownerId" | "ownerName" | "sponsorId" | "sponsorName" | "start" | "due">> &
  Required<Pick<ActionFields, "measureKey" | "measureTarget" | "measureBy" | "measureText">>;

function fieldsOf(r: PlanRow, s: ImportedStructure): Fields {
  return {
    theme: r.theme,
    objectiveRef: s.objectiveOf.get(r.ref) ?? null,
    title: r.title,
    ownerId: r.owner.id,
    ownerName: r.owner.name,
    sponsorId: r.sponsor.id,
    sponsorName: r.sponsor.name,
    start: r.start,
    due: r.due,
    measureKey: r.measure?.key ?? null,
    measureTarget: r.measure?.target ?? null,
    measureBy: r.measure?.by ?? null,
    measureText: r.measure?.text ?? null,
  };
}

/** The status, evidence and RAG override the file gives, or null when it gives none. */
function progressOf(r: PlanRow, fields: Fields, milestones: Action["milestones"], now: Date, today: string) {
  if (r.status === undefined && r.rag === undefined && !r.evidence) return null;
  const status = r.status ?? "not_started";
  const derived = actionRag({ ...fields, status, ragOverride: null, milestones }, today).status;
  return {
    status,
    doneAt: status === "done" ? now : null,
    evidence: r.evidence || null,
    ragOverride: r.rag && r.rag !== derived ? r.rag : null,
    ragReason: r.rag && r.rag !== derived ? "as in the imported plan" : null,
  };
}

async function writeAction(
  tx: Tx,
  r: PlanRow,
  position: number,
  s: ImportedStructure,
  at: { actor: string; now: Date; today: string; objectives: boolean },
): Promise<{ outcome: "added" | "updated" | "unchanged"; kept: boolean }> {
  const { actor, now, today } = at;
  const old = await lockedRead(
    () => lockAction(tx, r.ref),
    () => getAction(tx, r.ref),
  );
  // A file without objectives (today's columns) leaves an action in the objective it has.
  const next = { ...fieldsOf(r, s), ...(at.objectives ? {} : { objectiveRef: old?.objectiveRef ?? null }) };
  const importedMilestones = (r.milestones ?? []).map((m, i) => ({ n: i + 1, due: m.due, text: m.text, doneAt: m.done ? now : null, createdAt: now }));
  if (!old) {
    const progress = progressOf(r, next, importedMilestones, now, today);
    await createAction(tx, { ref: r.ref, ...next, position, createdAt: now, ...(progress ?? {}) });
    await addUpdate(tx, r.ref, {
      at: now,
      by: actor,
      kind: "import",
      note: progress
        ? `added from the plan: ${STATUS_WORDS[progress.status]}${progress.ragOverride ? `, ${RAG_WORD[progress.ragOverride]}` : ""}`
        : "added from the plan",
    });
    if (r.recommendations?.length) await setActionRecommendations(tx, r.ref, r.recommendations);
    for (const m of r.milestones ?? []) await addMilestone(tx, r.ref, { due: m.due, text: m.text, by: actor, at: now, doneAt: m.done ? now : null });
    await writeAudit(tx, {
      actor,
      action: "action-add",
      subject: `action:${r.ref}`,
      oldValue: null,
      newValue: { ...next, ...(progress ?? {}), recommendations: r.recommendations ?? [], milestones: r.milestones ?? [] },
    });
    return { outcome: "added", kept: false };
  }
  const before: Fields = {
    theme: old.theme,
    objectiveRef: old.objectiveRef ?? null,
    title: old.title,
    ownerId: old.ownerId,
    ownerName: old.ownerName ?? null,
    sponsorId: old.sponsorId,
    sponsorName: old.sponsorName ?? null,
    start: old.start ?? null,
    due: old.due,
    measureKey: old.measureKey,
    measureTarget: old.measureTarget ?? null,
    measureBy: old.measureBy ?? null,
    measureText: old.measureText ?? null,
  };
  const changed = (Object.keys(next) as (keyof Fields)[]).filter((k) => before[k] !== next[k]);
  const oldValue: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, before[k]]));
  const newValue: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, next[k]]));
  const notes: string[] = changed.filter((k) => k !== "due");

  if (r.recommendations !== undefined) {
    const had = [...(old.recommendations ?? [])].sort();
    const now_ = [...r.recommendations].sort();
    if (had.join(" ") !== now_.join(" ")) {
      await setActionRecommendations(tx, r.ref, r.recommendations);
      oldValue.recommendations = had;
      newValue.recommendations = now_;
      notes.push("recommendations");
    }
  }
  for (const m of r.milestones ?? []) {
    const same = old.milestones?.find((x) => x.text.toLowerCase() === m.text.toLowerCase());
    if (!same) {
      const n = await addMilestone(tx, r.ref, { due: m.due, text: m.text, by: actor, at: now, doneAt: m.done ? now : null });
      newValue[`milestone ${n}`] = m;
      notes.push(`milestone ${n} added`);
    } else if (same.due !== m.due) {
      await setMilestoneDue(tx, r.ref, same.n, m.due);
      notes.push(`milestone ${same.n} re-dated`);
      oldValue[`milestone ${same.n}`] = same.due;
      newValue[`milestone ${same.n}`] = m.due;
    }
  }

  // Once an owner has answered in Slack, Slack holds the action's progress: the file's is not applied over it.
  // Nor is an admin's RAG override (one not itself imported) replaced by the file's.
  let kept = false;
  const progress = progressOf(r, next, old.milestones, now, today);
  const progressChanges: ActionFields = {};
  if (progress) {
    const statusDiffers = progress.status !== old.status;
    const evidenceDiffers = progress.evidence !== null && progress.evidence !== old.evidence;
    const adminRag = old.ragOverride && !old.ragOverride.reason.endsWith("in the imported plan");
    const ragDiffers = r.rag !== undefined && (progress.ragOverride ?? null) !== (old.ragOverride?.status ?? null);
    if (old.lastUpdateAt !== null) kept = statusDiffers || evidenceDiffers || ragDiffers;
    else {
      if (statusDiffers) {
        Object.assign(progressChanges, { status: progress.status, doneAt: progress.doneAt });
        oldValue.status = old.status;
        newValue.status = progress.status;
      }
      if (evidenceDiffers) {
        progressChanges.evidence = progress.evidence;
        oldValue.evidence = old.evidence;
        newValue.evidence = progress.evidence;
      }
      if (ragDiffers && adminRag) kept = true;
      else if (ragDiffers) {
        Object.assign(progressChanges, { ragOverride: progress.ragOverride, ragReason: progress.ragReason });
        oldValue.rag = old.ragOverride ?? null;
        newValue.rag = progress.ragOverride;
      }
    }
  }
  const progressKeys = Object.keys(progressChanges);
  if (Object.keys(newValue).length === 0) return { outcome: "unchanged", kept };
  await setActionFields(tx, r.ref, { ...next, position, ...progressChanges });
  if (old.due !== r.due)
    await addUpdate(tx, r.ref, {
      at: now,
      by: actor,
      kind: "due",
      oldDue: old.due,
      newDue: r.due,
      note: r.due === null ? "re-imported from the plan: now ongoing" : "re-imported from the plan",
    });
  if (progressChanges.status)
    await addUpdate(tx, r.ref, { at: now, by: actor, kind: "status", status: progressChanges.status, note: "from the imported plan" });
  const others = [...notes, ...progressKeys.filter((k) => k !== "status" && k !== "doneAt" && k !== "ragReason")];
  if (others.length) await addUpdate(tx, r.ref, { at: now, by: actor, kind: "import", note: `re-imported: ${others.join(", ")} changed` });
  await writeAudit(tx, { actor, action: "action-update", subject: `action:${r.ref}`, oldValue, newValue });
  return { outcome: "updated", kept };
}

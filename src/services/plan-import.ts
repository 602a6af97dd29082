// import-plan: columns ref,theme,action,owner,sponsor,due,measure. Owners and
// sponsors by Slack id or e-mail (looked up in Slack). All or nothing; a
// re-import updates actions by ref and keeps their history.
import { z } from "zod";
import { writeAudit } from "../db/audit.js";
import { allKeys } from "../db/indicators.js";
import { addUpdate, createAction, getAction, setActionFields } from "../db/plan.js";
import { identifyingProblem } from "../domain/identifying-text.js";
import { parseImportDate, REF_PATTERN } from "../domain/plan.js";
import { fail, ok, type Result } from "../domain/result.js";
import { cleanCommandText } from "../domain/text.js";
import { plainWords } from "../domain/words.js";
import type { Context } from "./context.js";
import { csvRows, importRefused, rowProblem } from "./csv.js";
import type { ImportSummary } from "./imports.js";

/** Finds a Slack user id for an e-mail address (users.lookupByEmail); null when there is none. */
export type UserLookup = (email: string) => Promise<string | null>;

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const email = z.email();

interface PlanRow {
  line: number;
  ref: string;
  theme: string;
  title: string;
  owner: string;
  sponsor: string;
  due: string;
  measure: string | null;
}

export async function importPlan(ctx: Context, csv: string, actor: string, lookup: UserLookup): Promise<Result<ImportSummary>> {
  const read = csvRows(csv, ["ref", "theme", "action", "owner", "due"]);
  if (!read.ok) return read;
  const rows = read.value;
  const keys = new Set(await allKeys(ctx.db));
  const problems: string[] = [];
  const valid: PlanRow[] = [];
  const seen = new Map<string, number>();
  const people = new Map<string, string | null>(); // e-mail → id, looked up once each

  const person = async (text: string, what: string, required: boolean): Promise<{ id: string | null; problem?: string }> => {
    const t = text.trim();
    if (t === "") return required ? { id: null, problem: `${what} is empty` } : { id: null };
    if (USER_ID.test(t)) return { id: t };
    if (!email.safeParse(t).success) return { id: null, problem: `${what} "${t}" is neither a Slack user id (U0123456789) nor an e-mail address` };
    const key = t.toLowerCase();
    if (!people.has(key)) people.set(key, await lookup(key));
    const id = people.get(key);
    return id ? { id } : { id: null, problem: `${what} ${t} is not a member of this Slack workspace` };
  };

  for (const { line, fields } of rows) {
    const rowProblems: string[] = [];
    const text = (name: string, max: number) => {
      const c = cleanCommandText(fields[name] ?? "");
      if (!c.ok) {
        rowProblems.push(`${name}: ${plainWords(c.error.text)}`);
        return "";
      }
      if (c.value.length > max) rowProblems.push(`${name} is longer than ${max} characters`);
      const identifying = identifyingProblem(c.value, ctx.config.identifierPatterns);
      if (identifying) rowProblems.push(`${name} ${identifying}`);
      return c.value;
    };
    const ref = text("ref", 20);
    const theme = text("theme", 150);
    const title = text("action", 1000);
    if (!REF_PATTERN.test(ref)) rowProblems.push(`ref "${ref}" must be a short reference such as 2.3`);
    if (!theme) rowProblems.push("theme is empty");
    if (!title) rowProblems.push("action is empty");
    const due = parseImportDate(fields.due ?? "");
    if (!due.ok) rowProblems.push(`due: ${rowProblem(due.error)}`);
    const measure = (fields.measure ?? "").trim().toLowerCase() || null;
    if (measure && !keys.has(measure)) rowProblems.push(`measure "${measure}" is not an indicator key`);
    const owner = await person(fields.owner ?? "", "owner", true);
    const sponsor = await person(fields.sponsor ?? "", "sponsor", false);
    for (const p of [owner.problem, sponsor.problem]) if (p) rowProblems.push(p);
    if (seen.has(ref)) rowProblems.push(`ref ${ref} is already on line ${seen.get(ref)}`);
    seen.set(ref, line);
    if (rowProblems.length || !due.ok || !owner.id) {
      problems.push(`line ${line}: ${rowProblems.join("; ")}`);
      continue;
    }
    valid.push({ line, ref, theme, title, owner: owner.id, sponsor: sponsor.id ?? "", due: due.value, measure });
  }
  if (problems.length) return fail(importRefused(problems));

  let updated = 0;
  let added = 0;
  const now = ctx.now();
  await ctx.db.$transaction(
    async (tx) => {
      for (const r of valid) {
        const old = await getAction(tx, r.ref);
        const next = { theme: r.theme, title: r.title, ownerId: r.owner, sponsorId: r.sponsor || null, due: r.due, measureKey: r.measure };
        if (!old) {
          added++;
          await createAction(tx, { ref: r.ref, ...next, createdAt: now });
          await addUpdate(tx, r.ref, { at: now, by: actor, kind: "import", note: "added from the plan" });
          await writeAudit(tx, { actor, action: "action-add", subject: `action:${r.ref}`, oldValue: null, newValue: next });
          continue;
        }
        const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => old[k] !== next[k]);
        if (changed.length === 0) continue;
        updated++;
        await setActionFields(tx, r.ref, next);
        if (old.due !== r.due)
          await addUpdate(tx, r.ref, { at: now, by: actor, kind: "due", oldDue: old.due, newDue: r.due, note: "re-imported from the plan" });
        const others = changed.filter((k) => k !== "due");
        if (others.length) await addUpdate(tx, r.ref, { at: now, by: actor, kind: "import", note: `re-imported: ${others.join(", ")} changed` });
        await writeAudit(tx, {
          actor,
          action: "action-update",
          subject: `action:${r.ref}`,
          oldValue: Object.fromEntries(changed.map((k) => [k, old[k]])),
          newValue: Object.fromEntries(changed.map((k) => [k, next[k]])),
        });
      }
    },
    { timeout: 60_000 },
  );
  return ok({ rows: valid.length, added, updated });
}

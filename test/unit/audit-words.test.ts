// The audit trail in words, never raw JSON.
import { describe, expect, it } from "vitest";
import { type AuditFacts, type AuditWordsFormat, auditInWords } from "../../src/domain/audit-words.js";
import type { Unit } from "../../src/domain/indicator.js";
import { plainWords } from "../../src/domain/words.js";

const units: Record<string, Unit> = { "cp-plans": "count", "assess-45wd": "percent", "icpc-15wd": "percent", cla: "count", "cin-rate": "rate_per_10k" };
const plain: AuditWordsFormat = { unitOf: (k) => units[k] ?? null };
const words = (e: Partial<AuditFacts> & Pick<AuditFacts, "action" | "subject">) => {
  const w = auditInWords({ oldValue: null, newValue: null, ...e }, plain);
  return { about: w.about, words: plainWords(w.words) };
};

describe("auditInWords", () => {
  it.each<[string, Partial<AuditFacts> & Pick<AuditFacts, "action" | "subject">, string, string]>([
    [
      "a new figure",
      { action: "record", subject: "cp-plans@2017-06", newValue: { value: 276, base: null, note: "Signs of Safety rollout" } },
      "cp-plans",
      "276 recorded for June 2017, note: “Signs of Safety rollout”",
    ],
    [
      "a correction adding a note",
      {
        action: "correct",
        subject: "cp-plans@2017-06",
        oldValue: { value: 276, base: null, note: null },
        newValue: { value: 277, base: null, note: "recount" },
      },
      "cp-plans",
      "276 → 277 for June 2017, note added: “recount”",
    ],
    [
      "a correction removing a note",
      { action: "correct", subject: "cp-plans@2017-06", oldValue: { value: 276, base: null, note: "late" }, newValue: { value: 27, base: null, note: null } },
      "cp-plans",
      "276 → 27 for June 2017, note removed (was “late”)",
    ],
    [
      "a correction of the note only",
      { action: "correct", subject: "cla@2017-06", oldValue: { value: 433, note: "a" }, newValue: { value: 433, note: "b" } },
      "cla",
      "433 for June 2017, figure unchanged, note changed from “a” to “b”",
    ],
    [
      "a percentage with its base",
      { action: "record", subject: "icpc-15wd@2017/18-Q1", newValue: { value: 80, base: 15, note: null } },
      "icpc-15wd",
      "80% (12 of 15) recorded for April to June 2017, Q1 2017/18",
    ],
    [
      "a withdrawal",
      { action: "delete", subject: "cp-plans@2017-06", oldValue: { value: 276, base: null, note: null } },
      "cp-plans",
      "figure for June 2017 withdrawn (was 276)",
    ],
    ["a first target", { action: "target", subject: "assess-45wd", oldValue: null, newValue: 90 }, "assess-45wd", "target set to 90%"],
    ["a changed target", { action: "target", subject: "assess-45wd", oldValue: 85, newValue: 90 }, "assess-45wd", "target changed from 85% to 90%"],
    ["a cleared target", { action: "target", subject: "assess-45wd", oldValue: 90, newValue: null }, "assess-45wd", "target cleared (was 90%)"],
    ["a tolerance", { action: "tolerance", subject: "assess-45wd", oldValue: null, newValue: 5 }, "assess-45wd", "tolerance set to 5 points"],
    ["recorders", { action: "owner", subject: "cla", oldValue: [], newValue: ["U01", "U02"] }, "cla", "recorders set to @U01, @U02 (were nobody)"],
    ["a new admin", { action: "admins-add", subject: "admins", oldValue: ["U01"], newValue: ["U01", "U02"] }, "admins", "@U02 made admin"],
    ["a removed admin", { action: "admins-remove", subject: "admins", oldValue: ["U01", "U02"], newValue: ["U01"] }, "admins", "@U02 no longer admin"],
    [
      "a rebase",
      { action: "rebase", subject: "cp-plans@2018-04", newValue: "new front door" },
      "cp-plans",
      "SPC limits restart from April 2018: “new front door”",
    ],
    [
      "a benchmark",
      { action: "benchmark", subject: "cin-rate@2017-06", oldValue: { region: 320 }, newValue: { region: 330.4 } },
      "cin-rate",
      "region figure for June 2017 set to 330.4 per 10,000 (was 320 per 10,000)",
    ],
    [
      "an indicator added",
      {
        action: "indicator-add",
        subject: "local-1",
        newValue: { key: "local-1", name: "Local measure", unit: "count", polarity: "low_good", frequency: "monthly" },
      },
      "local-1",
      "indicator added: “Local measure” (count, low good, monthly)",
    ],
    [
      "an indicator updated",
      {
        action: "indicator-update",
        subject: "cla",
        oldValue: { key: "cla", name: "CLA", englandValue: null, guidance: null },
        newValue: { key: "cla", name: "Children looked after", england_value: null, guidance: null },
      },
      "cla",
      "indicator updated: name “CLA” → “Children looked after”",
    ],
    [
      "a digest",
      { action: "digest-add", subject: "digest:4", newValue: { channelId: "C01", cadence: "weekly", dayOfWeek: 1, time: "09:00", keys: [] } },
      "digest #4",
      "added: every Monday at 09:00 in #C01 for all indicators",
    ],
    [
      "a removed digest",
      { action: "digest-remove", subject: "digest:4", oldValue: { channelId: "C01", cadence: "monthly", dayOfMonth: 1, time: "09:00", keys: ["cla"] } },
      "digest #4",
      "removed (was on day 1 of every month at 09:00 in #C01 for cla)",
    ],
    [
      "an action's status",
      { action: "action-status", subject: "action:2.3", oldValue: { status: "on_track" }, newValue: { status: "at_risk", note: "waiting for legal advice" } },
      "action 2.3",
      "On track → At risk, note: “waiting for legal advice”",
    ],
    [
      "a new due date",
      { action: "action-due", subject: "action:2.3", oldValue: { due: "2026-12-31" }, newValue: { due: "2027-03-31", reason: "restructure" } },
      "action 2.3",
      "re-dated from 2026-12-31 to 2027-03-31: “restructure”",
    ],
    ["a new owner", { action: "action-owner", subject: "action:2.3", oldValue: "U01", newValue: "U02" }, "action 2.3", "owner @U01 → @U02"],
    [
      "a RAG override",
      { action: "action-rag", subject: "action:2.3", newValue: { status: "red", reason: "no evidence" } },
      "action 2.3",
      "RAG overridden to Red: “no evidence”",
    ],
    [
      "a RAG back to derived",
      { action: "action-rag", subject: "action:2.3", oldValue: { status: "red", reason: "x" }, newValue: null },
      "action 2.3",
      "RAG back to the derived one",
    ],
    [
      "an imported action",
      { action: "action-add", subject: "action:1.1", newValue: { theme: "Workforce", title: "Recruit", ownerId: "U01", due: "2026-12-31" } },
      "action 1.1",
      "added: “Recruit”, owner @U01, due 2026-12-31",
    ],
    [
      "a re-imported action",
      { action: "action-update", subject: "action:1.1", oldValue: { due: "2026-12-31" }, newValue: { due: "2027-01-31" } },
      "action 1.1",
      "updated: due “2026-12-31” → “2027-01-31”",
    ],
    [
      "the plan channel",
      { action: "plan-channel", subject: "settings", oldValue: null, newValue: "C09" },
      "plan",
      "escalations go to #C09 (was sponsors only)",
    ],
    [
      "a milestone stored anyway",
      { action: "screen-override", subject: "action:2.1", newValue: { field: "milestone", kinds: ["name"] } },
      "action 2.1",
      "milestone stored anyway, though it looked like a person's name",
    ],
    [
      "a risk's mitigation stored anyway",
      { action: "screen-override", subject: "risk:3", newValue: { field: "mitigation", kinds: ["name", "phone"] } },
      "risk R3",
      "mitigation stored anyway, though it looked like a person's name, a telephone number",
    ],
    ["something this version does not know", { action: "mystery", subject: "x", oldValue: { a: 1 }, newValue: { a: 2 } }, "x", "mystery: a 1 → 2"],
  ])("says %s in words", (_, e, about, text) => {
    expect(words(e)).toEqual({ about, words: text });
  });

  it("never shows JSON, whatever the entry holds", () => {
    for (const action of ["record", "correct", "delete", "target", "owner", "rebase", "benchmark", "action-status", "digest-add", "unknown"]) {
      const w = words({ action, subject: "cp-plans@2017-06", oldValue: { value: 1, note: "x" }, newValue: { value: 2, note: null } });
      expect(w.words).not.toMatch(/[{}"]/);
    }
  });

  it("quotes notes, clipped", () => {
    const long = "n".repeat(300);
    const w = words({ action: "record", subject: "cla@2017-06", newValue: { value: 1, note: long } });
    expect(w.words.length).toBeLessThan(200);
    expect(w.words).toContain("…”");
  });
});

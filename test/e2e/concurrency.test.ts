// Many signed requests at the same instant, through the real app, on SQLite and
// PostgreSQL (TEST_DATABASE=postgres): every check-then-act happens once, every
// audit entry's old value is the value it really replaced, and each person is
// told what really happened.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { auditOf } from "../../src/db/audit.js";
import { atomically } from "../../src/db/locks.js";
import { recordMeasurement } from "../../src/db/measurements.js";
import { parsePeriod } from "../../src/domain/period.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { importMetrics } from "../../src/services/imports.js";
import { createWebClient } from "../../src/slack/client.js";
import { expectAuditChain } from "../support/audit-chain.js";
import { ADMIN, blocksText, type Harness, type Reply, startHarness } from "../support/harness.js";
import { blockActions, viewSubmission } from "../support/payloads.js";

let h: Harness;
afterEach(async () => {
  await h.stop();
  expect(h.fake.violations).toEqual([]);
});

const OWNER = "U0OWNER0001";
/** n Slack user ids that look like Slack's (U + 10 characters); `prefix` is three letters. */
const users = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `U0${prefix}${String(i).padStart(6, "0")}`);

/** Ten actions owned by OWNER, reminded at the Monday slot (an hour before the harness's clock): the reminder DM and when it was sent. */
async function tenActionsReminded(): Promise<{ refs: string[]; t: number; channel: string; ts: string }> {
  const refs = Array.from({ length: 10 }, (_, i) => `7.${i + 1}`);
  for (const ref of refs) {
    await h.ctx.db.action.create({
      data: { ref, theme: "Workforce", title: `Action ${ref}`, ownerId: OWNER, due: "2026-11-10", createdAt: new Date("2026-10-01T00:00:00Z") },
    });
  }
  const at = new Date("2026-11-02T10:00:30Z");
  await runDue({ ...h.ctx, now: () => at }, createWebClient(h.ctx.config, h.ctx.log), at);
  const item = await h.ctx.db.reminderItem.findFirstOrThrow({ where: { actionRef: refs[0]! } });
  expect(await h.ctx.db.reminderItem.count({ where: { ts: item.ts } })).toBe(10);
  return { refs, t: item.sentAt.getTime(), channel: item.channel, ts: item.ts };
}

describe("reminder buttons clicked many times at once", () => {
  it("records one update per action from 25 simultaneous clicks and Done forms, and tells every other click what was recorded", async () => {
    h = await startHarness({ now: new Date("2026-11-02T11:00:00Z") });
    const { refs, t, channel: DM, ts: TS } = await tenActionsReminded();
    // 25 answers for 10 actions: On track clicks and Done forms (submitted from the modal), all issued with the reminder.
    const answers = Array.from({ length: 25 }, (_, k) => ({ k, ref: refs[k % 10]!, form: k >= 10 && k < 20 }));
    const results = await Promise.all(
      answers.map(async (a) => {
        if (a.form) {
          const meta = JSON.stringify({ ref: a.ref, status: "done", t, channel: DM, ts: TS });
          const res = await h.interact(
            viewSubmission({
              user: OWNER,
              callbackId: "plan_status_modal",
              privateMetadata: meta,
              values: { note: { value: { type: "plain_text_input", value: `evidence ${a.k}` } } },
            }),
          );
          return { ...a, status: res.status, body: await res.text(), id: "" };
        }
        const id = `c${a.k}`;
        const res = await h.interact(
          blockActions({
            user: OWNER,
            actionId: "plan:on_track",
            value: JSON.stringify({ r: a.ref, t }),
            channel: DM,
            ts: TS,
            responseUrl: h.fake.responseUrl(id),
          }),
        );
        return { ...a, status: res.status, body: await res.text(), id };
      }),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));

    // Exactly one answer per action was recorded.
    const updates = await h.ctx.db.actionUpdate.findMany({ where: { kind: "status" }, orderBy: { id: "asc" } });
    expect(updates.map((u) => u.actionRef).sort()).toEqual([...refs].sort());
    for (const ref of refs) {
      const audit = await auditOf(h.ctx.db, `action:${ref}`);
      expect(audit).toHaveLength(1);
      expect(audit[0]!.oldValue).toEqual({ status: "not_started" });
    }
    const formsRecorded = results.filter((r) => r.form && r.body === "");
    const clicksRecorded = refs.length - formsRecorded.length;
    const clicks = results.filter((r) => !r.form);
    // Every click that did not record is told so, with what was recorded instead.
    await h.fake.waitFor(
      () => h.fake.responses.filter((r) => clicks.some((c) => c.id === r.id)).length === clicks.length - clicksRecorded,
      "an answer to every click that was not recorded",
      30_000,
    );
    const actions = new Map((await h.ctx.db.action.findMany({ where: { ref: { in: refs } } })).map((a) => [a.ref, a]));
    for (const c of clicks) {
      const answer = h.fake.responses.find((r) => r.id === c.id);
      if (!answer) continue; // this click recorded the update
      const words = { on_track: "On track", done: "Done" }[actions.get(c.ref)!.status as "on_track" | "done"];
      expect(blocksText(answer.body)).toContain(`already updated after this message was sent: it is now *${words}*`);
    }
    for (const f of results.filter((r) => r.form && r.body !== "")) {
      expect(JSON.parse(f.body)).toMatchObject({ response_action: "errors", errors: { note: expect.stringContaining("already updated") } });
    }
    // The action's status is the one recorded answer's.
    for (const f of formsRecorded) expect(actions.get(f.ref)).toMatchObject({ status: "done", evidence: `evidence ${f.k}` });
  });
});

describe("a figure corrected many times at once", () => {
  it("applies one of 20 simultaneous Replace clicks and imports of the same figure in turn, each audit entry replacing the one before", async () => {
    const recorders = users(20, "REC");
    h = await startHarness({ env: { ADMIN_USER_IDS: [ADMIN, ...recorders].join(",") } });
    expect((await h.command(ADMIN, "cp-plans 500 2017-06")).text).toContain("Recorded");
    // Each asks to replace 500 and is asked first; then all click Replace at once, while two imports correct it too.
    const questions = await Promise.all(recorders.map((u, i) => h.command(u, `cp-plans ${501 + i} 2017-06`)));
    for (const q of questions) expect(q.text).toContain("500");
    const [answers] = await Promise.all([
      Promise.all(recorders.map((u, i) => h.click(u, questions[i]!, "confirm:yes"))),
      importMetrics(h.ctx, "key,period,value\ncp-plans,2017-06,600\n", "cli:one"),
      importMetrics(h.ctx, "key,period,value\ncp-plans,2017-06,601\n", "cli:two"),
    ]);

    const audit = await auditOf(h.ctx.db, "cp-plans@2017-06");
    expectAuditChain(audit);
    expect(audit[0]).toMatchObject({ action: "record", oldValue: null, newValue: { value: 500 } });
    // At most one click won, and only before either import (its question was about 500).
    const won = answers.flatMap((a, i) => (a.text.includes("Corrected") ? [i] : []));
    expect(won.length).toBeLessThanOrEqual(1);
    expect(audit.length).toBe(1 + 2 + won.length);
    for (const i of won) {
      expect(answers[i]!.text).toContain(`500 → *${501 + i}*`);
      expect(audit[1]).toMatchObject({ oldValue: { value: 500 }, newValue: { value: 501 + i } });
    }
    // Every other click is told that the figure changed, and to what it had become.
    const values = new Set(audit.map((e) => (e.newValue as { value: number }).value));
    for (const [i, a] of answers.entries()) {
      if (won.includes(i)) continue;
      const now = a.text.match(/changed after I asked \(it is now ([\d,]+)\)/)?.[1];
      expect(now, a.text).toBeDefined();
      expect(values.has(Number(now!.replace(",", "")))).toBe(true);
    }
    const final = await h.ctx.db.measurement.findFirstOrThrow({ where: { indicatorKey: "cp-plans", period: "2017-06" } });
    expect(final.value).toBe((audit.at(-1)!.newValue as { value: number }).value);
  });
});

describe("other changes at the same instant", () => {
  it("reassigns an action ten times at once, each answer naming the owner it really replaced", async () => {
    h = await startHarness({ now: new Date("2026-11-02T11:00:00Z") });
    await tenActionsReminded();
    const owners = users(10, "NEW");
    const replies = await Promise.all(owners.map((u) => h.command(ADMIN, `7.1 owner <@${u}>`, { command: "/plan" })));
    const audit = (await auditOf(h.ctx.db, "action:7.1")).filter((e) => e.action === "action-owner");
    expect(audit).toHaveLength(10);
    expectAuditChain(audit);
    expect(audit[0]!.oldValue).toBe(OWNER);
    for (const [i, u] of owners.entries()) {
      const entry = audit.find((e) => e.newValue === u)!;
      expect(replies[i]!.text).toContain(`<@${u}> is now the owner of \`7.1\` (was <@${entry.oldValue}>)`);
    }
    expect((await h.ctx.db.action.findUniqueOrThrow({ where: { ref: "7.1" } })).ownerId).toBe(audit.at(-1)!.newValue);
  });

  it("numbers ten milestones added at once 1 to 10", async () => {
    h = await startHarness({ now: new Date("2026-11-02T11:00:00Z") });
    await tenActionsReminded();
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.command(OWNER, `7.2 milestone add 2026-12-${String(i + 10)} step ${i}`, { command: "/plan" })),
    );
    const numbers = replies.map((r) => Number(r.text.match(/Milestone (\d+) of/)?.[1]));
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const stored = await h.ctx.db.milestone.findMany({ where: { actionRef: "7.2" }, orderBy: { n: "asc" } });
    for (const i of replies.keys()) expect(stored.find((m) => m.n === numbers[i])?.text).toBe(`step ${i}`);
  });

  it("lets only one of two admins who remove each other at the same moment do it", async () => {
    h = await startHarness();
    const [a, b] = users(2, "ADM");
    expect((await h.command(ADMIN, `admins add <@${a}> <@${b}>`)).text).toContain("Added");
    const [ra, rb] = await Promise.all([h.command(a!, `admins remove <@${b}>`), h.command(b!, `admins remove <@${a}>`)]);
    const removed = [ra, rb].filter((r: Reply) => r.text.includes("Removed"));
    expect(removed).toHaveLength(1);
    expect([ra, rb].find((r) => !r.text.includes("Removed"))!.text).toContain("only admins can change the admins");
    expect(await h.ctx.db.admin.count()).toBe(1);
    expect((await auditOf(h.ctx.db, "admins")).filter((e) => e.action === "admins-remove")).toHaveLength(1);
  });
});

describe("any mixture of corrections and imports of one figure at the same moment", () => {
  it("leaves an audit trail in which each entry replaced the one before", async () => {
    h = await startHarness();
    let run = 0;
    const ops = fc.array(fc.record({ via: fc.constantFrom("record", "import"), value: fc.integer({ min: 0, max: 999 }) }), { minLength: 2, maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(ops, async (list) => {
        const month = run++;
        const key = `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`;
        const period = parsePeriod(key);
        if (!period.ok) throw new Error(key);
        await Promise.all(
          list.map((op, i) =>
            op.via === "record"
              ? atomically(h.ctx.db, (tx) =>
                  recordMeasurement(tx, {
                    indicatorKey: "cp-plans",
                    period: period.value,
                    value: op.value,
                    numerator: null,
                    base: null,
                    note: null,
                    recordedBy: `U0REC${i}`,
                  }),
                )
              : importMetrics(h.ctx, `key,period,value\ncp-plans,${key},${op.value}\n`, `cli:${i}`),
          ),
        );
        const audit = await auditOf(h.ctx.db, `cp-plans@${key}`);
        expect(audit).toHaveLength(list.length);
        expect(audit[0]!.oldValue).toBeNull();
        expectAuditChain(audit);
        const stored = await h.ctx.db.measurement.findFirstOrThrow({ where: { indicatorKey: "cp-plans", period: key } });
        expect(stored.value).toBe((audit.at(-1)!.newValue as { value: number }).value);
      }),
      { numRuns: 15 },
    );
  });
});

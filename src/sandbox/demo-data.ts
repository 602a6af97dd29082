// Demonstration data for the sandbox, put in through the same services the bot
// and the CLI use (imports, /kpi and /plan use cases), so it is audited and
// valid like anything a council would enter:
// - the real figures quoted in council reports (resources/seed-figures.csv),
//   each noted with its source;
// - made-up monthly and quarterly series for every standard indicator, each
//   noted "made-up demonstration figure";
// - targets, recorders, an improvement plan, an escalation channel and a
//   weekly digest.
import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { readCsv, writeCsv } from "../domain/csv.js";
import { parseKpiCommand } from "../domain/kpi-command.js";
import type { Result } from "../domain/result.js";
import { plainWords } from "../domain/words.js";
import { projectPath } from "../paths.js";
import type { Context } from "../services/context.js";
import { addDigest } from "../services/digests.js";
import { importMetrics } from "../services/imports.js";
import { allIndicators } from "../services/indicators.js";
import { runKpiCommand } from "../services/kpi.js";
import { changeDue, setPlanChannel, updateStatus } from "../services/plan.js";
import { importPlan } from "../services/plan-import.js";
import { ADMIN, BOARD_CHANNEL, OWNER, RECORDER } from "./demo-users.js";
import { madeUpSeries } from "./made-up-series.js";

const ACTOR = "sandbox:demo-data";

/** Left without its latest figure, so the recorder has one to record (and gets a "figures due" nudge). */
export const LEFT_FOR_THE_RECORDER = "cla";

/** The real figures, each note saying where it was published. */
export function realFiguresCsv(): string {
  const rows = readCsv(readFileSync(projectPath("resources/seed-figures.csv"), "utf8"), ["key", "period", "value"]);
  if (!rows.ok) throw new Error(`resources/seed-figures.csv: ${plainWords(rows.error.text)}`);
  return writeCsv(
    ["key", "period", "value", "note"],
    rows.value.map(({ fields: f }) => [f.key ?? "", f.period ?? "", f.value ?? "", [f.note, `real figure: ${f.source}`].filter(Boolean).join("; ")]),
  );
}

function planCsv(today: DateTime): string {
  const d = (days: number) => today.plus({ days }).toISODate()!;
  const rows = [
    ["1.1", "Leadership and management", "Publish the practice framework and brief every team", ADMIN.id, "", d(40), ""],
    ["1.2", "Leadership and management", "Monthly performance clinic chaired by the director", OWNER.id, ADMIN.id, d(90), "audits-good"],
    ["2.1", "Front-line practice", "Clear the backlog of assessments over 45 working days", OWNER.id, ADMIN.id, d(5), "assess-45wd"],
    ["2.2", "Front-line practice", "Audit every child protection plan open over 18 months", OWNER.id, ADMIN.id, d(-10), "cp-2yrs"],
    ["2.3", "Front-line practice", "Introduce a consistent model of supervision", OWNER.id, ADMIN.id, d(12), ""],
    ["3.1", "Workforce", "Recruit permanent team managers to replace agency staff", OWNER.id, ADMIN.id, d(30), "sw-agency"],
    ["3.2", "Workforce", "Cap caseloads at 18 in the assessment teams", RECORDER.id, ADMIN.id, d(60), "sw-caseload"],
    ["4.1", "Partnerships", "Agree a joint front-door protocol with police and health", ADMIN.id, "", d(75), "re-referrals"],
  ];
  return writeCsv(["ref", "theme", "action", "owner", "sponsor", "due", "measure"], rows);
}

async function asAdmin(ctx: Context, text: string): Promise<void> {
  const parsed = parseKpiCommand(text);
  if (!parsed.ok) throw new Error(`demonstration data: "/kpi ${text}": ${plainWords(parsed.error.text)}`);
  const reply = await runKpiCommand(ctx, ADMIN.id, parsed.value);
  if (reply.kind === "notice" && (reply.notice.tone === "error" || reply.notice.tone === "denied"))
    throw new Error(`demonstration data: "/kpi ${text}": ${plainWords(reply.notice.text)}`);
}

function mustBeOk(what: string, r: Result<unknown>): void {
  if (!r.ok) throw new Error(`demonstration data: ${what}: ${plainWords(r.error.text)}`);
}

/** Put the demonstration data in an empty database; a database with figures is left as it is. */
export async function seedDemoData(ctx: Context): Promise<boolean> {
  if ((await ctx.db.measurement.count()) > 0) return false;
  const now = ctx.now();
  const zone = ctx.config.timezone;

  mustBeOk("the real figures", await importMetrics(ctx, realFiguresCsv(), ACTOR));
  const series = madeUpSeries(await allIndicators(ctx), now, zone, { skipLatest: [LEFT_FOR_THE_RECORDER] });
  mustBeOk(
    "the made-up series",
    await importMetrics(
      ctx,
      writeCsv(
        ["key", "period", "value", "note"],
        series.map((r) => [r.key, r.period, r.value, r.note]),
      ),
      ACTOR,
    ),
  );

  for (const text of [
    "assess-45wd target 90%",
    "assess-45wd tolerance 5",
    "re-referrals target 20%",
    "re-referrals tolerance 3",
    "icpc-15wd target 85%",
    "cp-reviews-timely target 95%",
    "sw-vacancy target 12%",
    "sw-vacancy tolerance 4",
    "sw-caseload target 17",
    "sw-caseload tolerance 2",
    "audits-good target 60%",
    "audits-good tolerance 10",
    "leavers-eet target 65%",
    "leavers-eet tolerance 5",
    `contacts owner <@${RECORDER.id}>`,
    `referrals owner <@${RECORDER.id}>`,
    `cp-plans owner <@${RECORDER.id}>`,
    `cla owner <@${RECORDER.id}>`,
    `assess-45wd owner <@${RECORDER.id}>`,
  ])
    await asAdmin(ctx, text);

  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  mustBeOk("the plan", await importPlan(ctx, planCsv(today), ACTOR, async () => null));
  mustBeOk("1.2 on track", await updateStatus(ctx, OWNER.id, "1.2", "on_track", "first two clinics held; attendance good"));
  mustBeOk("3.1 at risk", await updateStatus(ctx, OWNER.id, "3.1", "at_risk", "two offers declined; advert re-run"));
  mustBeOk("4.1 new date", await changeDue(ctx, ADMIN.id, "4.1", today.plus({ days: 105 }).toISODate()!, "health partners asked for another month"));

  await setPlanChannel(ctx, ADMIN.id, BOARD_CHANNEL.id);
  const digest = parseKpiCommand("digest add weekly mon 09:00");
  if (!digest.ok || digest.value.kind !== "digest-add") throw new Error("demonstration data: the digest schedule does not parse");
  await addDigest(ctx, ADMIN.id, BOARD_CHANNEL.id, digest.value.schedule, [], async () => null);
  return true;
}

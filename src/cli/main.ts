// npm run cli -- <command>: imports, export, run-due, purge, the SPC table and the board pack. Each applies pending
// migrations and seeds the catalogue first, so it works on a fresh database.
import "../v8-flags.js"; // first: before anything compiles WebAssembly
import { readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { bootstrap } from "../bootstrap.js";
import { ConfigError } from "../config.js";
import { FORMAT_WORDS, type PackFormat, parsePackFormat } from "../domain/board-pack.js";
import { type Period, parsePeriod } from "../domain/period.js";
import type { Result } from "../domain/result.js";
import { cutoffFromDate } from "../domain/retention.js";
import { plainWords } from "../domain/words.js";
import { createLogger } from "../log.js";
import { runDue } from "../scheduler/run-due.js";
import { boardPack } from "../services/board-pack.js";
import type { Context } from "../services/context.js";
import { exportMetrics } from "../services/export.js";
import { failureNotice } from "../services/failures.js";
import { type ImportSummary, importBenchmarks, importIndicators, importMetrics } from "../services/imports.js";
import { importPlan, type UserLookup } from "../services/plan-import.js";
import { importRecommendations } from "../services/recommendations.js";
import { describePurge, purge } from "../services/retention.js";
import { importRisks } from "../services/risk-import.js";
import { spcTable } from "../services/spc-table.js";
import { createWebClient, slackNames } from "../slack/client.js";
import { spcCsv, spcSummaryLines, spcText } from "./spc-output.js";

const USAGE = `Usage: npm run cli -- <command>
  import-metrics <file.csv>      columns key,period,value,note
  import-indicators <file.csv>   columns key,name,unit,polarity,frequency,england_value,england_period,guidance
  import-benchmarks <file.csv>   columns key,period,comparator,value (comparator: england, region, neighbours)
  import-recommendations <file.csv>
                                 columns ref,text,source: the recommendations the plan answers
  import-plan <file.csv>         columns ref,theme,action,owner,due and optionally sponsor,measure,aim,objective,
                                 recommendations,start,milestones,status,rag,evidence (owner/sponsor: Slack id,
                                 e-mail, or the name of someone outside Slack; due: a date, a month, or ongoing)
  import-risks <file.csv>        columns theme,likelihood,impact,risk and optionally owner,review,mitigation
  export [--out <file>]          every recorded value as CSV (to stdout without --out)
  pack [--period <p>] [--format pdf|docx] [--out <file>]
                                 the board pack for a period that has ended (default: the latest month),
                                 as PDF (default) or Word; --out defaults to board-pack-<period>.<format>
  run-due [--now <ISO instant>]  send every digest and reminder due at that instant (default: now), then exit
                                 (an import also takes --now: the instant it is made, as for a test)
  spc <key> [--csv]              every point's period, value, mean, process limits and classification,
                                 with the verdict and assurance (--csv: the points as CSV, the rest on stderr)
  purge --before <YYYY-MM-DD> [--dry-run]
                                 delete figures whose period ended before that date, and plan updates,
                                 reminders, deliveries and audit entries made before it (--dry-run: only count)`;

type Importer = (ctx: Context, csv: string, actor: string) => Promise<Result<ImportSummary>>;

/** Looks people up by e-mail in Slack (users.lookupByEmail): null for someone not in the workspace. */
function slackLookup(ctx: Context): UserLookup {
  const client = createWebClient(ctx.config, ctx.log);
  return async (email) => {
    try {
      return (await client.users.lookupByEmail({ email })).user?.id ?? null;
    } catch (e) {
      if ((e as { data?: { error?: string } }).data?.error === "users_not_found") return null;
      throw e;
    }
  };
}

const importPlanWithSlack: Importer = (ctx, csv, actor) => importPlan(ctx, csv, actor, slackLookup(ctx));
const importRisksWithSlack: Importer = (ctx, csv, actor) => importRisks(ctx, csv, actor, slackLookup(ctx));

const IMPORTERS: Record<string, Importer> = {
  "import-plan": importPlanWithSlack,
  "import-recommendations": importRecommendations,
  "import-risks": importRisksWithSlack,
  "import-metrics": importMetrics,
  "import-indicators": importIndicators,
  "import-benchmarks": importBenchmarks,
};

class UsageError extends Error {}

/** pack's options, checked before anything is opened: a bad one writes nothing. */
function packOptions(values: { period?: string; format?: string; out?: string }): { period: Period | null; format: PackFormat } {
  let period: Period | null = null;
  if (values.period !== undefined) {
    const p = parsePeriod(values.period);
    if (!p.ok) throw new UsageError(`--period: ${plainWords(p.error.text).replace(/\.$/, "")} (${plainWords(p.error.example ?? [])}). Nothing was written.`);
    period = p.value;
  }
  const fromOut = values.out?.match(/\.(pdf|docx)$/i)?.[1]?.toLowerCase() as PackFormat | undefined;
  let format: PackFormat = fromOut ?? "pdf";
  if (values.format !== undefined) {
    const f = parsePackFormat(values.format);
    if (!f.ok) throw new UsageError(`--format: ${plainWords(f.error.text)} Give ${plainWords(f.error.example ?? [])}. Nothing was written.`);
    if (fromOut && fromOut !== f.value) throw new UsageError(`--out ${values.out} does not end .${f.value}, the --format asked for. Nothing was written.`);
    format = f.value;
  }
  return { period, format };
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      now: { type: "string" },
      before: { type: "string" },
      "dry-run": { type: "boolean" },
      period: { type: "string" },
      format: { type: "string" },
      csv: { type: "boolean" },
    },
  });
  const [command, ...args] = positionals;
  if (!command || command === "help") throw new UsageError(USAGE);
  const importer = IMPORTERS[command];
  if (!importer && !["export", "run-due", "purge", "pack", "spc"].includes(command)) throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
  if (command === "purge" && values.before === undefined) throw new UsageError(`purge needs --before <YYYY-MM-DD>.\n${USAGE}`);
  if (command === "spc" && args.length !== 1) throw new UsageError(`spc takes one indicator key, such as cp-plans.\n${USAGE}`);
  if (importer && args.length !== 1) throw new UsageError(`${command} takes one file.\n${USAGE}`);
  if (!importer && command !== "spc" && args.length !== 0) throw new UsageError(`${command} takes no file.\n${USAGE}`);
  let now: Date | null = null;
  if ((command === "run-due" || importer) && values.now !== undefined) {
    const parsed = z.iso.datetime({ offset: true }).safeParse(values.now);
    if (!parsed.success) throw new UsageError(`--now must be an ISO-8601 instant with its offset, such as 2026-03-02T09:00:00Z, not "${values.now}".`);
    now = new Date(parsed.data);
  }

  const pack = command === "pack" ? packOptions(values) : null;

  let csv = "";
  if (importer) {
    try {
      csv = await readFile(args[0]!, "utf8");
    } catch (e) {
      throw new UsageError(`Cannot read ${args[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const ctx = await bootstrap();
  try {
    if (importer) {
      const at = now;
      const r = await importer(at ? { ...ctx, now: () => at } : ctx, csv, `cli:${userInfo().username}`);
      if (!r.ok) {
        process.stderr.write(`${plainWords(r.error.text)}\n`);
        return 1;
      }
      const s = r.value;
      process.stdout.write(`${command}: ${s.rows} rows imported (${s.added} added, ${s.updated} updated).\n`);
      for (const note of s.notes ?? []) process.stdout.write(`  ${note}\n`);
    } else if (command === "spc") {
      const t = await spcTable(ctx, args[0]!.toLowerCase());
      if (!t.ok) {
        process.stderr.write(`${plainWords(t.error.text)}${t.error.example ? ` (${plainWords(t.error.example)})` : ""}\n`);
        return 1;
      }
      if (values.csv) {
        process.stdout.write(spcCsv(t.value));
        process.stderr.write(`${spcSummaryLines(t.value).join("\n")}\n`);
      } else {
        process.stdout.write(spcText(t.value));
      }
    } else if (command === "purge") {
      const cutoff = cutoffFromDate(values.before!, ctx.config.timezone);
      if (!cutoff.ok) throw new UsageError(`--before: ${plainWords(cutoff.error.text)} (${plainWords(cutoff.error.example ?? [])})`);
      const dryRun = values["dry-run"] === true;
      const counts = await purge(ctx, cutoff.value, { dryRun, actor: `cli:${userInfo().username}` });
      process.stdout.write(
        `purge${dryRun ? " (dry run: nothing deleted)" : ""}: ${dryRun ? "would delete" : "deleted"} ${describePurge(counts)} from before ${values.before}.\n`,
      );
    } else if (pack) {
      // Owners' names from Slack, best effort: quietly (no log line per failed call), and say once if some are missing.
      const client = createWebClient(ctx.config, ctx.log.child({}, { level: "error" }), { retries: 0 });
      const lookup = slackNames(client);
      const names = async (ids: string[]) => {
        const found = await lookup(ids);
        if (found.size < ids.length) process.stderr.write("pack: Slack did not name every action owner, so some are shown by their Slack user ids.\n");
        return found;
      };
      const file = await boardPack(ctx, { kind: "cli" }, pack, names);
      if (!file.ok) {
        const example = file.error.example ? ` Try: ${plainWords(file.error.example)}.` : "";
        process.stderr.write(`${plainWords(file.error.text)} Nothing was written.${example}\n`);
        return 1;
      }
      const f = file.value;
      const out = values.out ?? f.filename;
      try {
        await writeFile(out, f.bytes);
      } catch (e) {
        throw new UsageError(`Cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const pages = f.pages ? `, ${f.pages} pages` : "";
      process.stdout.write(
        `pack: wrote ${out} (${FORMAT_WORDS[f.format]}${pages}; ${f.exceptions} exception${f.exceptions === 1 ? "" : "s"}) for ${f.periodWords}.\n`,
      );
    } else if (command === "run-due") {
      const at = now ?? new Date();
      // The instant given is "now" for everything the run decides (periods, lateness).
      const report = await runDue({ ...ctx, now: () => at }, createWebClient(ctx.config, ctx.log), at);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.failed.length > 0 || report.retry.length > 0 ? 2 : 0;
    } else {
      const text = await exportMetrics(ctx);
      if (values.out) {
        await writeFile(values.out, text);
        process.stdout.write(`export: wrote ${values.out}\n`);
      } else {
        process.stdout.write(text);
      }
    }
    return 0;
  } finally {
    await ctx.db.$disconnect();
  }
}

/** What a command that failed half-way did not do (imports and purges are all or nothing). */
function unchanged(command: string | undefined): string {
  if (command && command in IMPORTERS) return "Nothing was imported.";
  if (command === "purge") return "Nothing was deleted.";
  if (command === "run-due") return "What was sent stays sent; run it again to send the rest.";
  return "";
}

const argv = process.argv.slice(2);
run(argv).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(e instanceof UsageError ? 64 : 1);
    }
    // The error itself, with its stack, to the log; to the person, what happened in words.
    createLogger("error").error({ err: e }, "command failed");
    const command = argv.find((a) => !a.startsWith("-"));
    const otherwise = [
      "Something went wrong on our side.",
      unchanged(command),
      "It has been logged; please try again, and if it keeps happening, tell your admin.",
    ];
    process.stderr.write(`${command ?? "cli"}: ${plainWords(failureNotice(e, otherwise.filter(Boolean).join(" ")).text)}\n`);
    process.exit(1);
  },
);

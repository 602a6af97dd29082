// Answer latency, one request at a time: from sending the command until its
// answer lands at Slack (response_url for query, history and list; the file
// shared to the channel for chart and spc), with 1 year and with 35 years of
// monthly figures for the 30 indicators. Slack's rate limits are off here: they
// would measure Slack's quota, not the bot.
import { ADMIN } from "../lib/data.js";
import type { Command } from "../lib/load.js";
import { type Row, row } from "../lib/report.js";
import { summarize } from "../lib/stats.js";
import { p50, p99, type Setup, type Target } from "./common.js";

export const ANSWER_KINDS = ["query", "history", "list", "chart", "spc"] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];
const LIMIT_MS: Record<AnswerKind, number> = { query: 50, history: 50, list: 50, chart: 150, spc: 150 };

export interface AnswerOptions {
  reps: number;
  requests: Record<AnswerKind, number>;
}

let channelSeq = 0;

function command(setup: Setup, kind: AnswerKind, i: number): Command {
  const key = setup.keys[i % setup.keys.length]!;
  switch (kind) {
    case "query":
      return { text: key, user: ADMIN, channel: "C0BENCHANS1", answer: "response" };
    case "history":
      return { text: `${key} history`, user: ADMIN, channel: "C0BENCHANS1", answer: "response" };
    case "list":
      return { text: "list", user: ADMIN, channel: "C0BENCHANS1", answer: "response" };
    default:
      // A channel of its own for each chart, so that its upload is known when it lands.
      return { text: `${key} ${kind}`, user: ADMIN, channel: `C0CHART${String(++channelSeq).padStart(4, "0")}`, answer: "upload" };
  }
}

async function round(t: Target, setup: Setup, kind: AnswerKind, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await t.sender.send(command(setup, kind, i))).answerMs!);
  return out;
}

export async function answerBenchmarks(
  setup: Setup,
  year1: Target,
  years35: Target,
  o: AnswerOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  setup.slack.setRateLimits(false);
  const results = { year1: new Map<AnswerKind, number[][]>(), years35: new Map<AnswerKind, number[][]>() };
  setup.log("answers: warming up");
  for (const kind of ANSWER_KINDS) {
    await round(year1, setup, kind, 10);
    await round(years35, setup, kind, 10);
  }
  for (let rep = 1; rep <= o.reps; rep++) {
    setup.log(`answers: run ${rep} of ${o.reps}`);
    for (const kind of ANSWER_KINDS) {
      for (const [name, t] of [
        ["year1", year1],
        ["years35", years35],
      ] as const) {
        const times = await round(t, setup, kind, o.requests[kind]);
        results[name].set(kind, [...(results[name].get(kind) ?? []), times]);
      }
      setup.slack.forget(); // the charts' bytes
    }
  }
  const rows: Row[] = [];
  for (const kind of ANSWER_KINDS) {
    const y1 = results.year1.get(kind)!.map((r) => p99(r));
    const y35 = results.years35.get(kind)!.map((r) => p99(r));
    for (const [label, runs] of [
      ["1 year", y1],
      ["35 years", y35],
    ] as const) {
      const measured = summarize(runs);
      rows.push(
        row({
          section: "answers",
          benchmark: `answer p99, ${kind}, ${label}`,
          unit: "ms",
          measured,
          floor: null,
          target: `< ${LIMIT_MS[kind]} ms`,
          pass: measured.median < LIMIT_MS[kind],
        }),
      );
    }
    const growth = summarize(y35.map((v, i) => v / y1[i]!));
    rows.push(
      row({
        section: "answers",
        benchmark: `answer p99 growth, ${kind}, 1 → 35 years`,
        unit: "x",
        measured: growth,
        floor: null,
        ratio: null,
        target: "≤ 1.3x",
        pass: growth.median <= 1.3,
        note: "per run: p99 with 35 years / p99 with 1 year",
      }),
    );
  }
  const details: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(results)) {
    for (const [kind, runs] of m) details[`${name}|${kind}`] = runs.map((r) => ({ requests: r.length, p50: p50(r), p99: p99(r), max: Math.max(...r) }));
  }
  return { rows, details };
}

// Ack latency of `/kpi <key>` and of a record (`/kpi <key> <value> <period>`),
// one at a time and 50 at once, against its floor: a bare Bolt app that only
// acks, driven by the same load generator in the same rounds. The bot's answers
// are awaited before the next request (one at a time) or the next wave (50 at
// once), so each wave meets the work of the one before only in the bot.

import { RECORD_PERIODS } from "../lib/data.js";
import { cpuMsOf } from "../lib/processes.js";
import { type Row, row } from "../lib/report.js";
import { summarize } from "../lib/stats.js";
import { forgetRecords, p50, p99, queryCommand, RECORD_SLOTS, recordCommand, type Setup, type Target } from "./common.js";

export interface AckOptions {
  reps: number;
  /** Requests one at a time, per kind and run. */
  sequential: number;
  /** Waves of `concurrency` requests at once, per kind and run. */
  waves: number;
  concurrency: number;
}

type Kind = "query" | "record";
type Mode = "1 at a time" | "50 at once";

interface Round {
  acks: number[];
  answers: number[];
  cpuMs: number;
}

function command(setup: Setup, kind: Kind, i: number, floor: boolean) {
  const c = kind === "query" ? queryCommand(setup, i) : recordCommand(setup, i);
  return floor ? { ...c, answer: "none" as const } : c;
}

async function oneAtATime(t: Target, setup: Setup, kind: Kind, n: number, floor: boolean): Promise<Round> {
  const cpu0 = cpuMsOf(t.pid);
  const out: Round = { acks: [], answers: [], cpuMs: 0 };
  for (let i = 0; i < n; i++) {
    if (kind === "record" && t.db && i > 0 && i % RECORD_SLOTS(setup) === 0) await forgetRecords(t.db, setup);
    const s = await t.sender.send(command(setup, kind, i, floor));
    out.acks.push(s.ackMs);
    if (s.answerMs !== null) out.answers.push(s.answerMs);
  }
  out.cpuMs = cpuMsOf(t.pid) - cpu0;
  if (kind === "record" && t.db) {
    // Each record must have been a fresh figure, written (not a question back, such as "replace it?").
    const expected = n % RECORD_SLOTS(setup) || Math.min(n, RECORD_SLOTS(setup));
    const written = await t.db.measurement.count({ where: { period: { in: RECORD_PERIODS } } });
    if (written !== expected) setup.log(`acks: WARNING: ${written} of the last ${expected} records were written`);
    await forgetRecords(t.db, setup);
  }
  return out;
}

async function atOnce(t: Target, setup: Setup, kind: Kind, waves: number, size: number, floor: boolean): Promise<Round> {
  await t.sender.warm(size);
  const cpu0 = cpuMsOf(t.pid);
  const out: Round = { acks: [], answers: [], cpuMs: 0 };
  for (let w = 0; w < waves; w++) {
    const sent = await t.sender.wave(Array.from({ length: size }, (_, j) => command(setup, kind, w * size + j, floor)));
    for (const s of sent) {
      out.acks.push(s.ackMs);
      if (s.answerMs !== null) out.answers.push(s.answerMs);
    }
    if (kind === "record" && t.db) await forgetRecords(t.db, setup);
  }
  out.cpuMs = cpuMsOf(t.pid) - cpu0;
  return out;
}

export interface AckResults {
  rows: Row[];
  /** The floor's p99 one at a time for /kpi <key>, per run: the yardstick for acks during the digest fan-out. */
  floorQueryP99: number[];
  details: Record<string, unknown>;
}

export async function ackBenchmarks(setup: Setup, bot: Target, floor: Target, o: AckOptions): Promise<AckResults> {
  const modes: Mode[] = ["1 at a time", "50 at once"];
  const kinds: Kind[] = ["query", "record"];
  const key = (who: string, kind: Kind, mode: Mode) => `${who}|${kind}|${mode}`;
  const rounds = new Map<string, Round[]>();
  const round = async (who: "bot" | "floor", kind: Kind, mode: Mode, record: boolean) => {
    const t = who === "bot" ? bot : floor;
    const r =
      mode === "1 at a time"
        ? await oneAtATime(t, setup, kind, record ? o.sequential : Math.min(20, o.sequential), who === "floor")
        : await atOnce(t, setup, kind, record ? o.waves : 1, o.concurrency, who === "floor");
    if (record) rounds.set(key(who, kind, mode), [...(rounds.get(key(who, kind, mode)) ?? []), r]);
  };
  setup.log("acks: warming up both apps");
  for (const kind of kinds) for (const mode of modes) for (const who of ["floor", "bot"] as const) await round(who, kind, mode, false);
  for (let rep = 1; rep <= o.reps; rep++) {
    setup.log(`acks: run ${rep} of ${o.reps}`);
    // Floor and bot take turns, round by round, so both meet much the same load on this shared machine.
    for (const kind of kinds) for (const mode of modes) for (const who of ["floor", "bot"] as const) await round(who, kind, mode, true);
    setup.slack.forget();
  }

  const rows: Row[] = [];
  const label = (kind: Kind) => (kind === "query" ? "/kpi <key>" : "record /kpi <key> <value> <period>");
  for (const kind of kinds) {
    for (const mode of modes) {
      const b = rounds.get(key("bot", kind, mode))!;
      const f = rounds.get(key("floor", kind, mode))!;
      for (const [stat, fn] of [
        ["p50", p50],
        ["p99", p99],
      ] as const) {
        const measured = summarize(b.map((r) => fn(r.acks)));
        const fl = summarize(f.map((r) => fn(r.acks)));
        const ratio = measured.median / fl.median;
        rows.push(
          row({
            section: "acks",
            benchmark: `ack ${stat}, ${label(kind)}, ${mode}`,
            unit: "ms",
            measured,
            floor: fl,
            target: stat === "p99" ? "p99 ≤ 1.5x floor" : "—",
            pass: stat === "p99" ? ratio <= 1.5 : null,
          }),
        );
      }
      const cpu = summarize(b.map((r) => r.cpuMs / Math.max(1, r.acks.length)));
      const cpuFloor = summarize(f.map((r) => r.cpuMs / Math.max(1, r.acks.length)));
      rows.push(
        row({
          section: "acks",
          benchmark: `CPU per command, ${label(kind)}, ${mode}`,
          unit: "ms",
          measured: cpu,
          floor: cpuFloor,
          target: "—",
          pass: null,
          note: "process CPU time (user + system) over the round, per command, including the answer's work",
        }),
      );
    }
  }
  const details: Record<string, unknown> = {};
  for (const [k, rs] of rounds) {
    details[k] = rs.map((r) => ({
      requests: r.acks.length,
      ackP50: p50(r.acks),
      ackP99: p99(r.acks),
      ackMax: Math.max(...r.acks),
      answerP50: r.answers.length ? p50(r.answers) : null,
      answerP99: r.answers.length ? p99(r.answers) : null,
      cpuMs: r.cpuMs,
    }));
  }
  return { rows, floorQueryP99: rounds.get(key("floor", "query", "1 at a time"))!.map((r) => p99(r.acks)), details };
}

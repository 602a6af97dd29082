// Made-up monthly (and quarterly) figures for every standard indicator, so the
// sandbox's trend and SPC charts have something to show. They are NOT real:
// every row carries a note that says so. Deterministic (a seeded generator),
// so the same day gives the same figures, and tests can rely on their shape.
import type { Indicator } from "../domain/indicator.js";
import { latestEndedPeriod, periodKey, shiftPeriod } from "../domain/period.js";

export const MADE_UP_NOTE = "made-up demonstration figure";

/** How an indicator's made-up figures move: a level, noise, and optionally a drift or a step. */
interface Story {
  start: number;
  noise: number;
  /** Change over the whole series (a steady drift). */
  drift?: number;
  /** A step change this many periods before the end (a shift SPC should find). */
  step?: { periodsAgo: number; by: number; note: string };
}

// Levels near England's figures where there is one; the stories give the
// digest an exception, SPC a shift and a trend, and RAG all three colours.
const STORIES: Record<string, Story> = {
  contacts: { start: 950, noise: 60 },
  referrals: { start: 185, noise: 18 },
  "re-referrals": { start: 23, noise: 1.5, drift: -2 },
  "assess-45wd": { start: 92, noise: 1.5, step: { periodsAgo: 8, by: -9, note: "two assessment teams short of staff since the spring" } },
  s47: { start: 72, noise: 8 },
  "icpc-15wd": { start: 86, noise: 3 },
  "cp-plans": { start: 310, noise: 6, drift: -40 },
  "cp-rate": { start: 45, noise: 1.2, drift: -5 },
  "cp-second": { start: 21, noise: 2.5 },
  "cp-2yrs": { start: 4, noise: 1 },
  "cp-reviews-timely": { start: 97, noise: 1.2 },
  "cin-rate": { start: 335, noise: 8 },
  cla: { start: 430, noise: 5 },
  "cla-rate": { start: 72, noise: 1 },
  "cla-3plus-placements": { start: 10, noise: 1.5 },
  "cla-long-term-stable": { start: 66, noise: 3 },
  "leavers-accom": { start: 90, noise: 2.5 },
  "leavers-eet": { start: 58, noise: 3, drift: 6 },
  "leavers-in-touch": { start: 93, noise: 2 },
  "sw-vacancy": { start: 22, noise: 1, drift: -9 },
  "sw-agency": { start: 19, noise: 1.2, drift: -4 },
  "sw-vacancies": { start: 16, noise: 1.5, drift: -7 },
  "sw-agency-count": { start: 14, noise: 1.5, drift: -3 },
  "sw-turnover": { start: 16, noise: 2 },
  "sw-caseload": { start: 18.5, noise: 0.8 },
  "audits-good": { start: 45, noise: 4, drift: 20 },
  neet: { start: 5.5, noise: 0.5 },
  "not-known": { start: 1.5, noise: 0.6, drift: -1 },
  adoptions: { start: 3, noise: 1.5 },
};

const DEFAULT_STORY: Story = { start: 50, noise: 3 };

/** Small, seeded and good enough for made-up figures (mulberry32). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** Roughly normal noise from the sum of uniforms: no outliers to alarm anyone. */
function noise(random: () => number): number {
  return (random() + random() + random() + random() - 2) * 1.2;
}

function asText(value: number, indicator: Indicator): string {
  if (indicator.unit === "count") return String(Math.max(0, Math.round(value)));
  const v = indicator.unit === "percent" ? Math.min(100, Math.max(0, value)) : Math.max(0, value);
  return v.toFixed(1);
}

export interface MadeUpRow {
  key: string;
  period: string;
  value: string;
  note: string;
}

/**
 * The last 36 periods of each indicator (months or quarters), up to the latest
 * that has ended: as many as an SPC chart reads, so the real 2017 figures never
 * join a made-up series in a chart. `skipLatest` leaves an indicator's latest
 * period empty, for someone to record.
 */
export function madeUpSeries(indicators: Indicator[], now: Date, zone: string, opts: { periods?: number; skipLatest?: string[] } = {}): MadeUpRow[] {
  const count = opts.periods ?? 36;
  const rows: MadeUpRow[] = [];
  for (const indicator of indicators) {
    if (indicator.frequency === "weekly") continue;
    const latest = latestEndedPeriod(indicator.frequency, now, zone);
    const story = STORIES[indicator.key] ?? DEFAULT_STORY;
    const random = generator(seedOf(indicator.key));
    for (let i = 0; i < count; i++) {
      const periodsAgo = count - 1 - i;
      if (periodsAgo === 0 && opts.skipLatest?.includes(indicator.key)) continue;
      const stepped = story.step && periodsAgo < story.step.periodsAgo;
      const value = story.start + (story.drift ?? 0) * (i / Math.max(1, count - 1)) + (stepped ? story.step!.by : 0) + noise(random) * story.noise;
      const note = stepped && periodsAgo === 0 ? `${MADE_UP_NOTE}: ${story.step!.note}` : MADE_UP_NOTE;
      rows.push({ key: indicator.key, period: periodKey(shiftPeriod(latest, -periodsAgo)), value: asText(value, indicator), note });
    }
  }
  return rows;
}

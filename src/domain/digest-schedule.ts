// When a schedule fires, in the council's wall-clock time (Europe/London),
// across the March and October clock changes. Pure: instants are parameters.
import { DateTime } from "luxon";
import { err, ok, type Result } from "./result.js";

export type DigestScheduleSpec =
  | { cadence: "weekly"; dayOfWeek: number; time: string } // 1 = Monday
  | { cadence: "monthly"; dayOfMonth: number; time: string };

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function parseClock(text: string): Result<string> {
  const m = text.match(/^(\d{1,2}):(\d{2})$/);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return err(`"${text}" is not a time of day.`, "24-hour UK time, such as 09:00");
  return ok(`${m[1]!.padStart(2, "0")}:${m[2]}`);
}

export function parseWeekday(text: string): number | null {
  const i = WEEKDAYS.indexOf(text.toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
  const full = WEEKDAY_NAMES.findIndex((d) => d.toLowerCase() === text.toLowerCase());
  return full >= 0 ? full + 1 : i >= 0 && text.length === 3 ? i + 1 : null;
}

/** `weekly mon 09:00` or `monthly 1 09:00` (the tokens after `digest add`). */
export function parseDigestSchedule(tokens: string[]): Result<DigestScheduleSpec> {
  const usage = "weekly mon 09:00 or monthly 1 09:00";
  const [cadence, day, time] = tokens;
  if (cadence === undefined || day === undefined || time === undefined) {
    return err("Say how often, which day and what time.", `/kpi digest add ${usage}`);
  }
  const clock = parseClock(time);
  if (!clock.ok) return clock;
  switch (cadence.toLowerCase()) {
    case "weekly": {
      const d = parseWeekday(day);
      if (d === null) return err(`"${day}" is not a day of the week.`, "mon, tue, wed, thu, fri, sat or sun");
      return ok({ cadence: "weekly", dayOfWeek: d, time: clock.value });
    }
    case "monthly": {
      if (!/^\d{1,2}$/.test(day) || Number(day) < 1 || Number(day) > 28) {
        return err(`"${day}" is not a day of the month from 1 to 28 (every month has those).`, "/kpi digest add monthly 1 09:00");
      }
      return ok({ cadence: "monthly", dayOfMonth: Number(day), time: clock.value });
    }
    default:
      return err(`"${cadence}" is not weekly or monthly.`, `/kpi digest add ${usage}`);
  }
}

export function describeSchedule(s: DigestScheduleSpec): string {
  return s.cadence === "weekly" ? `every ${WEEKDAY_NAMES[s.dayOfWeek - 1]} at ${s.time}` : `on day ${s.dayOfMonth} of every month at ${s.time}`;
}

function atLocal(day: DateTime, time: string, zone: string): DateTime {
  const [h, m] = time.split(":").map(Number) as [number, number];
  // A wall-clock time skipped by the spring change moves forward; one the autumn change repeats resolves to a single instant.
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: h, minute: m }, { zone });
}

function fires(s: DigestScheduleSpec, day: DateTime): boolean {
  return s.cadence === "weekly" ? day.weekday === s.dayOfWeek : day.day === s.dayOfMonth;
}

/** Walk day by day from `now` (back or ahead) to the first slot that passes the test. */
function findSlot(s: DigestScheduleSpec, now: Date, zone: string, step: -1 | 1, ok: (slotMs: number) => boolean): Date {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  for (let i = 0; i <= 62; i++) {
    const day = today.plus({ days: i * step });
    if (!fires(s, day)) continue;
    const slot = atLocal(day, s.time, zone);
    if (ok(slot.toMillis())) return slot.toJSDate();
  }
  throw new Error("no slot within 62 days: impossible for weekly or monthly schedules");
}

/** The latest instant at or before `now` when the schedule fires. */
export function latestSlot(s: DigestScheduleSpec, now: Date, zone: string): Date {
  return findSlot(s, now, zone, -1, (ms) => ms <= now.getTime());
}

/** The next instant strictly after `now` when the schedule fires. */
export function nextSlot(s: DigestScheduleSpec, now: Date, zone: string): Date {
  return findSlot(s, now, zone, 1, (ms) => ms > now.getTime());
}

export const LATE_LIMIT_MS = 24 * 60 * 60 * 1000;
export const ON_TIME_GRACE_MS = 15 * 60 * 1000;

export type SlotDecision = "send" | "send-late" | "missed";

/** What to do with a slot that has come, seen at `now`: on time, late (under a day), or missed. */
export function decideSlot(slot: Date, now: Date): SlotDecision {
  const lateBy = now.getTime() - slot.getTime();
  if (lateBy >= LATE_LIMIT_MS) return "missed";
  return lateBy > ON_TIME_GRACE_MS ? "send-late" : "send";
}

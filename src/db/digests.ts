import type { DigestScheduleSpec } from "../domain/digest-schedule.js";
import type { Db, Tx } from "./client.js";

export interface DigestSchedule {
  id: number;
  channelId: string;
  spec: DigestScheduleSpec;
  keys: string[];
  createdBy: string;
  createdAt: Date;
}

type Row = {
  id: number;
  channelId: string;
  cadence: string;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  time: string;
  keys: string;
  createdBy: string;
  createdAt: Date;
};

function toSchedule(r: Row): DigestSchedule {
  const spec: DigestScheduleSpec =
    r.cadence === "weekly"
      ? { cadence: "weekly", dayOfWeek: r.dayOfWeek ?? 1, time: r.time }
      : { cadence: "monthly", dayOfMonth: r.dayOfMonth ?? 1, time: r.time };
  return { id: r.id, channelId: r.channelId, spec, keys: r.keys.split(" ").filter(Boolean), createdBy: r.createdBy, createdAt: r.createdAt };
}

export async function createSchedule(tx: Tx, channelId: string, spec: DigestScheduleSpec, keys: string[], by: string, at: Date): Promise<DigestSchedule> {
  const r = await tx.digestSchedule.create({
    data: {
      channelId,
      cadence: spec.cadence,
      time: spec.time,
      keys: keys.join(" "),
      createdBy: by,
      createdAt: at,
      dayOfWeek: spec.cadence === "weekly" ? spec.dayOfWeek : null,
      dayOfMonth: spec.cadence === "monthly" ? spec.dayOfMonth : null,
    },
  });
  return toSchedule(r);
}

export async function activeSchedules(db: Db | Tx): Promise<DigestSchedule[]> {
  return (await db.digestSchedule.findMany({ where: { active: true }, orderBy: { id: "asc" } })).map(toSchedule);
}

export async function getSchedule(db: Db | Tx, id: number): Promise<DigestSchedule | null> {
  const r = await db.digestSchedule.findFirst({ where: { id, active: true } });
  return r ? toSchedule(r) : null;
}

export async function deactivateSchedule(tx: Tx, id: number): Promise<void> {
  await tx.digestSchedule.update({ where: { id }, data: { active: false } });
}

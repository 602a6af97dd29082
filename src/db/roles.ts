import type { Db, Tx } from "./client.js";
import { cachedRead } from "./read-cache.js";

/** Who is an admin (in the database) and who records what: from memory until either changes (read-cache.ts). */
function roles(db: Db | Tx): Promise<{ admins: ReadonlySet<string>; recorders: ReadonlySet<string> }> {
  return cachedRead(db, "roles", async () => {
    const [admins, recorders] = await Promise.all([
      db.admin.findMany({ select: { userId: true } }),
      db.recorder.findMany({ select: { indicatorKey: true, userId: true } }),
    ]);
    return { admins: new Set(admins.map((a) => a.userId)), recorders: new Set(recorders.map((r) => recorderKey(r.indicatorKey, r.userId))) };
  });
}

const recorderKey = (key: string, userId: string) => `${key}\u0000${userId}`;

export async function isAdmin(db: Db | Tx, envAdmins: readonly string[], userId: string): Promise<boolean> {
  if (envAdmins.includes(userId)) return true;
  return (await roles(db)).admins.has(userId);
}

export async function listAdmins(db: Db | Tx, envAdmins: readonly string[]): Promise<{ userId: string; fromConfig: boolean }[]> {
  const rows = await db.admin.findMany({ orderBy: { addedAt: "asc" } });
  const out = envAdmins.map((userId) => ({ userId, fromConfig: true }));
  for (const r of rows) if (!envAdmins.includes(r.userId)) out.push({ userId: r.userId, fromConfig: false });
  return out;
}

export async function addAdmin(tx: Tx, userId: string, by: string): Promise<boolean> {
  if (await tx.admin.findUnique({ where: { userId } })) return false;
  await tx.admin.create({ data: { userId, addedBy: by } });
  return true;
}

export async function removeAdmin(tx: Tx, userId: string): Promise<boolean> {
  const r = await tx.admin.deleteMany({ where: { userId } });
  return r.count > 0;
}

export async function recordersOf(db: Db | Tx, key: string): Promise<string[]> {
  return (await db.recorder.findMany({ where: { indicatorKey: key }, orderBy: { addedAt: "asc" } })).map((r) => r.userId);
}

/** Every indicator's recorders, by key. */
export async function allRecorders(db: Db | Tx): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await db.recorder.findMany({ orderBy: { addedAt: "asc" } })) out.set(r.indicatorKey, [...(out.get(r.indicatorKey) ?? []), r.userId]);
  return out;
}

export async function setRecorders(tx: Tx, key: string, userIds: string[], by: string): Promise<void> {
  await tx.recorder.deleteMany({ where: { indicatorKey: key } });
  for (const userId of userIds) await tx.recorder.create({ data: { indicatorKey: key, userId, addedBy: by } });
}

export async function canRecord(db: Db | Tx, envAdmins: readonly string[], userId: string, key: string): Promise<boolean> {
  if (await isAdmin(db, envAdmins, userId)) return true;
  return (await roles(db)).recorders.has(recorderKey(key, userId));
}

/** Does this user record any indicator? */
export async function isRecorder(db: Db | Tx, userId: string): Promise<boolean> {
  return (await db.recorder.count({ where: { userId } })) > 0;
}

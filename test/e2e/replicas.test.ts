// Several replicas of the compiled bot on one PostgreSQL database and the fake
// Slack, as a council runs them behind a load balancer: started at once on a
// new database, all ticking the same due digests every second, each slot is
// sent exactly once; a replica killed after claiming and before sending leaves
// its digest to another, once, after the lease. Only in the PostgreSQL run:
// several replicas need PostgreSQL (SQLite is for one process).
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { createSchedule } from "../../src/db/digests.js";
import { type BotProcess, buildOnce, healthy, kill, startBotProcess, until } from "../support/bot-process.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { ADMIN } from "../support/harness.js";
import { emptyTestDatabase, freshTestDatabase, type TestDatabase, testDatabaseKind } from "../support/test-database.js";

const ZONE = "Europe/London";
const LEASE_S = 5;

let fake: FakeSlack;
let database: TestDatabase | null = null;
let db: Db | null = null;
const bots: BotProcess[] = [];

const onPostgres = testDatabaseKind() === "postgres";

beforeAll(async () => {
  if (!onPostgres) return;
  await buildOnce();
  fake = await startFakeSlack();
}, 180_000);
afterEach(async () => {
  for (const b of bots.splice(0)) await kill(b);
  await db?.$disconnect();
  await database?.drop();
  db = null;
  database = null;
});
afterAll(async () => fake?.stop());

function replica(name: string, env: Record<string, string> = {}): Promise<BotProcess> {
  return startBotProcess(name, {
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: database!.url,
    ADMIN_USER_IDS: ADMIN,
    LOG_LEVEL: "debug", // each tick that finds nothing to do says so: the evidence that replicas went on ticking
    DELIVERY_CHECK_SECONDS: "1",
    DELIVERY_LEASE_SECONDS: String(LEASE_S),
    ...env,
  }).then((b) => {
    bots.push(b);
    return b;
  });
}

/** A weekly digest for `channel` whose slot is `at` (UK time), set up the day before. */
async function digestAt(channel: string, at: DateTime): Promise<number> {
  const spec = { cadence: "weekly" as const, dayOfWeek: at.weekday, time: at.toFormat("HH:mm") };
  const s = await db!.$transaction((tx) => createSchedule(tx, channel, spec, ["cp-plans"], ADMIN, at.minus({ days: 1 }).toJSDate()));
  return s.id;
}

const postsTo = (channel: string) => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel).length;

/** Every replica has ticked `n` more times, finding nothing left to do. */
async function ticksMore(replicas: BotProcess[], n: number): Promise<void> {
  const start = replicas.map((b) => b.logged("no delivery due"));
  await until(() => replicas.every((b, i) => b.logged("no delivery due") >= start[i]! + n), `${n} more ticks of each replica`, replicas);
}

describe.skipIf(!onPostgres)("three replicas on one PostgreSQL database", () => {
  it("start at once on a new database, and send each due digest exactly once however often they all tick", async () => {
    database = await emptyTestDatabase();
    const three = await Promise.all(["replica-1", "replica-2", "replica-3"].map((n) => replica(n)));
    await Promise.all(three.map((b) => healthy(b)));
    db = createDb(database.url);

    // Three digests due now, and three at the start of the next minute, when every replica ticks in the same second.
    const now = DateTime.now().setZone(ZONE).startOf("minute");
    const channels = ["C0REPLICA01", "C0REPLICA02", "C0REPLICA03", "C0REPLICA04", "C0REPLICA05", "C0REPLICA06"];
    const ids = [];
    for (const [i, channel] of channels.entries()) ids.push(await digestAt(channel, i < 3 ? now : now.plus({ minutes: 1 })));

    await until(() => channels.every((c) => postsTo(c) > 0), "a digest in every channel", three, 150_000);
    await ticksMore(three, 5);

    expect(channels.map(postsTo)).toEqual([1, 1, 1, 1, 1, 1]);
    const rows = await db.delivery.findMany({ where: { job: { in: ids.map((id) => `digest:${id}`) } } });
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(6).fill(["sent", 1]));
    expect(fake.violations).toEqual([]);
  });

  it("send a digest claimed by a replica killed before it was sent once, from another replica, after the lease", async () => {
    database = await freshTestDatabase();
    db = createDb(database.url);
    const channel = "C0REPLICA07";
    const id = await digestAt(channel, DateTime.now().setZone(ZONE).startOf("minute"));

    // The first replica claims the digest; Slack holds its post, and the replica is killed meanwhile.
    const hold = fake.holdApi("chat.postMessage");
    const doomed = await replica("replica-doomed");
    await until(() => hold.held() > 0, "the doomed replica's post", [doomed]);
    const claimed = await db.delivery.findFirstOrThrow({ where: { job: `digest:${id}` } });
    expect(claimed).toMatchObject({ status: "claimed", attempts: 1 });
    await kill(doomed);
    hold.release(); // its sender is gone: Slack never took it
    expect(postsTo(channel)).toBe(0);

    const two = await Promise.all([replica("replica-a"), replica("replica-b")]);
    await until(() => postsTo(channel) > 0, "the digest from another replica", two, 120_000);
    await ticksMore(two, 5);

    expect(postsTo(channel)).toBe(1);
    const sent = await db.delivery.findUniqueOrThrow({ where: { id: claimed.id } });
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
    // Taken over only once the lease had run out (both instants are the replicas' own clocks).
    expect(sent.claimedAt.getTime() - claimed.claimedAt.getTime()).toBeGreaterThanOrEqual(LEASE_S * 1000);
    expect(fake.violations).toEqual([]);
  });
});

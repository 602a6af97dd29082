// With RETENTION_MONTHS set, the running bot purges once a day what is older
// than that, as `npm run cli -- purge` does. The day is the delivery slot, so
// several processes still purge once a day.
import { DateTime } from "luxon";
import { cutoffFromMonths } from "../domain/retention.js";
import { describePurge, purge } from "../services/retention.js";
import type { DueSource } from "./due.js";

export const retentionSource: DueSource = async (ctx, _client, now) => {
  const months = ctx.config.retentionMonths;
  if (months === null) return [];
  const zone = ctx.config.timezone;
  return [
    {
      job: "retention",
      slot: DateTime.fromJSDate(now, { zone }).startOf("day").toJSDate(),
      lateness: "none",
      send: async () => {
        const cutoff = cutoffFromMonths(now, months, zone);
        const counts = await purge(ctx, cutoff, { dryRun: false, actor: `retention:${months}-months` });
        ctx.log.info({ cutoff: cutoff.toISOString(), ...counts }, `retention: deleted ${describePurge(counts)}`);
      },
      onPermanentFailure: async (error) => {
        ctx.log.error({ error }, "retention purge failed");
      },
    },
  ];
};

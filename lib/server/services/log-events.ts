/**
 * Destructive changes found in an instance's log (extension PITR-LOG-EVENTS): the commits that
 * dropped or truncated tables, so a user can restore to just before the mistake.
 */
import "server-only";
import type { LogEventsResponse } from "@/lib/api/schemas";
import { tryParseTroveTime } from "@/lib/recovery";
import type { TroveClient } from "@/lib/trove/client";

/** GET /api/instances/:id/log-events: the instance is read alongside, so an unknown id is a clean 404. */
export async function getLogEvents(trove: TroveClient, instanceId: string, nowMs: number): Promise<LogEventsResponse> {
  const [events] = await Promise.all([logEventsOfListed(trove, instanceId, nowMs), trove.getInstance(instanceId)]);
  return events;
}

/** The log events of an instance read beside it (the recovery page's own instance read): no second instance read. */
export async function logEventsOfListed(trove: TroveClient, instanceId: string, nowMs: number): Promise<LogEventsResponse> {
  const supported = await trove.hasLogEvents(nowMs);
  if (!supported) return { instanceId, supported, events: [] };
  const events = (await trove.listLogEvents(instanceId)).flatMap((e) => {
    // A time the recovery core cannot read is no point to offer; the rest of the list still stands.
    // Milliseconds are kept: they tell the commit from the second it falls in.
    const ms = tryParseTroveTime(e.time) === null ? null : Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(e.time) ? e.time : `${e.time}Z`);
    return ms === null || Number.isNaN(ms)
      ? []
      : [
          {
            id: e.id,
            kind: e.kind,
            time: new Date(ms).toISOString(),
            lsn: e.lsn,
            xid: e.xid ?? null,
            relations: e.relations,
            timeline: e.timeline,
          },
        ];
  });
  return { instanceId, supported, events };
}

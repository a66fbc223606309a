/**
 * Destructive changes found in an instance's log (extension PITR-LOG-EVENTS): the commits that
 * dropped or truncated tables, so a user can restore to just before the mistake.
 */
import "server-only";
import type { LogEventsResponse } from "@/lib/api/schemas";
import { tryParseTroveTime } from "@/lib/recovery";
import type { TroveClient } from "@/lib/trove/client";

export async function getLogEvents(trove: TroveClient, instanceId: string, nowMs: number): Promise<LogEventsResponse> {
  const [supported] = await Promise.all([trove.hasLogEvents(nowMs), trove.getInstance(instanceId)]);
  if (!supported) return { instanceId, supported, events: [] };
  const events = (await trove.listLogEvents(instanceId)).flatMap((e) => {
    // A time the recovery core cannot read is no point to offer; the rest of the list still stands.
    // Milliseconds are kept: they tell the commit from the second it falls in.
    const ms = tryParseTroveTime(e.time) === null ? null : Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(e.time) ? e.time : `${e.time}Z`);
    return ms === null || Number.isNaN(ms) ? [] : [{ id: e.id, kind: e.kind, time: new Date(ms).toISOString(), lsn: e.lsn, xid: e.xid ?? null, relations: e.relations, timeline: e.timeline }];
  });
  return { instanceId, supported, events };
}

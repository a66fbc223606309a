/** The PITR extension's logs of an instance: archived transaction-log segments and destructive commits found in them. */
import { tryParseTroveTime } from "@/lib/recovery";
import { badRequest, nextLinks, pageOf, type Answer } from "../http";
import type { SegmentRow } from "../store";
import { logEventView, segmentView } from "../trove-views";
import { instanceFor, type Call } from "./call";

/** `?since=&until=` of a PITR list: ISO times, open-ended when absent. */
function timeBounds(call: Call): { since: number; until: number } {
  const q = call.req.url.searchParams;
  const bound = (name: string, fallback: number): number => {
    const raw = q.get(name);
    if (raw === null || raw === "") return fallback;
    const ms = tryParseTroveTime(raw);
    if (ms === null) throw badRequest(`${name} must be an ISO 8601 time, e.g. 2026-11-20T10:00:00Z, not ${JSON.stringify(raw)}.`);
    return ms;
  };
  return { since: bound("since", Number.MIN_SAFE_INTEGER), until: bound("until", Number.MAX_SAFE_INTEGER) };
}

/** A PITR list of one instance between ?since= and ?until=, paged like every Trove list. */
function timedList<R>(
  call: Call,
  key: string,
  count: (id: string, since: number, until: number) => number,
  rows: (id: string, since: number, until: number, limit: number, offset: number) => R[],
  view: (row: R) => unknown,
): Answer {
  const inst = instanceFor(call, call.req.params.id!, false);
  const { since, until } = timeBounds(call);
  const page = pageOf(call.req.url);
  const total = count(inst.id, since, until);
  return {
    status: 200,
    body: { [key]: rows(inst.id, since, until, page.limit, page.offset).map(view), ...nextLinks(call.req, page, total) },
  };
}

/** Commits that dropped or truncated relations, oldest first. */
export function logEvents(call: Call): Answer {
  const q = call.ctx.store.q;
  return timedList(
    call,
    "log_events",
    (id, a, b) => q.countLogEvents.get(id, a, b)!.n,
    (id, a, b, l, o) => q.logEventsPage.all(id, a, b, l, o),
    logEventView,
  );
}

export function transactionLogs(call: Call): Answer {
  const q = call.ctx.store.q;
  return timedList(
    call,
    "transaction_logs",
    (id, a, b) => q.countSegments.get(id, a, b)!.n,
    (id, a, b, l, o) => q.segmentsPage.all(id, a, b, l, o),
    (s: SegmentRow) => segmentView(s, call.now),
  );
}

"use client";
import type { LogEventsResponse, TimelineResponse } from "@/lib/api/schemas";
import { explainPoint, type Recoverability } from "@/lib/recovery";
import { describeEvent, secondBefore } from "@/lib/ui/log-events";
import { formatClockMillis, formatBoth } from "@/lib/ui/provenance";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";

/**
 * Destructive changes found in the transaction log (DROP, TRUNCATE), each with "restore to just
 * before this": the moment before the mistake, which is the point most restores are looking for.
 */
export function LogEventsPanel(props: {
  events: LogEventsResponse | undefined;
  timeline: TimelineResponse;
  zone: string;
  chosenLsn: string | null;
  onJustBefore(at: string, lsn: string): void;
}) {
  const { events, timeline, zone } = props;
  if (!events) return null;
  if (!events.supported) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        This cloud&apos;s Trove does not report destructive changes (DROP, TRUNCATE) found in its logs, so none are marked here.
      </p>
    );
  }
  return (
    <Panel aria-labelledby="events-heading">
      <h2 id="events-heading" className="font-semibold">
        Destructive changes in the log ({events.events.length})
      </h2>
      {events.events.length === 0 ? (
        <p className="mt-2 text-sm">No DROP or TRUNCATE has been found in this instance&apos;s archived log.</p>
      ) : (
        <ul aria-label="Destructive changes, newest first" className="mt-2 max-h-64 space-y-2 overflow-y-auto text-sm">
          {[...events.events].reverse().map((e) => {
            const at = secondBefore(e);
            const verdict = explainPoint(timeline as Recoverability, at);
            const chosen = props.chosenLsn === e.lsn;
            return (
              <li
                key={e.id}
                data-testid="log-event"
                className={`flex flex-wrap items-center justify-between gap-2 rounded px-2 py-1 ${chosen ? "bg-amber-50 dark:bg-amber-950" : ""}`}
              >
                <span>
                  <strong className="text-orange-800 dark:text-orange-300">{describeEvent(e)}</strong>{" "}
                  <span title={formatBoth(e.time, zone)}>at {formatClockMillis(e.time, zone, timeline.generatedAt)}</span>
                  <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">
                    {e.xid !== null ? `transaction ${e.xid}, ` : ""}LSN {e.lsn}, timeline {e.timeline}
                  </span>
                </span>
                <Button
                  variant="orange"
                  size="xs"
                  disabled={!verdict.recoverable}
                  title={verdict.recoverable ? undefined : verdict.reason}
                  onClick={() => props.onJustBefore(at, e.lsn)}
                >
                  Restore to just before this
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

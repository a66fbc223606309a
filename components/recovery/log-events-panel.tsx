"use client";
import type { LogEventsResponse, TimelineResponse } from "@/lib/api/schemas";
import { explainPoint } from "@/lib/recovery";
import { describeEvent, secondBefore } from "@/lib/ui/log-events";
import { formatClockMillis, formatBoth } from "@/lib/ui/provenance";

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
    <section
      aria-labelledby="events-heading"
      className="rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="events-heading" className="font-semibold">
        Destructive changes in the log ({events.events.length})
      </h2>
      {events.events.length === 0 ? (
        <p className="mt-2 text-sm">No DROP or TRUNCATE has been found in this instance&apos;s archived log.</p>
      ) : (
        <ul aria-label="Destructive changes, newest first" className="mt-2 max-h-64 space-y-2 overflow-y-auto text-sm">
          {[...events.events].reverse().map((e) => {
            const at = secondBefore(e);
            const verdict = explainPoint(timeline, at);
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
                <button
                  type="button"
                  disabled={!verdict.recoverable}
                  title={verdict.recoverable ? undefined : verdict.reason}
                  onClick={() => props.onJustBefore(at, e.lsn)}
                  className="rounded border border-orange-700 px-2 py-0.5 text-xs font-medium text-orange-900 hover:bg-orange-50 focus-visible:outline-2 focus-visible:outline-orange-700 disabled:cursor-not-allowed disabled:opacity-50 dark:text-orange-200 dark:hover:bg-orange-950"
                >
                  Restore to just before this
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

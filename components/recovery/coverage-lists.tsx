"use client";
import type { TimelineResponse } from "@/lib/api/schemas";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatIn, humanDuration } from "@/lib/ui/time";

const GAP_CAUSE: Record<TimelineResponse["gaps"][number]["cause"], string> = {
  "missing-segment": "Missing log segment",
  "failed-segment": "Failed log segment",
  "lsn-discontinuity": "LSN discontinuity",
  "broken-chain": "Broken backup chain",
};

/** The chart's content as tables: the accessible (and printable) form of the timeline. */
export function WindowsAndGaps({ timeline, zone, onJump }: { timeline: TimelineResponse; zone: string; onJump(iso: string): void }) {
  const stock = timeline.capability === "stock";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section
        aria-labelledby="windows-heading"
        className="rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="windows-heading" className="font-semibold">
          {stock ? "Restore points" : "Recoverable windows"} ({timeline.recoverable.length})
        </h2>
        {timeline.recoverable.length === 0 ? (
          <p className="mt-2 text-sm">Nothing is recoverable: there is no completed backup with an unbroken chain.</p>
        ) : (
          <ul
            tabIndex={0}
            aria-label={stock ? "Restore points, newest first" : "Recoverable windows, newest first"}
            className="mt-2 max-h-64 space-y-1 overflow-y-auto text-sm focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            {[...timeline.recoverable].reverse().map((w) => (
              <li key={w.start} className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  {w.start === w.end ? formatIn(w.start, zone) : `${formatIn(w.start, zone)} → ${formatIn(w.end, zone)}`}
                  {w.start !== w.end && (
                    <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">
                      ({humanDuration((Date.parse(w.end) - Date.parse(w.start)) / 1000)})
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  onClick={() => onJump(w.end)}
                  className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:hover:bg-slate-800"
                >
                  Choose {w.start === w.end ? "" : "end "}({formatIn(w.end, zone).slice(5, 16)})
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section
        aria-labelledby="gaps-heading"
        className="rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="gaps-heading" className="font-semibold">
          Gaps ({timeline.gaps.length})
        </h2>
        {stock ? (
          <p className="mt-2 text-sm">
            This cloud archives no transaction logs, so there is no log to have gaps in: only the backups&apos; own moments can be restored.
          </p>
        ) : timeline.gaps.length === 0 ? (
          <p className="mt-2 text-sm">No gaps: the log is contiguous across the covered history.</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {timeline.gaps.map((g) => (
              <li key={`${g.start}-${g.cause}`} className="border-l-4 border-red-600 pl-2">
                <strong className="text-red-800 dark:text-red-300">{GAP_CAUSE[g.cause]}</strong> — {g.message}
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {formatIn(g.start, zone)} – {formatIn(g.end, zone)} ({humanDuration(g.durationSeconds)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function BackupsTable({ timeline, zone }: { timeline: TimelineResponse; zone: string }) {
  const names = new Map(timeline.bases.map((b) => [b.backupId, b.name]));
  const rows = [...timeline.bases].sort((a, b) => b.created.localeCompare(a.created));
  return (
    <section
      aria-labelledby="backups-heading"
      className="rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="backups-heading" className="font-semibold">
        Backups ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm">This instance has no backups: nothing can be restored until one completes.</p>
      ) : (
        <div
          tabIndex={0}
          role="region"
          aria-label="Backups table (scrolls)"
          className="mt-2 max-h-96 overflow-auto focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          <table className="min-w-full text-sm">
            <thead className="sticky top-0 bg-slate-100 dark:bg-slate-800">
              <tr>
                <th scope="col" className="px-2 py-1 text-left">
                  Name
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Kind
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Status
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Consistent at
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Chain
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Restorable
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.backupId} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="px-2 py-1">{b.name}</td>
                  <td className="px-2 py-1">{b.kind}</td>
                  <td className="px-2 py-1">
                    <StatusBadge status={b.status} tone={b.tone} />
                  </td>
                  <td className="px-2 py-1">{formatIn(b.consistentTime ?? b.updated, zone)}</td>
                  <td className="px-2 py-1 text-xs">
                    {b.parentId ? `on ${names.get(b.parentId) ?? b.parentId.slice(0, 8)} (${b.chain.length} deep)` : "full"}
                  </td>
                  <td className="px-2 py-1">
                    {b.restorable ? "yes" : <span className="text-red-800 dark:text-red-300">no — {b.reason}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

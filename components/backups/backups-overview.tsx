"use client";
import Link from "next/link";
import { useQueries } from "@tanstack/react-query";
import { timelineQuery, useInstanceRows } from "@/lib/queries/instances";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { useBrowserZone } from "@/components/ui/time-both";
import { formatIn } from "@/lib/ui/time";

/** Every backup of the project, newest first, with the instance it belongs to and whether it restores. */
export function BackupsOverview() {
  const instances = useInstanceRows();
  const zone = useBrowserZone();
  const list = instances.data?.instances ?? [];
  const timelines = useQueries({ queries: list.map((i) => ({ ...timelineQuery(i.id), refetchInterval: false as const })) });
  if (instances.isPending) return <Loading what="backups" />;
  if (instances.isError) return <ErrorState what="backups" error={instances.error} onRetry={() => void instances.refetch()} />;
  const loading = timelines.some((t) => t.isPending);
  const rows = list
    .flatMap((inst, i) => (timelines[i]?.data?.bases ?? []).map((b) => ({ inst, b })))
    .sort((x, y) => y.b.created.localeCompare(x.b.created));
  const failedReads = timelines.filter((t) => t.isError).length;
  return (
    <section aria-label="Backups">
      {failedReads > 0 && (
        <p role="alert" className="mb-2 text-sm text-red-800 dark:text-red-300">
          The backups of {failedReads} instance(s) could not be read.
        </p>
      )}
      {loading && <Loading what="backups of every instance" />}
      {!loading && rows.length === 0 ? (
        <Empty title="No backups in this project" />
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Backups of every instance in the project</caption>
            <thead className="bg-slate-100 dark:bg-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2 text-left">
                  Backup
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  Instance
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  Kind
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  Created
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  Restorable
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 500).map(({ inst, b }) => (
                <tr key={b.backupId} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="px-3 py-1.5">{b.name}</td>
                  <td className="px-3 py-1.5">
                    <Link
                      href={`/project/instances/${inst.id}`}
                      prefetch={false}
                      className="text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                    >
                      {inst.name}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">{b.kind}</td>
                  <td className="px-3 py-1.5">
                    <StatusBadge status={b.status} tone={b.tone} />
                  </td>
                  <td className="px-3 py-1.5">{formatIn(b.created, zone)}</td>
                  <td className="px-3 py-1.5">{b.restorable ? "yes" : `no — ${b.reason ?? ""}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

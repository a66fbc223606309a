"use client";
import Link from "next/link";
import { useQueries } from "@tanstack/react-query";
import { timelineQuery, useInstanceRows } from "@/lib/queries/instances";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { backupTone } from "@/lib/domain/status";
import { useBrowserZone } from "@/components/ui/time-both";
import { formatIn } from "@/lib/ui/time";
import { Table, TableFrame, TableHead, Th, Tr } from "@/components/ui/table";

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
        <TableFrame>
          <Table density="roomy" caption="Backups of every instance in the project">
            <TableHead>
              <tr>
                <Th>Backup</Th>
                <Th>Instance</Th>
                <Th>Kind</Th>
                <Th>Status</Th>
                <Th>Created</Th>
                <Th>Restorable</Th>
              </tr>
            </TableHead>
            <tbody>
              {rows.slice(0, 500).map(({ inst, b }) => (
                <Tr key={b.backupId}>
                  <td>{b.name}</td>
                  <td>
                    <Link
                      href={`/project/instances/${inst.id}`}
                      prefetch={false}
                      className="text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                    >
                      {inst.name}
                    </Link>
                  </td>
                  <td>{b.kind}</td>
                  <td>
                    <StatusBadge status={b.status} tone={backupTone(b.status)} />
                  </td>
                  <td>{formatIn(b.created, zone)}</td>
                  <td>{b.restorable ? "yes" : `no — ${b.reason ?? ""}`}</td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </TableFrame>
      )}
    </section>
  );
}

"use client";
import { InstanceLink } from "@/components/instances/instance-link";
import { useQueries } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { timelineQuery, useInstanceRows } from "@/lib/queries/instances";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { useBrowserZone } from "@/components/ui/time-both";
import { formatIn } from "@/lib/ui/time";
import { useExplanation } from "@/components/ui/use-domain-text";
import { Table, TableFrame, TableHead, Th, Tr } from "@/components/ui/table";

/** Every backup of the project, newest first, with the instance it belongs to and whether it restores. */
export function BackupsOverview() {
  const t = useTranslations("backups");
  const explain = useExplanation("baseReason");
  const locale = useLocale();
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
    <section aria-label={t("label")}>
      {failedReads > 0 && (
        <p role="alert" className="mb-2 text-sm text-red-800 dark:text-red-300">
          {t("failedReads", { count: failedReads })}
        </p>
      )}
      {loading && <Loading what="everyBackup" />}
      {!loading && rows.length === 0 ? (
        <Empty title={t("empty")} />
      ) : (
        <TableFrame>
          <Table density="roomy" caption={t("caption")}>
            <TableHead>
              <tr>
                <Th>{t("columns.backup")}</Th>
                <Th>{t("columns.instance")}</Th>
                <Th>{t("columns.kind")}</Th>
                <Th>{t("columns.status")}</Th>
                <Th>{t("columns.created")}</Th>
                <Th>{t("columns.restorable")}</Th>
              </tr>
            </TableHead>
            <tbody>
              {rows.slice(0, 500).map(({ inst, b }) => (
                <Tr key={b.backupId}>
                  <td>{b.name}</td>
                  <td>
                    <InstanceLink id={inst.id}>{inst.name}</InstanceLink>
                  </td>
                  <td>{t(`kind.${b.kind}`)}</td>
                  <td>
                    <StatusBadge status={b.status} tone={b.tone} />
                  </td>
                  <td>{formatIn(b.created, zone, locale)}</td>
                  <td>{b.restorable ? t("yes") : t("no", { reason: explain(b.reasonCode, b.reason) })}</td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </TableFrame>
      )}
    </section>
  );
}

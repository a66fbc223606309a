"use client";
import { InstanceLink } from "@/components/instances/instance-link";
import { useAuditTrail } from "@/lib/queries/audit";
import { useLocale, useTranslations } from "next-intl";
import { auditCsv } from "@/lib/ui/audit";
import { formatIn, formatNumber } from "@/lib/ui/time";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { backupTone, instanceTone } from "@/lib/domain/status";
import { useBrowserZone } from "@/components/ui/time-both";
import { Button } from "@/components/ui/button";
import { saveCsv } from "@/components/ui/save-csv";
import { compactUtc } from "@/lib/domain/names";
import { Table, TableFrame, TableHead, Th, Tr } from "@/components/ui/table";

/** Who asked the dashboard for which restore, recovery or backup, when, from where, and how it ended. */
export function AuditTrail() {
  const t = useTranslations("audit");
  const locale = useLocale();
  const trail = useAuditTrail();
  const zone = useBrowserZone();
  if (trail.isPending) return <Loading what="auditTrail" />;
  if (trail.isError) return <ErrorState what="auditTrail" error={trail.error} onRetry={() => void trail.refetch()} />;
  const { records, scope, retention } = trail.data;
  const newest = records[0];
  const download = () => saveCsv(`audit-trail-${newest ? compactUtc(Date.parse(newest.at)) : "empty"}.csv`, auditCsv(records));
  return (
    <div className="space-y-2">
      <div className="no-print flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-slate-600 dark:text-slate-400">
          {t("retention", { scope, shown: records.length, kept: formatNumber(retention.maxEntries, locale) })}
        </p>
        <Button variant="outline" onClick={download} disabled={records.length === 0}>
          {t("export", { rows: records.length })}
        </Button>
      </div>
      {records.length === 0 ? (
        <Empty title={t("empty")} />
      ) : (
        <TableFrame>
          <Table caption={t("caption")}>
            <TableHead>
              <tr>
                <Th>{t("columns.requested")}</Th>
                <Th>{t("columns.action")}</Th>
                <Th>{t("columns.who")}</Th>
                <Th>{t("columns.instance")}</Th>
                <Th>{t("columns.point")}</Th>
                <Th>{t("columns.from")}</Th>
                <Th>{t("columns.outcome")}</Th>
              </tr>
            </TableHead>
            <tbody>
              {records.map((r) => (
                <Tr key={r.id} className="align-top">
                  <td>{formatIn(r.at, zone, locale)}</td>
                  <td>
                    {t(`action.${r.action}`)}
                    {r.backupKind && <span className="block text-xs text-slate-600 dark:text-slate-400">{t(`kind.${r.backupKind}`)}</span>}
                  </td>
                  <td>
                    {r.user.name}
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{t("project", { name: r.project.name })}</span>
                  </td>
                  <td>
                    <InstanceLink id={r.instanceId}>{r.instanceName ?? r.instanceId.slice(0, 8)}</InstanceLink>
                    {r.baseBackupId && (
                      <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">
                        {t("base", { id: r.baseBackupId.slice(0, 8) })}
                      </span>
                    )}
                    {r.action === "restore" && r.outcome.resultId && (
                      <span className="block text-xs">
                        {t("into")}{" "}
                        <InstanceLink id={r.outcome.resultId} mono>
                          {r.outcome.resultId.slice(0, 8)}
                        </InstanceLink>
                      </span>
                    )}
                  </td>
                  <td>
                    {r.pointInTime ? formatIn(r.pointInTime, "UTC", locale) : "—"}
                    {r.lsn && <span className="block font-mono text-xs">{t("beforeLsn", { lsn: r.lsn })}</span>}
                  </td>
                  <td>
                    {r.address ?? "—"}
                    {r.address && !r.addressVerified && (
                      <span className="block text-xs text-slate-600 dark:text-slate-400">{t("unverified")}</span>
                    )}
                  </td>
                  <td>
                    <StatusBadge
                      status={r.outcome.final ? r.outcome.status : t("inProgress", { status: r.outcome.status })}
                      tone={
                        !r.outcome.final
                          ? "pending"
                          : r.outcome.status === "refused"
                            ? "error"
                            : r.action === "backup"
                              ? backupTone(r.outcome.status)
                              : instanceTone(r.outcome.status)
                      }
                    />
                    {r.outcome.message && (
                      <span className="block max-w-xs text-xs text-red-800 dark:text-red-300">{r.outcome.message}</span>
                    )}
                  </td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </TableFrame>
      )}
    </div>
  );
}

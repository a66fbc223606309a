"use client";
import { useLocale, useTranslations } from "next-intl";
import type { TimelineResponse } from "@/lib/api/schemas";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatIn, humanDuration } from "@/lib/ui/time";
import { useExplanation } from "@/components/ui/use-domain-text";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { Table, TableHead, Th, Tr } from "@/components/ui/table";

/** The chart's content as tables: the accessible (and printable) form of the timeline. */
export function WindowsAndGaps({ timeline, zone, onJump }: { timeline: TimelineResponse; zone: string; onJump(iso: string): void }) {
  const t = useTranslations("lists");
  const tc = useTranslations("gapCause");
  const locale = useLocale();
  const at = (iso: string) => formatIn(iso, zone, locale);
  const stock = timeline.capability === "stock";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel aria-labelledby="windows-heading">
        <h2 id="windows-heading" className="font-semibold">
          {t(stock ? "restorePoints" : "windows", { count: timeline.recoverable.length })}
        </h2>
        {timeline.recoverable.length === 0 ? (
          <p className="mt-2 text-sm">{t("nothing")}</p>
        ) : (
          <ul
            tabIndex={0}
            aria-label={t(stock ? "restorePointsList" : "windowsList")}
            className="mt-2 max-h-64 space-y-1 overflow-y-auto text-sm focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            {[...timeline.recoverable].reverse().map((w) => (
              <li key={w.start} className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  {w.start === w.end ? at(w.start) : `${at(w.start)} → ${at(w.end)}`}
                  {w.start !== w.end && (
                    <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">
                      ({humanDuration((Date.parse(w.end) - Date.parse(w.start)) / 1000)})
                    </span>
                  )}
                </span>
                <Button size="xs" onClick={() => onJump(w.end)}>
                  {t(w.start === w.end ? "choose" : "chooseEnd", { at: formatIn(w.end, zone).slice(5, 16) })}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel aria-labelledby="gaps-heading">
        <h2 id="gaps-heading" className="font-semibold">
          {t("gaps", { count: timeline.gaps.length })}
        </h2>
        {stock ? (
          <p className="mt-2 text-sm">{t("stockGaps")}</p>
        ) : timeline.gaps.length === 0 ? (
          <p className="mt-2 text-sm">{t("noGaps")}</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {timeline.gaps.map((g) => (
              <li key={`${g.start}-${g.cause}`} className="border-l-4 border-red-600 pl-2">
                <strong className="text-red-800 dark:text-red-300">{tc(g.cause)}</strong>
                {locale === "en" && <> — {g.message}</>}
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {at(g.start)} – {at(g.end)} ({humanDuration(g.durationSeconds)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}

export function BackupsTable({ timeline, zone }: { timeline: TimelineResponse; zone: string }) {
  const t = useTranslations("lists");
  const locale = useLocale();
  const explain = useExplanation("baseReason");
  const names = new Map(timeline.bases.map((b) => [b.backupId, b.name]));
  const rows = [...timeline.bases].sort((a, b) => b.created.localeCompare(a.created));
  return (
    <Panel aria-labelledby="backups-heading">
      <h2 id="backups-heading" className="font-semibold">
        {t("backups", { count: rows.length })}
      </h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm">{t("noBackups")}</p>
      ) : (
        <div
          tabIndex={0}
          role="region"
          aria-label={t("backupsTable")}
          className="mt-2 max-h-96 overflow-auto focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          <Table density="dense">
            <TableHead sticky>
              <tr>
                <Th>{t("columns.name")}</Th>
                <Th>{t("columns.kind")}</Th>
                <Th>{t("columns.status")}</Th>
                <Th>{t("columns.consistentAt")}</Th>
                <Th>{t("columns.chain")}</Th>
                <Th>{t("columns.restorable")}</Th>
              </tr>
            </TableHead>
            <tbody>
              {rows.map((b) => (
                <Tr key={b.backupId}>
                  <td>{b.name}</td>
                  <td>{t(`kind.${b.kind}`)}</td>
                  <td>
                    <StatusBadge status={b.status} tone={b.tone} />
                  </td>
                  <td>{formatIn(b.consistentTime ?? b.updated, zone, locale)}</td>
                  <td className="text-xs">
                    {b.parentId
                      ? t("chainOn", { parent: names.get(b.parentId) ?? b.parentId.slice(0, 8), depth: b.chain.length })
                      : t("kind.full")}
                  </td>
                  <td>
                    {b.restorable ? (
                      t("yes")
                    ) : (
                      <span className="text-red-800 dark:text-red-300">{t("no", { reason: explain(b.reasonCode, b.reason) })}</span>
                    )}
                  </td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Panel>
  );
}

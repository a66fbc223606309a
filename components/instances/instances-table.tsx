"use client";
import { InstanceLink } from "./instance-link";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useQueries } from "@tanstack/react-query";
import type { CoverageHealth, InstanceList } from "@/lib/api/schemas";
import { coverageQuery, useInstanceRows } from "@/lib/queries/instances";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeBoth } from "@/components/ui/time-both";
import { humanDuration } from "@/lib/ui/time";
import { useErrorMessage } from "@/components/ui/use-error-message";
import { Input } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/hydrated";
import { useSentWhole } from "@/components/ui/sent-whole";
import { SortableTh, Table, TableFrame, TableHead, Tr } from "@/components/ui/table";

type Row = InstanceList["instances"][number] & { checking?: boolean };
type SortKey = "name" | "datastore" | "status" | "latest" | "health";

const HEALTH = {
  ok: { cls: "text-emerald-800 dark:text-emerald-300", icon: "✓" },
  warning: { cls: "text-amber-800 dark:text-amber-300", icon: "⚠" },
  critical: { cls: "text-red-800 dark:text-red-300", icon: "✕" },
  unknown: { cls: "text-slate-600 dark:text-slate-400", icon: "?" },
} as const;

/** The row's coverage in words, from its facts (the server's summary is English only). */
function healthSummary(health: CoverageHealth, t: (key: string, values?: Record<string, string | number>) => string): string {
  if (health.level === "unknown") return health.summary;
  if (health.latestRestorable === null || health.rpoSeconds === null) return t("summary.none");
  const age = humanDuration(health.rpoSeconds);
  return health.level === "ok" ? t("summary.ok", { age }) : t("summary.warning", { age, gaps: health.gapsLast24h });
}

function HealthMark({ row }: { row: Row }) {
  const t = useTranslations("instances");
  if (row.checking) return <span className="text-sm text-slate-600 dark:text-slate-400">{t("checking")}</span>;
  if (!row.health) return <span className="text-slate-500">—</span>;
  const h = HEALTH[row.health.level];
  const summary = healthSummary(row.health, t);
  return (
    <span className={`text-sm ${h.cls}`} title={summary}>
      <span aria-hidden="true">{h.icon}</span> {t(`health.${row.health.level}`)}
      <span className="block text-xs text-slate-600 dark:text-slate-400">{summary}</span>
    </span>
  );
}

const sorters: Record<SortKey, (a: Row, b: Row) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  datastore: (a, b) => `${a.datastore.type} ${a.datastore.version}`.localeCompare(`${b.datastore.type} ${b.datastore.version}`),
  status: (a, b) => a.status.localeCompare(b.status),
  latest: (a, b) => (a.health?.latestRestorable ?? "").localeCompare(b.health?.latestRestorable ?? ""),
  health: (a, b) =>
    ["critical", "warning", "unknown", "ok"].indexOf(a.health?.level ?? "unknown") -
    ["critical", "warning", "unknown", "ok"].indexOf(b.health?.level ?? "unknown"),
};

/** A row's coverage failed to be read: said in the row, the others are unaffected. */
function unknownHealth(summary: string): CoverageHealth {
  return { latestRestorable: null, rpoSeconds: null, gapsLast24h: 0, level: "unknown", summary };
}

export function InstancesTable() {
  const t = useTranslations("instances");
  const errorMessage = useErrorMessage();
  const query = useInstanceRows();
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "name", dir: 1 });
  // The rows show as soon as the instance list is known; each row's coverage comes from its own
  // analysis (the same one the recovery screen uses), so one slow instance delays only its row.
  const timelines = useQueries({ queries: (query.data?.instances ?? []).map((i) => coverageQuery(i.id)) });
  // Usually the page goes out whole, coverage included, and the first render shows it. When the
  // server streams a row's coverage after the rows, its HTML says "checking", and a coverage that
  // arrived before React took over is shown right after hydration, not during it: drawing it in the
  // first render would not match the server's HTML, and React would throw the table away and draw it
  // again (a hydration error on every load of this page).
  const hydrated = useHydrated();
  const sentWhole = useSentWhole();
  const shown = hydrated || sentWhole;
  const healthKey = timelines.map((t) => t.dataUpdatedAt + (t.isError ? 1 : 0)).join();
  const withHealth = useMemo<Row[]>(
    () =>
      (query.data?.instances ?? []).map((i, n) => {
        const tl = shown ? timelines[n] : undefined;
        if (tl?.data?.health) return { ...i, health: tl.data.health };
        if (tl?.isError) return { ...i, health: unknownHealth(t("coverageUnknown", { message: errorMessage(tl.error) })) };
        return { ...i, health: null, checking: true };
      }),
    // timelines is a new array each render; healthKey says when any of them changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query.data, healthKey, shown],
  );
  const rows = useMemo(() => {
    const list = withHealth;
    const f = filter.trim().toLowerCase();
    const kept = f
      ? list.filter((r) => `${r.name} ${r.datastore.type} ${r.datastore.version} ${r.status}`.toLowerCase().includes(f))
      : list;
    return [...kept].sort((a, b) => sort.dir * sorters[sort.key](a, b));
  }, [withHealth, filter, sort]);

  if (query.isPending) return <Loading what="instances" />;
  if (query.isError) return <ErrorState what="instances" error={query.error} onRetry={() => void query.refetch()} />;

  const header = (key: SortKey, label: string) => (
    <SortableTh column={key} sort={sort} onSort={setSort}>
      {label}
    </SortableTh>
  );

  return (
    <section aria-label={t("label")}>
      {query.data.capability === "stock" && (
        <p className="mb-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {t("stock")}
        </p>
      )}
      <div className="mb-3 flex items-center gap-3">
        <label className="text-sm">
          {t("filter")}
          <Input layout="inline" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t("filterPlaceholder")} />
        </label>
        <span className="text-sm text-slate-600 dark:text-slate-400">
          {t("count", { shown: rows.length, total: query.data.instances.length })}
        </span>
      </div>
      {query.data.instances.length === 0 ? (
        <Empty title={t("emptyTitle")}>{t("emptyBody")}</Empty>
      ) : (
        <TableFrame>
          <Table density="roomy" caption={t("caption")}>
            <TableHead>
              <tr>
                {header("name", t("columns.name"))}
                {header("datastore", t("columns.datastore"))}
                {header("status", t("columns.status"))}
                {header("latest", t("columns.latest"))}
                {header("health", t("columns.health"))}
              </tr>
            </TableHead>
            <tbody>
              {rows.map((r) => (
                <Tr key={r.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                  <td>
                    <InstanceLink id={r.id} weight="medium">
                      {r.name}
                    </InstanceLink>
                  </td>
                  <td>
                    {r.datastore.type} {r.datastore.version}
                  </td>
                  <td>
                    <StatusBadge status={r.status} tone={r.tone} />
                    {r.fault && (
                      <span className="block max-w-xs truncate text-xs text-red-800 dark:text-red-300" title={r.fault.message}>
                        {r.fault.message}
                      </span>
                    )}
                  </td>
                  <td>
                    <TimeBoth iso={r.health?.latestRestorable ?? null} />
                    {r.health?.rpoSeconds != null && (
                      <span className="block text-xs text-slate-600 dark:text-slate-400">
                        {t("rpo", { duration: humanDuration(r.health.rpoSeconds) })}
                      </span>
                    )}
                  </td>
                  <td>
                    <HealthMark row={r} />
                  </td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </TableFrame>
      )}
    </section>
  );
}

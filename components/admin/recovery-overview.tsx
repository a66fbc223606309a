"use client";
import { InstanceLink } from "@/components/instances/instance-link";
import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useRecoveryOverview } from "@/lib/queries/recovery-overview";
import { isAtRisk, overviewCsv, type OverviewRow } from "@/lib/ui/recovery-overview";
import { humanDuration, formatIn, formatNumber } from "@/lib/ui/time";
import { ErrorState, Loading, Empty } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeBoth, useBrowserZone } from "@/components/ui/time-both";
import { NameOrId } from "./name-or-id";
import { Button } from "@/components/ui/button";
import { saveCsv } from "@/components/ui/save-csv";
import { compactUtc } from "@/lib/domain/names";
import { Input, Select } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { SortableTh, Table, TableFrame, TableHead, Th, Tr } from "@/components/ui/table";
import { patchedQuery } from "@/lib/ui/url";

type SortKey = "project" | "instance" | "status" | "rpo" | "gaps24" | "gaps7" | "full";
const sorters: Record<SortKey, (a: OverviewRow, b: OverviewRow) => number> = {
  project: (a, b) =>
    (a.projectName ?? a.projectId).localeCompare(b.projectName ?? b.projectId) || a.instanceName.localeCompare(b.instanceName),
  instance: (a, b) => a.instanceName.localeCompare(b.instanceName),
  status: (a, b) => a.status.localeCompare(b.status),
  rpo: (a, b) => (a.rpoSeconds ?? Infinity) - (b.rpoSeconds ?? Infinity),
  gaps24: (a, b) => a.gapsLast24h - b.gapsLast24h,
  gaps7: (a, b) => a.gapsLast7d - b.gapsLast7d,
  full: (a, b) => (a.lastFullBackup?.ageSeconds ?? Infinity) - (b.lastFullBackup?.ageSeconds ?? Infinity),
};

const bucketsOf = (rows: OverviewRow[], threshold: number, none: string) => {
  const edges = [300, threshold, 3600, 6 * 3600, 86_400];
  const labels = ["≤ 5 min", `≤ ${humanDuration(threshold)}`, "≤ 1 h", "≤ 6 h", "≤ 1 d", "> 1 d", none];
  const counts = labels.map((label) => ({ label, count: 0, risky: false }));
  for (const r of rows) {
    const i =
      r.rpoSeconds === null
        ? 6
        : (() => {
            const k = edges.findIndex((e) => r.rpoSeconds! <= e);
            return k < 0 ? 5 : k;
          })();
    counts[i]!.count += 1;
  }
  counts.forEach((c, i) => (c.risky = i >= 2));
  return counts;
};

/** Every project's recoverability on one page, for the cloud admin. */
export function RecoveryOverview() {
  const t = useTranslations("overview");
  const locale = useLocale();
  const overview = useRecoveryOverview();
  const params = useSearchParams();
  const pathname = usePathname();
  const zone = useBrowserZone();
  const project = params.get("project") ?? "";
  const atRiskOnly = params.get("risk") === "1";
  const threshold = Math.max(60, Number(params.get("rpo") ?? 900) || 900);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "rpo", dir: -1 });
  // As on the recovery screen: a filter is the URL's business only, not a new server render.
  const setParam = (k: string, v: string | null) =>
    window.history.replaceState(null, "", patchedQuery(pathname, params.toString(), { [k]: v === "" ? null : v }));

  const all = useMemo(() => overview.data?.rows ?? [], [overview.data]);
  const projects = useMemo(() => {
    const names = new Map(all.map((r) => [r.projectId, r.projectName ?? null]));
    return [...names]
      .map(([id, name]) => ({ id, label: name ?? t("idOnly", { id: id.slice(0, 12) }) }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [all, t, locale]);
  const rows = useMemo(() => {
    const kept = all.filter((r) => (!project || r.projectId === project) && (!atRiskOnly || isAtRisk(r, threshold)));
    return [...kept].sort((a, b) => sort.dir * sorters[sort.key](a, b));
  }, [all, project, atRiskOnly, threshold, sort]);

  if (overview.isPending) return <Loading what="recoveryOverview" />;
  if (overview.isError) return <ErrorState what="recoveryOverview" error={overview.error} onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const risky = all.filter((r) => isAtRisk(r, threshold)).length;
  const inFlight = all.reduce((n, r) => n + r.recoveriesInFlight, 0);
  const rpos = all
    .map((r) => r.rpoSeconds)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const median = rpos.length ? rpos[Math.floor(rpos.length / 2)]! : null;

  const download = () => saveCsv(`recovery-overview-${compactUtc(Date.parse(data.generatedAt))}.csv`, overviewCsv(rows, threshold));
  const header = (key: SortKey, label: string) => (
    <SortableTh column={key} sort={sort} onSort={setSort}>
      {label}
    </SortableTh>
  );

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t("generated", {
          local: formatIn(data.generatedAt, zone, locale),
          utc: formatIn(data.generatedAt, "UTC", locale),
          calls: data.upstreamCalls,
        })}
        {data.capability === "stock" && ` ${t("stock")}`}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          [t("stats.instances"), formatNumber(all.length, locale)],
          [t("stats.atRisk"), formatNumber(risky, locale)],
          [t("stats.medianRpo"), median === null ? "—" : humanDuration(median)],
          [t("stats.inFlight"), formatNumber(inFlight, locale)],
        ].map(([k, v]) => (
          <div key={k} className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs text-slate-600 dark:text-slate-400">{k}</dt>
            <dd className="text-2xl font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      <Panel aria-labelledby="rpo-chart">
        <h2 id="rpo-chart" className="font-semibold">
          {t("chartTitle")}
        </h2>
        <div className="h-48" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              accessibilityLayer={false}
              data={bucketsOf(all, threshold, t("none"))}
              margin={{ top: 10, right: 10, left: 0, bottom: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={30} />
              <Tooltip />
              <ReferenceLine y={0} stroke="#94a3b8" />
              <Bar dataKey="count" name={t("stats.instances")} isAnimationActive={false}>
                {bucketsOf(all, threshold, t("none")).map((b) => (
                  <Cell key={b.label} fill={b.risky ? "#d97706" : "#059669"} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <p className="sr-only">
          {bucketsOf(all, threshold, t("none"))
            .map((b) => `${b.label}: ${b.count}`)
            .join("; ")}
        </p>
      </Panel>
      <div className="no-print flex flex-wrap items-end gap-4 text-sm">
        <label>
          {t("filters.project")}
          <Select layout="inline" value={project} onChange={(e) => setParam("project", e.target.value)}>
            <option value="">{t("filters.allProjects")}</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={atRiskOnly} onChange={(e) => setParam("risk", e.target.checked ? "1" : null)} />{" "}
          {t("filters.atRiskOnly")}
        </label>
        <label>
          {t("filters.threshold")}
          <Input
            layout="inline"
            type="number"
            min={1}
            value={Math.round(threshold / 60)}
            onChange={(e) => setParam("rpo", String(Math.max(1, Number(e.target.value) || 15) * 60))}
            className="w-20"
          />
        </label>
        <Button variant="outline" onClick={download}>
          {t("export", { rows: rows.length })}
        </Button>
      </div>
      {rows.length === 0 ? (
        <Empty title={t("noMatch")} />
      ) : (
        <TableFrame>
          <Table caption={t("caption")}>
            <TableHead>
              <tr>
                {header("project", t("columns.project"))}
                {header("instance", t("columns.instance"))}
                <Th>{t("columns.datastore")}</Th>
                {header("status", t("columns.status"))}
                <Th>{t("columns.latest")}</Th>
                {header("rpo", t("columns.rpo"))}
                {header("gaps24", t("columns.gaps24"))}
                {header("gaps7", t("columns.gaps7"))}
                {header("full", t("columns.full"))}
                <Th>{t("columns.inFlight")}</Th>
              </tr>
            </TableHead>
            <tbody>
              {rows.map((r) => {
                const risk = isAtRisk(r, threshold);
                return (
                  <Tr key={r.instanceId} className={risk ? "bg-amber-50/60 dark:bg-amber-950/30" : ""}>
                    <td>
                      <NameOrId name={r.projectName} id={r.projectId} what="project" />
                    </td>
                    <td>
                      <InstanceLink id={r.instanceId} weight="medium">
                        {r.instanceName}
                      </InstanceLink>
                      {risk && <span className="ml-1 text-xs text-amber-800 dark:text-amber-300">⚠ {t("atRisk")}</span>}
                      {r.error && <span className="block text-xs text-red-800 dark:text-red-300">{r.error}</span>}
                    </td>
                    <td>
                      {r.datastore.type} {r.datastore.version}
                    </td>
                    <td>
                      <StatusBadge status={r.status} tone={r.tone} />
                    </td>
                    <td>
                      <TimeBoth iso={r.latestRestorable} />
                    </td>
                    <td>{r.rpoSeconds === null ? "—" : humanDuration(r.rpoSeconds)}</td>
                    <td>{r.gapsLast24h}</td>
                    <td>{r.gapsLast7d}</td>
                    <td>
                      {r.lastFullBackup ? (
                        <>
                          {t("ago", { age: humanDuration(r.lastFullBackup.ageSeconds) })}{" "}
                          <StatusBadge status={r.lastFullBackup.status} tone={r.lastFullBackup.tone} />
                        </>
                      ) : (
                        t("none")
                      )}
                    </td>
                    <td>{r.recoveriesInFlight}</td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        </TableFrame>
      )}
      <Panel aria-labelledby="recent-recoveries">
        <h2 id="recent-recoveries" className="font-semibold">
          {t("recoveries.title")}
        </h2>
        {data.recoveries.length === 0 ? (
          <p className="mt-2 text-sm">{data.capability === "stock" ? t("recoveries.noneStock") : t("recoveries.none")}</p>
        ) : (
          <Table density="dense" className="mt-2">
            <thead>
              <tr>
                <Th>{t("recoveries.columns.requested")}</Th>
                <Th>{t("recoveries.columns.instance")}</Th>
                <Th>{t("recoveries.columns.who")}</Th>
                <Th>{t("recoveries.columns.point")}</Th>
                <Th>{t("recoveries.columns.status")}</Th>
              </tr>
            </thead>
            <tbody>
              {data.recoveries.slice(0, 50).map((rec) => (
                <Tr key={rec.id}>
                  <td>{formatIn(rec.created, zone, locale)}</td>
                  <td>{all.find((r) => r.instanceId === rec.instanceId)?.instanceName ?? rec.instanceId.slice(0, 8)}</td>
                  <td>{rec.userId ? <NameOrId name={rec.userName} id={rec.userId} what="user" /> : "—"}</td>
                  <td>{rec.pointInTime ? formatIn(rec.pointInTime, "UTC", locale) : t("recoveries.backupTime")}</td>
                  <td>
                    <StatusBadge status={rec.status} tone={rec.tone} />
                  </td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
    </div>
  );
}

"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useRecoveryOverview } from "@/lib/queries/recovery-overview";
import { isAtRisk, overviewCsv, type OverviewRow } from "@/lib/ui/recovery-overview";
import { humanDuration, formatIn } from "@/lib/ui/time";
import { ErrorState, Loading, Empty } from "@/components/ui/states";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeBoth, useBrowserZone } from "@/components/ui/time-both";
import { NameOrId } from "./name-or-id";

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

const bucketsOf = (rows: OverviewRow[], threshold: number) => {
  const edges = [300, threshold, 3600, 6 * 3600, 86_400];
  const labels = ["≤ 5 min", `≤ ${humanDuration(threshold)}`, "≤ 1 h", "≤ 6 h", "≤ 1 d", "> 1 d", "none"];
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
  const overview = useRecoveryOverview();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const zone = useBrowserZone();
  const project = params.get("project") ?? "";
  const atRiskOnly = params.get("risk") === "1";
  const threshold = Math.max(60, Number(params.get("rpo") ?? 900) || 900);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "rpo", dir: -1 });
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (v === null || v === "") next.delete(k);
    else next.set(k, v);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const all = useMemo(() => overview.data?.rows ?? [], [overview.data]);
  const projects = useMemo(() => {
    const names = new Map(all.map((r) => [r.projectId, r.projectName ?? null]));
    return [...names]
      .map(([id, name]) => ({ id, label: name ?? `${id.slice(0, 12)} (id)` }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [all]);
  const rows = useMemo(() => {
    const kept = all.filter((r) => (!project || r.projectId === project) && (!atRiskOnly || isAtRisk(r, threshold)));
    return [...kept].sort((a, b) => sort.dir * sorters[sort.key](a, b));
  }, [all, project, atRiskOnly, threshold, sort]);

  if (overview.isPending) return <Loading what="the recovery overview" />;
  if (overview.isError) return <ErrorState what="the recovery overview" error={overview.error} onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const risky = all.filter((r) => isAtRisk(r, threshold)).length;
  const inFlight = all.reduce((n, r) => n + r.recoveriesInFlight, 0);
  const rpos = all
    .map((r) => r.rpoSeconds)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const median = rpos.length ? rpos[Math.floor(rpos.length / 2)]! : null;

  const download = () => {
    const blob = new Blob([overviewCsv(rows, threshold)], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `recovery-overview-${data.generatedAt.replace(/[:]/g, "")}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.dir === 1 ? "ascending" : "descending") : "none"} className="px-2 py-2 text-left">
      <button
        type="button"
        onClick={() => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 }))}
        className="inline-flex gap-1 font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? "▲" : "▼") : "↕"}</span>
      </button>
    </th>
  );

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Generated {formatIn(data.generatedAt, zone)} ({formatIn(data.generatedAt, "UTC")}) from {data.upstreamCalls} Trove calls.
        {data.capability === "stock" && " This cloud archives no transaction logs: RPO is measured to the last completed backup."}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Instances", String(all.length)],
          ["At risk", String(risky)],
          ["Median RPO", median === null ? "—" : humanDuration(median)],
          ["Recoveries in flight", String(inFlight)],
        ].map(([k, v]) => (
          <div key={k} className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs text-slate-600 dark:text-slate-400">{k}</dt>
            <dd className="text-2xl font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="rpo-chart" className="rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="rpo-chart" className="font-semibold">
          RPO across the fleet
        </h2>
        <div className="h-48" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={bucketsOf(all, threshold)} margin={{ top: 10, right: 10, left: 0, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={30} />
              <Tooltip />
              <ReferenceLine y={0} stroke="#94a3b8" />
              <Bar dataKey="count" name="Instances" isAnimationActive={false}>
                {bucketsOf(all, threshold).map((b) => (
                  <Cell key={b.label} fill={b.risky ? "#d97706" : "#059669"} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <p className="sr-only">
          {bucketsOf(all, threshold)
            .map((b) => `${b.label}: ${b.count}`)
            .join("; ")}
        </p>
      </section>
      <div className="no-print flex flex-wrap items-end gap-4 text-sm">
        <label>
          Project
          <select
            value={project}
            onChange={(e) => setParam("project", e.target.value)}
            className="ml-2 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={atRiskOnly} onChange={(e) => setParam("risk", e.target.checked ? "1" : null)} /> At risk only
        </label>
        <label>
          RPO threshold (minutes)
          <input
            type="number"
            min={1}
            value={Math.round(threshold / 60)}
            onChange={(e) => setParam("rpo", String(Math.max(1, Number(e.target.value) || 15) * 60))}
            className="ml-2 w-20 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <button
          type="button"
          onClick={download}
          className="rounded border border-sky-800 px-3 py-1.5 font-medium text-sky-900 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-700 dark:text-sky-200 dark:hover:bg-sky-950"
        >
          Export CSV ({rows.length} rows)
        </button>
      </div>
      {rows.length === 0 ? (
        <Empty title="No instance matches the filters" />
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Recoverability of every instance in every project</caption>
            <thead className="bg-slate-100 dark:bg-slate-800">
              <tr>
                {header("project", "Project")}
                {header("instance", "Instance")}
                <th scope="col" className="px-2 py-2 text-left">
                  Datastore
                </th>
                {header("status", "Status")}
                <th scope="col" className="px-2 py-2 text-left">
                  Latest restorable
                </th>
                {header("rpo", "RPO")}
                {header("gaps24", "Gaps 24 h")}
                {header("gaps7", "Gaps 7 d")}
                {header("full", "Last full backup")}
                <th scope="col" className="px-2 py-2 text-left">
                  In flight
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const risk = isAtRisk(r, threshold);
                return (
                  <tr
                    key={r.instanceId}
                    className={`border-t border-slate-200 dark:border-slate-800 ${risk ? "bg-amber-50/60 dark:bg-amber-950/30" : ""}`}
                  >
                    <td className="px-2 py-1.5">
                      <NameOrId name={r.projectName} id={r.projectId} what="project" />
                    </td>
                    <td className="px-2 py-1.5">
                      <Link
                        href={`/project/instances/${r.instanceId}`}
                        prefetch={false}
                        className="font-medium text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                      >
                        {r.instanceName}
                      </Link>
                      {risk && <span className="ml-1 text-xs text-amber-800 dark:text-amber-300">⚠ at risk</span>}
                      {r.error && <span className="block text-xs text-red-800 dark:text-red-300">{r.error}</span>}
                    </td>
                    <td className="px-2 py-1.5">
                      {r.datastore.type} {r.datastore.version}
                    </td>
                    <td className="px-2 py-1.5">
                      <StatusBadge status={r.status} tone={r.tone} />
                    </td>
                    <td className="px-2 py-1.5">
                      <TimeBoth iso={r.latestRestorable} />
                    </td>
                    <td className="px-2 py-1.5">{r.rpoSeconds === null ? "—" : humanDuration(r.rpoSeconds)}</td>
                    <td className="px-2 py-1.5">{r.gapsLast24h}</td>
                    <td className="px-2 py-1.5">{r.gapsLast7d}</td>
                    <td className="px-2 py-1.5">
                      {r.lastFullBackup ? (
                        <>
                          {humanDuration(r.lastFullBackup.ageSeconds)} ago{" "}
                          <StatusBadge status={r.lastFullBackup.status} tone={r.lastFullBackup.tone} />
                        </>
                      ) : (
                        "none"
                      )}
                    </td>
                    <td className="px-2 py-1.5">{r.recoveriesInFlight}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section
        aria-labelledby="recent-recoveries"
        className="rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="recent-recoveries" className="font-semibold">
          Recent and in-flight recoveries
        </h2>
        {data.recoveries.length === 0 ? (
          <p className="mt-2 text-sm">
            No in-place recoveries recorded{data.capability === "stock" ? " (this cloud has no recovery API)" : ""}.
          </p>
        ) : (
          <table className="mt-2 min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className="px-2 py-1 text-left">
                  Requested
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Instance
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Who
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Point in time
                </th>
                <th scope="col" className="px-2 py-1 text-left">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {data.recoveries.slice(0, 50).map((rec) => (
                <tr key={rec.id} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="px-2 py-1">{formatIn(rec.created, zone)}</td>
                  <td className="px-2 py-1">
                    {all.find((r) => r.instanceId === rec.instanceId)?.instanceName ?? rec.instanceId.slice(0, 8)}
                  </td>
                  <td className="px-2 py-1">{rec.userId ? <NameOrId name={rec.userName} id={rec.userId} what="user" /> : "—"}</td>
                  <td className="px-2 py-1">{rec.pointInTime ? formatIn(rec.pointInTime, "UTC") : "backup's own time"}</td>
                  <td className="px-2 py-1">
                    <StatusBadge status={rec.status} tone={rec.tone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

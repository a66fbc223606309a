"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { explainPoint } from "@/lib/recovery";
import { ApiFailure } from "@/lib/queries/api";
import { useInstance, useTimeline } from "@/lib/queries/instances";
import { useLogEvents } from "@/lib/queries/log-events";
import { describeEvent, justBeforeSentence, typedLsnSentence } from "@/lib/ui/log-events";
import { useCreateBackup } from "@/lib/queries/writes";
import { ErrorState, Loading } from "@/components/ui/states";
import { InstanceAddresses } from "@/components/instances/instance-addresses";
import { RestoreProvenance } from "@/components/restores/restore-provenance";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeBoth, useBrowserZone } from "@/components/ui/time-both";
import { useHydrated } from "@/components/ui/hydrated";
import { BackupTimeline, type RangePreset } from "./backup-timeline";
import { BackupsTable, WindowsAndGaps } from "./coverage-lists";
import { DataPreview } from "./data-preview";
import { LogEventsPanel } from "./log-events-panel";
import { LsnField } from "./lsn-field";
import { PointPicker } from "./point-picker";
import { PointVerdictPanel } from "./point-verdict";
import { RestoreDialog } from "./restore-dialog";
import type { ZoneChoice } from "@/lib/ui/time";

/** The URL holds the chosen point, zone and zoom, so a link (or a runbook) reproduces the screen. */
function useUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const at = params.get("at");
  // Set with `at` by "restore to just before": stop before this log record, not at the end of `at`.
  const lsn = params.get("lsn");
  const tz: ZoneChoice = params.get("tz") === "utc" ? "utc" : "local";
  const rangeParam = params.get("range");
  const range: RangePreset = rangeParam === "1h" || rangeParam === "24h" || rangeParam === "all" ? rangeParam : "7d";
  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, router, pathname],
  );
  return { at, lsn, tz, range, set };
}

function BackupButtons({ instanceId, canWrite, busyStatus }: { instanceId: string; canWrite: boolean; busyStatus: boolean }) {
  const backup = useCreateBackup(instanceId);
  const hydrated = useHydrated();
  const why = !canWrite ? "Your role (reader) can look but not back up." : busyStatus ? "The instance is busy." : undefined;
  return (
    <div className="no-print flex flex-wrap items-center gap-2">
      {(["full", "incremental"] as const).map((kind) => (
        <button
          key={kind}
          type="button"
          disabled={!canWrite || backup.isPending || busyStatus || !hydrated}
          title={why}
          aria-describedby={why ? "backup-why" : undefined}
          onClick={() => backup.mutate(kind)}
          className="rounded border border-sky-800 px-3 py-1.5 text-sm font-medium text-sky-900 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-700 disabled:cursor-not-allowed disabled:opacity-50 dark:text-sky-200 dark:hover:bg-sky-950"
        >
          Back up now ({kind})
        </button>
      ))}
      {why && (
        <span id="backup-why" className="text-xs text-slate-600 dark:text-slate-400">
          {why}
        </span>
      )}
      {backup.isSuccess && (
        <span role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          Backup {backup.data.backup.name} started ({backup.data.backup.status}).
        </span>
      )}
      {backup.isError && (
        <span role="alert" className="text-sm text-red-800 dark:text-red-300">
          {backup.error instanceof ApiFailure ? backup.error.message : "The backup could not be started."}
        </span>
      )}
    </div>
  );
}

export function RecoveryScreen({ instanceId, canWrite }: { instanceId: string; canWrite: boolean }) {
  const instance = useInstance(instanceId);
  const timeline = useTimeline(instanceId);
  const logEvents = useLogEvents(instanceId);
  const url = useUrlState();
  const localZone = useBrowserZone();
  const zone = url.tz === "utc" ? "UTC" : localZone;
  const [dialog, setDialog] = useState(false);
  const hydrated = useHydrated();

  const verdict = useMemo(() => (timeline.data && url.at ? explainPoint(timeline.data, url.at) : null), [timeline.data, url.at]);

  if (instance.isPending) return <Loading what="the instance" />;
  if (instance.isError) return <ErrorState what="the instance" error={instance.error} onRetry={() => void instance.refetch()} />;
  const inst = instance.data.instance;
  const pitr = instance.data.capability === "pitr";
  // A point chosen any other way is a time, no longer "just before" a log record.
  const choose = (iso: string) => url.set({ at: iso, lsn: null });
  const justBefore = url.lsn ? (logEvents.data?.events.find((e) => e.lsn === url.lsn) ?? null) : null;
  const markers = (logEvents.data?.events ?? []).map((e) => ({ id: e.id, t: Date.parse(e.time), label: describeEvent(e) }));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{inst.name}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            <StatusBadge status={inst.status} tone={inst.tone} />
            <span>
              {inst.datastore.type} {inst.datastore.version}
            </span>
            {inst.volumeSize !== null && <span>· {inst.volumeSize} GB</span>}
            <span className="font-mono text-xs">· {inst.id}</span>
            {inst.addresses && (
              <span>
                · <InstanceAddresses addresses={inst.addresses} />
              </span>
            )}
          </p>
          {inst.fault && (
            <p role="alert" className="mt-2 rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
              Fault: {inst.fault.message}
            </p>
          )}
        </div>
        <BackupButtons instanceId={inst.id} canWrite={canWrite} busyStatus={inst.status !== "ACTIVE"} />
      </div>

      {inst.restoredFrom && <RestoreProvenance instanceId={inst.id} from={inst.restoredFrom} zone={zone} />}

      {!pitr && (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          This cloud archives no transaction logs: you can restore to the moment a backup completed. Each completed backup below is a
          restore point; in-place recovery is not available.
        </p>
      )}

      {timeline.isPending ? (
        <Loading what="the backup timeline" />
      ) : timeline.isError ? (
        <ErrorState what="the backup timeline" error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Latest restorable:{" "}
            <strong>
              <TimeBoth iso={timeline.data.latest} />
            </strong>
            {timeline.data.earliest && (
              <>
                {" "}
                · Earliest: <TimeBoth iso={timeline.data.earliest} />
              </>
            )}
            {timeline.isRefetching && (
              <span className="ml-2 text-xs" aria-hidden="true">
                ↻
              </span>
            )}
          </p>
          <BackupTimeline
            timeline={timeline.data}
            events={markers}
            zone={zone}
            range={url.range}
            onRangeChange={(r) => url.set({ range: r })}
            selected={url.at}
            onSelect={choose}
          />
          <div className="grid gap-4 xl:grid-cols-[1fr_24rem]">
            <fieldset disabled={!hydrated} className="contents">
              <PointPicker
                key={`${url.at ?? ""}|${zone}`}
                timeline={timeline.data}
                point={url.at}
                zoneChoice={url.tz}
                localZone={localZone}
                onZoneChoice={(tz) => url.set({ tz })}
                onPoint={choose}
              />
            </fieldset>
            <section
              aria-labelledby="verdict-heading"
              className="space-y-3 rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            >
              <h2 id="verdict-heading" className="text-lg font-semibold">
                Restore
              </h2>
              {!verdict ? (
                <p className="text-sm">Choose a point on the timeline, in the calendar, or take the latest restorable one.</p>
              ) : (
                <PointVerdictPanel verdict={verdict} zone={zone} onJump={choose} stock={!pitr} />
              )}
              {verdict?.recoverable && url.lsn && (
                <p
                  data-testid="just-before"
                  className="rounded bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
                >
                  {justBefore ? justBeforeSentence(justBefore) : typedLsnSentence(url.lsn)}
                </p>
              )}
              {pitr && (
                <fieldset disabled={!hydrated} className="contents">
                  <LsnField key={url.lsn ?? ""} lsn={url.lsn} onLsn={(lsn) => url.set({ lsn })} />
                </fieldset>
              )}
              <button
                type="button"
                disabled={!canWrite || !verdict?.recoverable}
                onClick={() => setDialog(true)}
                className="no-print w-full rounded bg-sky-800 px-3 py-2 font-semibold text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-800 disabled:cursor-not-allowed disabled:opacity-50"
              >
                Restore to this point…
              </button>
              {!canWrite && (
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  Your role (reader) can look but not restore. Ask a project member.
                </p>
              )}
            </section>
          </div>
          {logEvents.data?.supported && pitr && (
            <DataPreview
              instanceId={inst.id}
              point={url.at}
              lsn={url.lsn}
              suggestedQuery={justBefore ? `SELECT count(*) FROM ${justBefore.relations[0] ?? "pg_class"}` : "SELECT now()"}
              canWrite={canWrite}
              zone={zone}
            />
          )}
          <LogEventsPanel
            events={logEvents.data}
            timeline={timeline.data}
            zone={zone}
            chosenLsn={justBefore?.lsn ?? null}
            onJustBefore={(at, lsn) => url.set({ at, lsn })}
          />
          <WindowsAndGaps timeline={timeline.data} zone={zone} onJump={choose} />
          <BackupsTable timeline={timeline.data} zone={zone} />
          {dialog && verdict?.recoverable && (
            <RestoreDialog
              instance={inst}
              verdict={verdict}
              justBefore={justBefore}
              lsn={url.lsn}
              pitr={pitr}
              localZone={localZone}
              onClose={() => setDialog(false)}
            />
          )}
        </>
      )}
    </div>
  );
}

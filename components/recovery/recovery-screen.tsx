"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { explainPoint } from "@/lib/recovery";
import { useInstance, useTimeline } from "@/lib/queries/instances";
import { useLogEvents } from "@/lib/queries/log-events";
import { describeEvent, justBeforeSentence, typedLsnSentence } from "@/lib/ui/log-events";
import { useCreateBackup } from "@/lib/queries/writes";
import { ErrorState, Loading } from "@/components/ui/states";
import { useErrorMessage } from "@/components/ui/use-error-message";
import { InstanceAddresses } from "@/components/instances/instance-addresses";
import { RestoreProvenance } from "@/components/restores/restore-provenance";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeBoth, useBrowserZone } from "@/components/ui/time-both";
import { useHydrated } from "@/components/ui/hydrated";
import { UntilHydrated } from "@/components/ui/until-hydrated";
import { BackupTimeline, type RangePreset } from "./backup-timeline";
import { BackupsTable, WindowsAndGaps } from "./coverage-lists";
import { DataPreview } from "./data-preview";
import { LogEventsPanel } from "./log-events-panel";
import { LsnField } from "./lsn-field";
import { PointPicker } from "./point-picker";
import { PointVerdictPanel } from "./point-verdict";
import { RestoreDialog } from "./restore-dialog";
import type { ZoneChoice } from "@/lib/ui/time";
import { patchedQuery } from "@/lib/ui/url";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";

/** The URL holds the chosen point, zone and zoom, so a link (or a runbook) reproduces the screen. */
function useUrlState() {
  const params = useSearchParams();
  const pathname = usePathname();
  const at = params.get("at");
  // Set with `at` by "restore to just before": stop before this log record, not at the end of `at`.
  const lsn = params.get("lsn");
  const tz: ZoneChoice = params.get("tz") === "utc" ? "utc" : "local";
  const rangeParam = params.get("range");
  const range: RangePreset = rangeParam === "1h" || rangeParam === "24h" || rangeParam === "all" ? rangeParam : "7d";
  // Not router.replace: that renders the page again on the server, reading Trove, for every pick.
  // Next keeps useSearchParams in step with the history API.
  const set = useCallback(
    (patch: Record<string, string | null>) => window.history.replaceState(null, "", patchedQuery(pathname, params.toString(), patch)),
    [params, pathname],
  );
  return { at, lsn, tz, range, set };
}

function BackupButtons({ instanceId, canWrite, busyStatus }: { instanceId: string; canWrite: boolean; busyStatus: boolean }) {
  const t = useTranslations("recovery");
  const errorMessage = useErrorMessage();
  const backup = useCreateBackup(instanceId);
  const hydrated = useHydrated();
  const why = !canWrite ? t("readerNoBackup") : busyStatus ? t("busy") : undefined;
  return (
    <div className="no-print flex flex-wrap items-center gap-2">
      {(["full", "incremental"] as const).map((kind) => (
        <Button
          key={kind}
          variant="outline"
          disabled={!canWrite || backup.isPending || busyStatus || !hydrated}
          title={why}
          aria-describedby={why ? "backup-why" : undefined}
          onClick={() => backup.mutate(kind)}
          className="text-sm"
        >
          {t("backUpNow", { kind })}
        </Button>
      ))}
      {why && (
        <span id="backup-why" className="text-xs text-slate-600 dark:text-slate-400">
          {why}
        </span>
      )}
      {backup.isSuccess && (
        <span role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {t("backupStarted", { name: backup.data.backup.name, status: backup.data.backup.status })}
        </span>
      )}
      {backup.isError && (
        <span role="alert" className="text-sm text-red-800 dark:text-red-300">
          {backup.error ? errorMessage(backup.error) : t("backupFailed")}
        </span>
      )}
    </div>
  );
}

export function RecoveryScreen({ instanceId, canWrite }: { instanceId: string; canWrite: boolean }) {
  const t = useTranslations("recovery");
  const locale = useLocale();
  const logWording = { t: useTranslations("logEvents"), locale };
  const instance = useInstance(instanceId);
  const timeline = useTimeline(instanceId);
  const logEvents = useLogEvents(instanceId);
  const url = useUrlState();
  const localZone = useBrowserZone();
  const zone = url.tz === "utc" ? "UTC" : localZone;
  const [dialog, setDialog] = useState(false);

  const verdict = useMemo(() => (timeline.data && url.at ? explainPoint(timeline.data, url.at) : null), [timeline.data, url.at]);

  if (instance.isPending) return <Loading what="instance" />;
  if (instance.isError) return <ErrorState what="instance" error={instance.error} onRetry={() => void instance.refetch()} />;
  const inst = instance.data.instance;
  const pitr = instance.data.capability === "pitr";
  // A point chosen any other way is a time, no longer "just before" a log record.
  const choose = (iso: string) => url.set({ at: iso, lsn: null });
  const justBefore = url.lsn ? (logEvents.data?.events.find((e) => e.lsn === url.lsn) ?? null) : null;
  const markers = (logEvents.data?.events ?? []).map((e) => ({ id: e.id, t: Date.parse(e.time), label: describeEvent(e, logWording) }));

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
            {inst.volumeSize !== null && <span>· {t("volume", { size: inst.volumeSize })}</span>}
            <span className="font-mono text-xs">· {inst.id}</span>
            {inst.addresses && (
              <span>
                · <InstanceAddresses addresses={inst.addresses} />
              </span>
            )}
          </p>
          {inst.fault && (
            <p role="alert" className="mt-2 rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
              {t("fault", { message: inst.fault.message })}
            </p>
          )}
        </div>
        <BackupButtons instanceId={inst.id} canWrite={canWrite} busyStatus={inst.status !== "ACTIVE"} />
      </div>

      {inst.restoredFrom && <RestoreProvenance instanceId={inst.id} from={inst.restoredFrom} zone={zone} />}

      {!pitr && (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {t("stock")}
        </p>
      )}

      {timeline.isPending ? (
        <Loading what="timeline" />
      ) : timeline.isError ? (
        <ErrorState what="timeline" error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {t("latest")}{" "}
            <strong>
              <TimeBoth iso={timeline.data.latest} />
            </strong>
            {timeline.data.earliest && (
              <>
                {" "}
                · {t("earliest")} <TimeBoth iso={timeline.data.earliest} />
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
            <UntilHydrated>
              <PointPicker
                key={`${url.at ?? ""}|${zone}`}
                timeline={timeline.data}
                point={url.at}
                zoneChoice={url.tz}
                localZone={localZone}
                onZoneChoice={(tz) => url.set({ tz })}
                onPoint={choose}
              />
            </UntilHydrated>
            <Panel aria-labelledby="verdict-heading" className="space-y-3">
              <h2 id="verdict-heading" className="text-lg font-semibold">
                {t("restoreHeading")}
              </h2>
              {!verdict ? (
                <p className="text-sm">{t("choosePrompt")}</p>
              ) : (
                <PointVerdictPanel verdict={verdict} zone={zone} onJump={choose} stock={!pitr} />
              )}
              {verdict?.recoverable && url.lsn && (
                <p
                  data-testid="just-before"
                  className="rounded bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
                >
                  {justBefore ? justBeforeSentence(justBefore, logWording) : typedLsnSentence(url.lsn, logWording)}
                </p>
              )}
              {pitr && (
                <UntilHydrated>
                  <LsnField key={url.lsn ?? ""} lsn={url.lsn} onLsn={(lsn) => url.set({ lsn })} />
                </UntilHydrated>
              )}
              <Button
                variant="primary"
                size="lg"
                weight="semibold"
                wide
                disabled={!canWrite || !verdict?.recoverable}
                onClick={() => setDialog(true)}
                className="no-print"
              >
                {t("restoreHere")}
              </Button>
              {!canWrite && <p className="text-xs text-slate-600 dark:text-slate-400">{t("readerNoRestore")}</p>}
            </Panel>
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

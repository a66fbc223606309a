"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { useQuery } from "@tanstack/react-query";
import { instanceQuery } from "@/lib/queries/instances";
import { useInstanceWatch } from "@/lib/queries/status";
import { InstanceAddresses } from "@/components/instances/instance-addresses";
import { StatusBadge } from "@/components/ui/status-badge";
import { useBrowserZone } from "@/components/ui/time-both";
import { RestoreProvenance } from "./restore-provenance";
import { punctuality } from "@/lib/ui/restore-estimate";
import { formatIn, humanDuration } from "@/lib/ui/time";

const STEPS = ["requested", "building", "active"] as const;

const everySecond = (tick: () => void) => {
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
};
const still = () => () => {};
const thisSecond = () => Math.floor(Date.now() / 1000) * 1000;

/** A restore from request to ACTIVE (or ERROR with the fault), live; a reload picks it up again. */
export function RestoreTracker(props: {
  targetId: string;
  sourceId: string;
  mode: "new" | "in-place";
  at: string | null;
  requested: string | null;
  /** The dialog's estimate and when it counts as late, in seconds (absent without one). */
  eta?: number | null;
  lateAfter?: number | null;
}) {
  const t = useTranslations("tracker");
  const locale = useLocale();
  const estimateWording = { t: useTranslations("estimate"), locale };
  const watch = useInstanceWatch(props.targetId);
  const zone = useBrowserZone();
  const s = watch.status;
  const finished = s?.done ?? false;
  // Null in the server's HTML and in the render that takes it over: a clock read on both sides would
  // differ by the time between them, and React would throw the page away and draw it again.
  const now = useSyncExternalStore(finished ? still : everySecond, thisSecond, () => null);

  const failed = s !== null && s.done && s.tone === "error";
  const active = s !== null && s.done && !failed;
  // Read once ACTIVE, and only trusted when at least as new as that status: after an in-place
  // recovery the cache may still hold the instance from before, with the old provenance.
  const detail = useQuery({ ...instanceQuery(props.targetId), enabled: active, staleTime: 0 });
  const settled = active && detail.data && detail.data.instance.updated >= s.updated ? detail.data.instance : null;
  const step = !s ? 1 : active ? 3 : failed ? 2 : 1;
  const started = props.requested ? Date.parse(props.requested) : null;
  const endedAt = s?.done ? Date.parse(s.updated) : now;
  const elapsed = started !== null && endedAt !== null ? Math.max(0, (endedAt - started) / 1000) : null;
  const pace =
    elapsed !== null && !s?.done
      ? punctuality(elapsed, props.eta ?? null, props.lateAfter ?? null, estimateWording)
      : { kind: "none" as const };

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        {t(props.mode === "in-place" ? "titleInPlace" : "titleNew")}
        {s ? `: ${s.name}` : ""}
      </h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt>{t("point")}</dt>
        <dd>{props.at ? `${formatIn(props.at, zone, locale)} = ${formatIn(props.at, "UTC", locale)}` : "—"}</dd>
        <dt>{t("instance")}</dt>
        <dd className="font-mono text-xs">{props.targetId}</dd>
        <dt>{t("status")}</dt>
        <dd aria-live="polite" data-testid="restore-status">
          {s ? <StatusBadge status={s.status} tone={s.tone} /> : t("waiting")}
        </dd>
        <dt>{t("elapsed")}</dt>
        <dd data-testid="restore-elapsed">{pace.kind === "on-time" ? pace.text : elapsed !== null ? humanDuration(elapsed) : "—"}</dd>
      </dl>
      {pace.kind === "late" && (
        <p
          role="alert"
          data-testid="restore-late"
          className="rounded border border-amber-500 bg-amber-50 p-3 text-sm font-medium text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
        >
          ⚠ {pace.text}
        </p>
      )}
      <ol className="flex gap-2" aria-label={t("progress")}>
        {STEPS.map((stage, i) => {
          const n = i + 1;
          const state = failed && n === 2 ? "failed" : n < step || (n === step && active) ? "done" : n === step ? "current" : "todo";
          return (
            <li
              key={stage}
              aria-current={state === "current" ? "step" : undefined}
              className={`flex-1 rounded border px-3 py-2 text-sm ${state === "done" ? "border-emerald-600 bg-emerald-50 dark:bg-emerald-950" : state === "current" ? "border-amber-600 bg-amber-50 dark:bg-amber-950" : state === "failed" ? "border-red-600 bg-red-50 dark:bg-red-950" : "border-slate-300 dark:border-slate-700"}`}
            >
              <span aria-hidden="true">{state === "done" ? "✓ " : state === "failed" ? "✕ " : state === "current" ? "◐ " : "○ "}</span>
              {t(`steps.${stage}`)}
              <span className="sr-only"> ({t(`states.${state}`)})</span>
            </li>
          );
        })}
      </ol>
      {!finished && (
        <div>
          <div
            className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
            role="progressbar"
            aria-label={t("inProgress")}
            aria-valuetext={s?.status ?? t("starting")}
          >
            <div className="h-full w-1/3 animate-pulse rounded bg-amber-500" />
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {t(watch.live === "stream" ? "live" : "polling")} {t("canLeave")}
          </p>
        </div>
      )}
      {watch.error && (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          {t("statusError", { message: watch.error })}
        </p>
      )}
      {failed && (
        <div
          role="alert"
          className="rounded border border-red-400 bg-red-50 p-3 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-semibold">{t("failed")}</p>
          <p>{s?.fault?.message ?? t("noFault")}</p>
        </div>
      )}
      {active && (
        <p
          role="status"
          className="rounded border border-emerald-400 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100"
        >
          ✓{" "}
          {props.at ? t("activeAsOf", { name: s?.name ?? "", at: formatIn(props.at, zone, locale) }) : t("active", { name: s?.name ?? "" })}
          {settled?.addresses && (
            <>
              {" "}
              <InstanceAddresses addresses={settled.addresses} />.
            </>
          )}
        </p>
      )}
      {settled?.restoredFrom && <RestoreProvenance instanceId={settled.id} from={settled.restoredFrom} zone={zone} />}
      <p className="flex gap-4 text-sm">
        <Link href={`/project/instances/${props.targetId}`} prefetch={false} className="text-sky-800 underline dark:text-sky-300">
          {t(props.mode === "new" ? "openNew" : "openInstance")}
        </Link>
        {props.mode === "new" && (
          <Link
            href={`/project/instances/${props.sourceId}${props.at ? `?at=${encodeURIComponent(props.at)}` : ""}`}
            prefetch={false}
            className="text-sky-800 underline dark:text-sky-300"
          >
            {t("backToSource")}
          </Link>
        )}
      </p>
    </div>
  );
}

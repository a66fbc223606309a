"use client";
import { useLocale, useTranslations } from "next-intl";
import type { LogEventsResponse, TimelineResponse } from "@/lib/api/schemas";
import { explainPoint } from "@/lib/recovery";
import { describeEvent, secondBefore } from "@/lib/ui/log-events";
import { formatClockMillis, formatBoth } from "@/lib/ui/provenance";
import { useExplanation } from "@/components/ui/use-domain-text";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";

/**
 * Destructive changes found in the transaction log (DROP, TRUNCATE), each with "restore to just
 * before this": the moment before the mistake, which is the point most restores are looking for.
 */
export function LogEventsPanel(props: {
  events: LogEventsResponse | undefined;
  timeline: TimelineResponse;
  zone: string;
  chosenLsn: string | null;
  onJustBefore(at: string, lsn: string): void;
}) {
  const { events, timeline, zone } = props;
  const t = useTranslations("logEvents");
  const locale = useLocale();
  const explain = useExplanation("refusal");
  if (!events) return null;
  if (!events.supported) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t("unsupported")}</p>;
  }
  return (
    <Panel aria-labelledby="events-heading">
      <h2 id="events-heading" className="font-semibold">
        {t("title", { count: events.events.length })}
      </h2>
      {events.events.length === 0 ? (
        <p className="mt-2 text-sm">{t("none")}</p>
      ) : (
        <ul aria-label={t("listLabel")} className="mt-2 max-h-64 space-y-2 overflow-y-auto text-sm">
          {[...events.events].reverse().map((e) => {
            const at = secondBefore(e);
            const verdict = explainPoint(timeline, at);
            const chosen = props.chosenLsn === e.lsn;
            return (
              <li
                key={e.id}
                data-testid="log-event"
                className={`flex flex-wrap items-center justify-between gap-2 rounded px-2 py-1 ${chosen ? "bg-amber-50 dark:bg-amber-950" : ""}`}
              >
                <span>
                  <strong className="text-orange-800 dark:text-orange-300">{describeEvent(e, { t, locale })}</strong>{" "}
                  <span title={formatBoth(e.time, zone, locale)}>
                    {t("at", { time: formatClockMillis(e.time, zone, timeline.generatedAt, locale) })}
                  </span>
                  <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">
                    {e.xid !== null
                      ? t("whereXid", { xid: String(e.xid), lsn: e.lsn, timeline: String(e.timeline) })
                      : t("where", { lsn: e.lsn, timeline: String(e.timeline) })}
                  </span>
                </span>
                <Button
                  variant="orange"
                  size="xs"
                  disabled={!verdict.recoverable}
                  title={verdict.recoverable ? undefined : explain(verdict.code, verdict.reason)}
                  onClick={() => props.onJustBefore(at, e.lsn)}
                >
                  {t("restoreBefore")}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

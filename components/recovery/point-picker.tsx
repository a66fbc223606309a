"use client";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent } from "react";
import { DayPicker } from "react-day-picker";
import { de, enGB } from "react-day-picker/locale";
import type { TimelineResponse } from "@/lib/api/schemas";
import { justBeforePoints } from "@/lib/ui/just-before";
import { recoverableDays } from "@/lib/ui/timeline-samples";
import { dateAndTimeIn, formatIn, wallTimeToUtc, type ZoneChoice } from "@/lib/ui/time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";

const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
/** DayPicker works in the browser's calendar; a zone's calendar day is shown as that local date. */
const asLocalDate = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d, 12);
};

/**
 * Date (days without recoverable time disabled), time to the second, and the zone it is read in
 * (local or UTC, the other always shown beside it). "Latest restorable" is one click. The URL is
 * the source of truth: the parent keys this component on the point and zone, so the fields follow.
 */
export function PointPicker(props: {
  timeline: TimelineResponse;
  point: string | null;
  zoneChoice: ZoneChoice;
  localZone: string;
  onZoneChoice(z: ZoneChoice): void;
  onPoint(iso: string): void;
}) {
  const { timeline, point, zoneChoice, localZone } = props;
  const t = useTranslations("picker");
  const tw = useTranslations("wallTime");
  const locale = useLocale();
  const zone = zoneChoice === "utc" ? "UTC" : localZone;
  const other = zoneChoice === "utc" ? localZone : "UTC";
  const current = point ? dateAndTimeIn(Date.parse(point), zone) : null;
  const [day, setDay] = useState(current?.date ?? (timeline.latest ? dateAndTimeIn(Date.parse(timeline.latest), zone).date : ""));
  const [time, setTime] = useState(current?.time ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const days = useMemo(() => recoverableDays(timeline, (ms) => dateAndTimeIn(ms, zone).date), [timeline, zone]);
  const stock = timeline.capability === "stock";

  const apply = (d: string, clock: string) => {
    const r = wallTimeToUtc(d, clock, zone, { t: tw, locale });
    if (!r.ok) {
      setProblem(r.message);
      return;
    }
    setProblem(null);
    setNote(r.note ?? null);
    props.onPoint(r.iso);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(day, time);
  };

  return (
    <Panel aria-labelledby="picker-heading">
      <h2 id="picker-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <fieldset className="mt-2 flex items-center gap-3 text-sm">
        <legend className="sr-only">{t("zone")}</legend>
        <span>{t("zoneLabel")}</span>
        <label className="flex items-center gap-1">
          <input type="radio" name="zone" checked={zoneChoice === "local"} onChange={() => props.onZoneChoice("local")} />{" "}
          {t("local", { zone: localZone })}
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="zone" checked={zoneChoice === "utc"} onChange={() => props.onZoneChoice("utc")} /> UTC
        </label>
      </fieldset>
      <div className="mt-2 flex flex-wrap gap-6">
        <DayPicker
          mode="single"
          weekStartsOn={1}
          locale={locale === "de" ? de : enGB}
          selected={day ? asLocalDate(day) : undefined}
          defaultMonth={day ? asLocalDate(day) : undefined}
          onSelect={(d) => {
            if (!d) return;
            const picked = ymd(d);
            setDay(picked);
            if (time) apply(picked, time);
          }}
          disabled={(d) => !days.has(ymd(d))}
          footer={<p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t("daysDisabled")}</p>}
        />
        <form onSubmit={submit} className="space-y-3 text-sm">
          <label className="block font-medium">
            {t("date", { zone })}
            <Input layout="narrow" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
          </label>
          <label className="block font-medium">
            {t("time", { zone })}
            <Input layout="narrow" type="time" step={1} value={time} onChange={(e) => setTime(e.target.value)} />
          </label>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="primary">
              {t("use")}
            </Button>
            <Button variant="violet" disabled={!timeline.latest} onClick={() => timeline.latest && props.onPoint(timeline.latest)}>
              {t(stock ? "latestPoint" : "latest")}
            </Button>
          </div>
          {!stock && (
            <p className="max-w-sm text-xs text-slate-600 dark:text-slate-400" data-testid="commit-time-note">
              {t("commitTimes")}
            </p>
          )}
          {problem && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {problem}
            </p>
          )}
          {note && <p className="text-amber-800 dark:text-amber-300">{note}</p>}
          {point && (
            <p className="text-slate-700 dark:text-slate-300" data-testid="chosen-point">
              {t("chosen")} <strong>{formatIn(point, zone, locale)}</strong>
              <br />
              <span className="text-xs">= {formatIn(point, other, locale)}</span>
            </p>
          )}
          {point && <JustBefore timeline={timeline} point={point} zone={zone} onPoint={props.onPoint} />}
        </form>
      </div>
    </Panel>
  );
}

/** One click to a point shortly before the chosen one, moved into recoverable time when needed. */
function JustBefore({
  timeline,
  point,
  zone,
  onPoint,
}: {
  timeline: TimelineResponse;
  point: string;
  zone: string;
  onPoint(iso: string): void;
}) {
  const t = useTranslations("justBefore");
  const locale = useLocale();
  const points = useMemo(
    () => justBeforePoints(timeline.recoverable, Date.parse(point), undefined, { t, locale }),
    [timeline.recoverable, point, t, locale],
  );
  return (
    <fieldset className="max-w-sm" data-testid="just-before-points">
      <legend className="font-medium">{t("legend")}</legend>
      <ul className="mt-1 space-y-1">
        {points.map((p) => (
          <li key={p.offsetSeconds}>
            <Button size="xs" weight="medium" disabled={p.iso === null} onClick={() => p.iso && onPoint(p.iso)}>
              {p.label}
            </Button>{" "}
            <span className="text-xs text-slate-700 dark:text-slate-300">
              {p.iso ? dateAndTimeIn(Date.parse(p.iso), zone).time : t("none")}
            </span>
            {p.snap && <span className="block text-xs text-amber-800 dark:text-amber-300">{p.snap}</span>}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

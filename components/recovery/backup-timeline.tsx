"use client";
import { useLocale, useTranslations } from "next-intl";
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type PointerEvent, type RefObject } from "react";
import type { TimelineResponse } from "@/lib/api/schemas";
import { buildSamples, rangeFor, snapToRecoverable, type RangePreset, type Sample } from "@/lib/ui/timeline-samples";
import { bucketAt, linearScale, runsOf, type BrushWindow, type Run, type Scale } from "@/lib/ui/timeline-geometry";
import { axisInstant, axisTicks } from "@/lib/ui/time-axis";
import { dateAndTimeIn, formatIn } from "@/lib/ui/time";
import { formatUtc } from "@/lib/recovery";
import { useExplanation } from "@/components/ui/use-domain-text";
import { Panel } from "@/components/ui/panel";
import { TimelineBrush } from "./timeline-brush";

export type { RangePreset };

const PRESETS: readonly RangePreset[] = ["1h", "24h", "7d", "all"];

/**
 * The chart's frame, in pixels: the plot, the time axis under it, the brush at the bottom. Drawn
 * by hand in SVG rather than with recharts: the chart was half of this screen's main-thread time
 * (its store, selectors and layout passes for some 400 shapes), and what it drew is a handful of
 * rectangles on one time scale.
 */
const HEIGHT = 256;
const MARGIN = { top: 10, right: 20, bottom: 5, left: 10 };
const AXIS = 30;
const BRUSH = 22;
const PLOT_BOTTOM = HEIGHT - MARGIN.bottom - BRUSH - AXIS;
/** The plot's vertical scale runs 0..TOP; bands and rows are placed on it. */
const TOP = 2.8;
const ROW_FULL = 2.3;
const ROW_INCREMENTAL = 1.75;
const y = linearScale(0, TOP, PLOT_BOTTOM, MARGIN.top);

interface BackupMark {
  t: number;
  id: string;
  name: string;
  kind: "full" | "incremental";
  status: string;
  restorable: boolean;
  reason?: string;
  reasonCode?: string;
}

function BackupShape({ cx, mark, title }: { cx: number; mark: BackupMark; title: string }) {
  const cy = y(mark.kind === "full" ? ROW_FULL : ROW_INCREMENTAL);
  const unusable = !mark.restorable;
  if (mark.status === "FAILED") {
    return (
      <g>
        <title>{title}</title>
        <path d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`} stroke="#b91c1c" strokeWidth={2.5} />
      </g>
    );
  }
  const r = mark.kind === "full" ? 6 : 4;
  return (
    <g>
      <title>{title}</title>
      {mark.kind === "full" ? (
        <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} fill={unusable ? "#fff" : "#0369a1"} stroke="#0369a1" strokeWidth={1.5} />
      ) : (
        <circle cx={cx} cy={cy} r={r} fill={unusable ? "#fff" : "#0891b2"} stroke="#0e7490" strokeWidth={1.5} />
      )}
    </g>
  );
}

function SampleTooltip({ sample: s, zone }: { sample: Sample; zone: string }) {
  const t = useTranslations("timeline");
  const locale = useLocale();
  const explainGap = useExplanation("gapCause");
  const state = s.gap
    ? t("tooltip.gap", { message: explainGap(s.gapCause ?? undefined, s.gapMessage ?? undefined) })
    : s.recoverable
      ? t("tooltip.recoverable")
      : s.logs
        ? t("tooltip.logsOnly")
        : t("tooltip.notCovered");
  return (
    <>
      <p>
        {axisInstant(s.t, zone, locale)} – {dateAndTimeIn(s.end, zone).time}
      </p>
      <p className="text-slate-600 dark:text-slate-400">{formatIn(s.t, "UTC", locale)}</p>
      <p
        className={`mt-1 font-semibold ${s.gap ? "text-red-700 dark:text-red-300" : s.recoverable ? "text-emerald-800 dark:text-emerald-300" : ""}`}
      >
        {state}
      </p>
    </>
  );
}

/** A band from 0 up to `height` on the plot's scale, for each run. */
function Band({
  runs,
  x,
  height,
  fill,
  opacity,
  edge,
}: {
  runs: Run[];
  x: Scale;
  height: number;
  fill: string;
  opacity: number;
  edge?: string;
}) {
  return (
    <g>
      {runs.map((r) => (
        <g key={r.from}>
          <rect
            x={x(r.from)}
            y={y(height)}
            width={Math.max(1, x(r.to) - x(r.from))}
            height={y(0) - y(height)}
            fill={fill}
            fillOpacity={opacity}
          />
          {edge && <line x1={x(r.from)} x2={x(r.to)} y1={y(height)} y2={y(height)} stroke={edge} />}
        </g>
      ))}
    </g>
  );
}

/** A vertical line across the plot with a small label at its top or bottom. */
function Marker(props: {
  at: number;
  color: string;
  dash?: string;
  label: string;
  labelColor?: string;
  place: "topLeft" | "topRight" | "bottom";
}) {
  const { at, place } = props;
  const ty = place === "bottom" ? PLOT_BOTTOM - 5 : MARGIN.top + 12;
  return (
    <g>
      <line x1={at} x2={at} y1={MARGIN.top} y2={PLOT_BOTTOM} stroke={props.color} strokeWidth={2} strokeDasharray={props.dash} />
      <text
        x={place === "topLeft" ? at - 5 : at + 5}
        y={ty}
        textAnchor={place === "topLeft" ? "end" : "start"}
        fontSize={11}
        fill={props.labelColor ?? props.color}
      >
        {props.label}
      </text>
    </g>
  );
}

/**
 * What the chart draws that does not follow the pointer. Memoised: the hover line and card re-render
 * the chart on every pointer move, and this layer (every backup's mark and worded title) need not.
 */
const PlotLayers = memo(function PlotLayers({
  x,
  shownFrom,
  shownTo,
  chains,
  bands,
  midnights,
  marks,
  events,
  latest,
  selected,
  labels,
}: {
  x: Scale;
  shownFrom: number;
  shownTo: number;
  chains: { id: string; from: number; to: number }[];
  bands: { logs: Run[]; recoverable: Run[]; gaps: Run[] };
  midnights: number[];
  marks: { mark: BackupMark; title: string }[];
  events: { id: string; t: number; label: string }[];
  latest: number | null;
  selected: number | null;
  labels: { latest: string; chosen: string };
}) {
  return (
    <>
      {chains.map((c) => {
        const a = x(Math.max(c.from, shownFrom));
        const b = x(Math.min(c.to, shownTo));
        if (b <= a) return null;
        return (
          <rect
            key={c.id}
            x={a}
            y={y(2.5)}
            width={b - a}
            height={y(1.55) - y(2.5)}
            fill="#0ea5e9"
            fillOpacity={0.08}
            stroke="#0ea5e9"
            strokeOpacity={0.25}
          />
        );
      })}
      <Band runs={bands.logs} x={x} height={1} fill="#94a3b8" opacity={0.5} />
      <Band runs={bands.recoverable} x={x} height={0.8} fill="#10b981" opacity={0.7} edge="#047857" />
      <Band runs={bands.gaps} x={x} height={1.2} fill="#dc2626" opacity={0.9} edge="#b91c1c" />
      {midnights.map((t) => (
        <line key={`day-${t}`} x1={x(t)} x2={x(t)} y1={MARGIN.top} y2={PLOT_BOTTOM} stroke="#cbd5e1" strokeWidth={1} />
      ))}
      {marks.map(({ mark, title }) => (
        <BackupShape key={mark.id} cx={x(mark.t)} mark={mark} title={title} />
      ))}
      {events.map((e) => (
        <Marker key={e.id} at={x(e.t)} color="#ea580c" dash="3 3" label={e.label} labelColor="#9a3412" place="bottom" />
      ))}
      {latest !== null && <Marker at={x(latest)} color="#6d28d9" label={labels.latest} place="topLeft" />}
      {selected !== null && <Marker at={x(selected)} color="#0c4a6e" dash="4 2" label={labels.chosen} place="topRight" />}
    </>
  );
});

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box) setWidth(Math.round(box.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * The instance's history on one axis: backups as marks (squares full, circles incremental, hollow
 * when unusable, crosses FAILED), chains as bands, archived logs and recoverable windows as bands,
 * gaps in red, the latest restorable time as a moving edge. A click chooses a point.
 */
export function BackupTimeline(props: {
  timeline: TimelineResponse;
  zone: string;
  range: RangePreset;
  /** Destructive commits found in the log, drawn as markers: `t` epoch ms, `label` e.g. "DROP public.orders". */
  events?: { id: string; t: number; label: string }[];
  onRangeChange(range: RangePreset): void;
  selected: string | null;
  onSelect(iso: string): void;
}) {
  const { timeline, zone, range } = props;
  const t = useTranslations("timeline");
  const locale = useLocale();
  const explain = useExplanation("baseReason");
  const describeMark = useCallback(
    (m: BackupMark) =>
      t("markTitle", { kind: m.kind, name: m.name, status: m.status, reason: m.reason ? ` — ${explain(m.reasonCode, m.reason)}` : "" }),
    [t, explain],
  );
  const { from, to } = useMemo(() => rangeFor(timeline, range), [timeline, range]);
  const samples = useMemo(() => buildSamples(timeline, from, to), [timeline, from, to]);
  const times = useMemo(() => samples.map((s) => s.t), [samples]);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const [brush, setBrush] = useState<BrushWindow | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  const left = MARGIN.left;
  const right = Math.max(left + 1, width - MARGIN.right);
  // The plot shows what the brush leaves visible, from its first bucket's start to its last one's end.
  const view = brush ?? { start: 0, end: Math.max(0, samples.length - 1) };
  const visible = useMemo(() => samples.slice(view.start, view.end + 1), [samples, view.start, view.end]);
  const shownFrom = visible[0]?.t ?? from;
  const shownTo = visible.at(-1)?.end ?? to;
  const x = useMemo(() => linearScale(shownFrom, shownTo, left, right), [shownFrom, shownTo, left, right]);
  const inView = (ms: number) => ms >= shownFrom && ms <= shownTo;

  const ticks = useMemo(
    () => axisTicks(shownFrom, shownTo, zone, right - left, undefined, locale),
    [shownFrom, shownTo, zone, right, left, locale],
  );
  const bands = useMemo(
    () => ({
      logs: runsOf(visible, (s) => s.logs === 1),
      recoverable: runsOf(visible, (s) => s.recoverable === 1),
      gaps: runsOf(visible, (s) => s.gap === 1),
    }),
    [visible],
  );
  const marks = useMemo<BackupMark[]>(
    () =>
      timeline.bases.map((b) => ({
        t: Date.parse(b.consistentTime ?? b.updated),
        id: b.backupId,
        name: b.name,
        kind: b.kind,
        status: b.status,
        restorable: b.restorable,
        reason: b.reason,
        reasonCode: b.reasonCode,
      })),
    [timeline],
  );
  // A chain band runs from a full backup to the last incremental built on it.
  const chains = useMemo(() => {
    const end = new Map<string, number>();
    for (const b of timeline.bases) {
      const root = b.chain[0];
      if (!root) continue;
      const at = Date.parse(b.consistentTime ?? b.updated);
      end.set(root, Math.max(end.get(root) ?? at, at));
    }
    return timeline.bases
      .filter((b) => b.kind === "full" && b.status === "COMPLETED")
      .map((b) => ({ id: b.backupId, from: Date.parse(b.consistentTime ?? b.updated), to: end.get(b.backupId) ?? Date.parse(b.updated) }));
  }, [timeline]);

  const midnights = useMemo(() => ticks.filter((tick) => tick.midnight).map((tick) => tick.t), [ticks]);
  const marksInView = useMemo(
    () => marks.filter((m) => m.t >= shownFrom && m.t <= shownTo).map((mark) => ({ mark, title: describeMark(mark) })),
    [marks, shownFrom, shownTo, describeMark],
  );
  const eventsInView = useMemo(
    () => (props.events ?? []).filter((e) => e.t >= shownFrom && e.t <= shownTo),
    [props.events, shownFrom, shownTo],
  );
  const markerLabels = useMemo(() => ({ latest: t("latestMark"), chosen: t("chosenMark") }), [t]);
  const brushLabel = (ms: number) => axisInstant(ms, zone, locale).replace(/:\d\d (\S+)$/, " $1");
  const latest = timeline.latest ? Date.parse(timeline.latest) : null;
  const selected = props.selected ? Date.parse(props.selected) : null;

  /** The bucket under the pointer, or null when the pointer is outside the plot. */
  const bucketUnder = (e: PointerEvent<SVGSVGElement>): number | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (px < left || px > right || py < MARGIN.top || py > PLOT_BOTTOM) return null;
    const i = bucketAt(visible, x.invert(px));
    return i < 0 ? null : view.start + i;
  };
  const pick = (e: PointerEvent<SVGSVGElement>) => {
    const i = bucketUnder(e);
    const sample = i === null ? undefined : samples[i];
    if (!sample) return;
    props.onSelect(formatUtc(snapToRecoverable(timeline, sample.t, sample.end)));
  };
  const hovered = hover === null ? undefined : samples[hover];
  const hoverX = hovered ? x(hovered.t) : 0;

  return (
    <Panel aria-labelledby="timeline-heading">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <div role="group" aria-label={t("zoom")} className="no-print flex gap-1">
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={range === p}
              onClick={() => {
                setBrush(null);
                props.onRangeChange(p);
              }}
              className={`rounded border px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${range === p ? "border-sky-800 bg-sky-800 text-white" : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"}`}
            >
              {t(`presets.${p}`)}
            </button>
          ))}
        </div>
      </div>
      <ul className="mb-2 flex flex-wrap gap-4 text-xs text-slate-700 dark:text-slate-300" aria-label={t("legend.label")}>
        <li>
          <span className="mr-1 inline-block h-3 w-5 bg-emerald-500/70 align-middle" aria-hidden="true" />
          {t("legend.recoverable")}
        </li>
        <li>
          <span className="mr-1 inline-block h-3 w-5 bg-slate-400/60 align-middle" aria-hidden="true" />
          {t("legend.logs")}
        </li>
        <li>
          <span className="mr-1 inline-block h-3 w-5 bg-red-600 align-middle" aria-hidden="true" />
          {t("legend.gap")}
        </li>
        <li>
          <span className="mr-1 inline-block h-3 w-3 bg-sky-700 align-middle" aria-hidden="true" />
          {t("legend.full")}
        </li>
        <li>
          <span className="mr-1 inline-block h-3 w-3 rounded-full bg-cyan-600 align-middle" aria-hidden="true" />
          {t("legend.incremental")}
        </li>
        <li>
          <span className="mr-1 font-bold text-red-700" aria-hidden="true">
            ✕
          </span>
          {t("legend.failed")}
        </li>
        <li>
          <span className="mr-1 inline-block h-3 w-0.5 bg-violet-700 align-middle" aria-hidden="true" />
          {t("legend.latest")}
        </li>
        {(props.events?.length ?? 0) > 0 && (
          <li>
            <span className="mr-1 inline-block h-3 w-0.5 border-l-2 border-dashed border-orange-600 align-middle" aria-hidden="true" />
            DROP / TRUNCATE
          </li>
        )}
      </ul>
      <div
        ref={box}
        data-testid="backup-timeline-chart"
        role="figure"
        className="relative h-64 w-full cursor-crosshair"
        aria-label={t("chartLabel")}
      >
        {width > 0 && (
          <svg
            width={width}
            height={HEIGHT}
            className="select-none"
            onClick={pick}
            onPointerMove={(e) => setHover(bucketUnder(e))}
            onPointerLeave={() => setHover(null)}
          >
            <PlotLayers
              x={x}
              shownFrom={shownFrom}
              shownTo={shownTo}
              chains={chains}
              bands={bands}
              midnights={midnights}
              marks={marksInView}
              events={eventsInView}
              latest={latest !== null && inView(latest) ? latest : null}
              selected={selected !== null && inView(selected) ? selected : null}
              labels={markerLabels}
            />
            {hovered && <line x1={hoverX} x2={hoverX} y1={MARGIN.top} y2={PLOT_BOTTOM} stroke="#94a3b8" pointerEvents="none" />}
            <g className="stroke-slate-400">
              <line x1={left} x2={right} y1={PLOT_BOTTOM} y2={PLOT_BOTTOM} />
              {ticks.map((tick) => (
                <line key={tick.t} x1={x(tick.t)} x2={x(tick.t)} y1={PLOT_BOTTOM} y2={PLOT_BOTTOM + 6} />
              ))}
            </g>
            {ticks.map((tick) => (
              <text
                key={tick.t}
                x={x(tick.t)}
                y={PLOT_BOTTOM + 20}
                textAnchor="middle"
                fontSize={11}
                fontWeight={tick.midnight ? 600 : 400}
                className="fill-slate-600 dark:fill-slate-300"
                data-axis-tick=""
                data-midnight={tick.midnight || undefined}
              >
                {tick.label}
              </text>
            ))}
            <TimelineBrush
              x={left}
              y={HEIGHT - MARGIN.bottom - BRUSH}
              width={right - left}
              height={BRUSH}
              times={times}
              window={view}
              onChange={setBrush}
              label={brushLabel}
              names={{ start: t("brushStart"), end: t("brushEnd") }}
            />
          </svg>
        )}
        {hovered && (
          <div
            data-testid="timeline-tooltip"
            className="pointer-events-none absolute top-2 w-max max-w-xs rounded border border-slate-300 bg-white p-2 text-xs shadow dark:border-slate-600 dark:bg-slate-900"
            style={hoverX > width / 2 ? { right: width - hoverX + 12 } : { left: hoverX + 12 }}
          >
            <SampleTooltip sample={hovered} zone={zone} />
          </div>
        )}
      </div>
    </Panel>
  );
}

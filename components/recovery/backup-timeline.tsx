"use client";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import {
  Area,
  Brush,
  ComposedChart,
  DefaultZIndexes,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ZIndexLayer,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  type XAxisTickContentProps,
} from "recharts";
import type { TimelineResponse } from "@/lib/api/schemas";
import { buildSamples, rangeFor, snapToRecoverable, type RangePreset, type Sample } from "@/lib/ui/timeline-samples";
import { axisInstant, axisTicks, type AxisTick } from "@/lib/ui/time-axis";
import { dateAndTimeIn, formatIn } from "@/lib/ui/time";
import { formatUtc } from "@/lib/recovery";
import { useExplanation } from "@/components/ui/use-domain-text";
import { Panel } from "@/components/ui/panel";

export type { RangePreset };

const PRESETS: readonly RangePreset[] = ["1h", "24h", "7d", "all"];

/** The chart's margins, which the tick spacing must leave out of the width. */
const MARGIN = { top: 10, right: 20, bottom: 5, left: 10 };

/** An axis label; a day's first tick (its date) in bold, so a reader sees where days start. */
function AxisLabel(props: XAxisTickContentProps & { ticks: ReadonlyMap<number, AxisTick> }) {
  const tick = props.ticks.get(Number(props.payload.value));
  if (!tick) return null;
  return (
    <text
      x={Number(props.x)}
      y={Number(props.y) + 12}
      textAnchor="middle"
      fontSize={11}
      fontWeight={tick.midnight ? 600 : 400}
      className="fill-slate-600 dark:fill-slate-300"
      data-axis-tick=""
      data-midnight={tick.midnight || undefined}
    >
      {tick.label}
    </text>
  );
}

interface BackupMark {
  /** Named like the samples' key, because the shared XAxis reads `t` from every series. */
  t: number;
  y: number;
  id: string;
  name: string;
  kind: "full" | "incremental";
  status: string;
  restorable: boolean;
  reason?: string;
  reasonCode?: string;
}

const ROW_FULL = 2.3;
const ROW_INCREMENTAL = 1.75;

function BackupShape(props: { cx?: number; cy?: number; payload?: BackupMark; describe?: (m: BackupMark) => string }) {
  const { cx = 0, cy = 0, payload, describe } = props;
  if (!payload) return null;
  const failed = payload.status === "FAILED";
  const unusable = !payload.restorable;
  const title = describe?.(payload) ?? payload.name;
  if (failed) {
    return (
      <g>
        <title>{title}</title>
        <path d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`} stroke="#b91c1c" strokeWidth={2.5} />
      </g>
    );
  }
  const r = payload.kind === "full" ? 6 : 4;
  return (
    <g>
      <title>{title}</title>
      {payload.kind === "full" ? (
        <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} fill={unusable ? "#fff" : "#0369a1"} stroke="#0369a1" strokeWidth={1.5} />
      ) : (
        <circle cx={cx} cy={cy} r={r} fill={unusable ? "#fff" : "#0891b2"} stroke="#0e7490" strokeWidth={1.5} />
      )}
    </g>
  );
}

function SampleTooltip({ active, payload, zone }: { active?: boolean; payload?: { payload?: Sample }[]; zone: string }) {
  const t = useTranslations("timeline");
  const locale = useLocale();
  const explainGap = useExplanation("gapCause");
  const s = payload?.[0]?.payload;
  if (!active || !s || s.end === undefined) return null;
  const state = s.gap
    ? t("tooltip.gap", { message: explainGap(s.gapCause ?? undefined, s.gapMessage ?? undefined) })
    : s.recoverable
      ? t("tooltip.recoverable")
      : s.logs
        ? t("tooltip.logsOnly")
        : t("tooltip.notCovered");
  return (
    <div className="rounded border border-slate-300 bg-white p-2 text-xs shadow dark:border-slate-600 dark:bg-slate-900">
      <p>
        {axisInstant(s.t, zone, locale)} – {dateAndTimeIn(s.end, zone).time}
      </p>
      <p className="text-slate-600 dark:text-slate-400">{formatIn(s.t, "UTC", locale)}</p>
      <p
        className={`mt-1 font-semibold ${s.gap ? "text-red-700 dark:text-red-300" : s.recoverable ? "text-emerald-800 dark:text-emerald-300" : ""}`}
      >
        {state}
      </p>
    </div>
  );
}

/**
 * The chain bands (below the log and recoverable bands) and the midnight lines (above them), drawn
 * from the chart's scales in two layers. As one recharts reference element each, every band and line
 * joined the chart's store and re-ran its selectors: about a third of the chart's first render.
 */
function ChainsAndMidnights({ chains, midnights }: { chains: { id: string; x1: number; x2: number }[]; midnights: number[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!x || !y || !plot) return null;
  const left = plot.x;
  const right = plot.x + plot.width;
  const top = y(2.5);
  const bottom = y(1.55);
  return (
    <>
      <ZIndexLayer zIndex={DefaultZIndexes.area}>
        {top !== undefined &&
          bottom !== undefined &&
          chains.map((c) => {
            const from = Math.max(left, x(c.x1) ?? left);
            const to = Math.min(right, x(c.x2) ?? right);
            if (to <= from) return null;
            return (
              <rect
                key={c.id}
                x={from}
                y={Math.min(top, bottom)}
                width={to - from}
                height={Math.abs(bottom - top)}
                fill="#0ea5e9"
                fillOpacity={0.08}
                stroke="#0ea5e9"
                strokeOpacity={0.25}
              />
            );
          })}
      </ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.line}>
        {midnights.map((t) => {
          const at = x(t);
          if (at === undefined || at < left || at > right) return null;
          return <line key={`day-${t}`} x1={at} x2={at} y1={plot.y} y2={plot.y + plot.height} stroke="#cbd5e1" strokeWidth={1} />;
        })}
      </ZIndexLayer>
    </>
  );
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
  const describeMark = (m: BackupMark) =>
    t("markTitle", { kind: m.kind, name: m.name, status: m.status, reason: m.reason ? ` — ${explain(m.reasonCode, m.reason)}` : "" });
  const { from, to } = useMemo(() => rangeFor(timeline, range), [timeline, range]);
  const samples = useMemo(() => buildSamples(timeline, from, to), [timeline, from, to]);
  const [brush, setBrush] = useState<{ startIndex?: number; endIndex?: number }>({});
  const [plotWidth, setPlotWidth] = useState(0);
  // The axis shows what the brush leaves visible, so its ticks follow the brush.
  const shownFrom = samples[brush.startIndex ?? 0]?.t ?? from;
  const shownTo = samples[brush.endIndex ?? samples.length - 1]?.t ?? to;
  const ticks = useMemo(
    () => axisTicks(shownFrom, shownTo, zone, plotWidth, undefined, locale),
    [shownFrom, shownTo, zone, plotWidth, locale],
  );
  const tickByTime = useMemo(() => new Map(ticks.map((tick) => [tick.t, tick])), [ticks]);

  const marks = useMemo<BackupMark[]>(
    () =>
      timeline.bases
        .map((b) => ({
          t: Date.parse(b.consistentTime ?? b.updated),
          y: b.kind === "full" ? ROW_FULL : ROW_INCREMENTAL,
          id: b.backupId,
          name: b.name,
          kind: b.kind,
          status: b.status,
          restorable: b.restorable,
          reason: b.reason,
          reasonCode: b.reasonCode,
        }))
        .filter((m) => m.t >= from && m.t <= to),
    [timeline, from, to],
  );
  // A chain band runs from a full backup to the last incremental built on it.
  const chains = useMemo(() => {
    const end = new Map<string, number>();
    for (const b of timeline.bases) {
      const root = b.chain[0];
      if (!root) continue;
      const t = Date.parse(b.consistentTime ?? b.updated);
      end.set(root, Math.max(end.get(root) ?? t, t));
    }
    return timeline.bases
      .filter((b) => b.kind === "full" && b.status === "COMPLETED")
      .map((b) => ({
        id: b.backupId,
        x1: Math.max(from, Date.parse(b.consistentTime ?? b.updated)),
        x2: Math.min(to, end.get(b.backupId) ?? Date.parse(b.updated)),
      }))
      .filter((c) => c.x2 > c.x1);
  }, [timeline, from, to]);

  const brushLabel = (ms: number) => axisInstant(ms, zone, locale).replace(/:\d\d (\S+)$/, " $1");
  const latest = timeline.latest ? Date.parse(timeline.latest) : null;
  const selected = props.selected ? Date.parse(props.selected) : null;

  const onClick = (state: { activeLabel?: unknown } | null) => {
    const at = typeof state?.activeLabel === "number" ? state.activeLabel : Number(state?.activeLabel);
    if (!Number.isFinite(at)) return;
    // The bucket under the pointer (a label from a previous zoom still lands on the nearest one).
    let sample = samples[0];
    for (const s of samples) if (s.t <= at) sample = s;
    if (!sample) return;
    const chosen = snapToRecoverable(timeline, sample.t, sample.end);
    props.onSelect(formatUtc(chosen));
  };

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
                setBrush({});
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
      <div data-testid="backup-timeline-chart" role="figure" className="h-64 w-full cursor-crosshair" aria-label={t("chartLabel")}>
        <ResponsiveContainer width="100%" height="100%" onResize={(width) => setPlotWidth(Math.max(0, width - MARGIN.left - MARGIN.right))}>
          <ComposedChart data={samples} margin={MARGIN} onClick={onClick}>
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              ticks={ticks.map((tick) => tick.t)}
              interval={0}
              tick={(p: XAxisTickContentProps) => <AxisLabel {...p} ticks={tickByTime} />}
            />
            <YAxis hide domain={[0, 2.8]} />
            <ChainsAndMidnights chains={chains} midnights={ticks.filter((tick) => tick.midnight).map((tick) => tick.t)} />
            <Area
              type="stepAfter"
              dataKey="logs"
              stroke="none"
              fill="#94a3b8"
              fillOpacity={0.5}
              isAnimationActive={false}
              baseValue={0}
              activeDot={false}
              name={t("legend.logs")}
            />
            <Area
              type="stepAfter"
              dataKey={(s: Sample) => s.recoverable * 0.8}
              stroke="#047857"
              fill="#10b981"
              fillOpacity={0.7}
              isAnimationActive={false}
              activeDot={false}
              name={t("legend.recoverable")}
            />
            <Area
              type="stepAfter"
              dataKey={(s: Sample) => s.gap * 1.2}
              stroke="#b91c1c"
              fill="#dc2626"
              fillOpacity={0.9}
              isAnimationActive={false}
              activeDot={false}
              name={t("legend.gap")}
            />
            <Scatter data={marks} dataKey="y" shape={<BackupShape describe={describeMark} />} isAnimationActive={false} />
            {(props.events ?? [])
              .filter((e) => e.t >= from && e.t <= to)
              .map((e) => (
                <ReferenceLine
                  key={e.id}
                  x={e.t}
                  stroke="#ea580c"
                  strokeDasharray="3 3"
                  strokeWidth={2}
                  ifOverflow="hidden"
                  label={{ value: e.label, position: "insideBottomLeft", fontSize: 11, fill: "#9a3412" }}
                />
              ))}
            {latest !== null && latest >= from && (
              <ReferenceLine
                x={latest}
                stroke="#6d28d9"
                strokeWidth={2}
                label={{ value: t("latestMark"), position: "insideTopRight", fontSize: 11, fill: "#6d28d9" }}
              />
            )}
            {selected !== null && selected >= from && selected <= to && (
              <ReferenceLine
                x={selected}
                stroke="#0c4a6e"
                strokeDasharray="4 2"
                strokeWidth={2}
                label={{ value: t("chosenMark"), position: "insideTopLeft", fontSize: 11 }}
              />
            )}
            <Tooltip content={<SampleTooltip zone={zone} />} isAnimationActive={false} />
            <Brush
              dataKey="t"
              height={22}
              travellerWidth={8}
              tickFormatter={brushLabel}
              startIndex={brush.startIndex}
              endIndex={brush.endIndex}
              onChange={(r) => setBrush({ startIndex: r.startIndex, endIndex: r.endIndex })}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Panel>
  );
}

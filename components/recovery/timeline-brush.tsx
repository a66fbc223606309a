"use client";
import { useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { moveBrush, type BrushWindow } from "@/lib/ui/timeline-geometry";

const TRAVELLER = 8;
/** Pixels a handle's label needs beside it. */
const ROOM = 130;

/**
 * The strip under the chart that narrows what it shows: drag either handle, or the window between
 * them; the handles are sliders for the keyboard too (arrows move a bucket, Page keys ten).
 */
export function TimelineBrush(props: {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The buckets' start times: the window is a pair of indexes into them. */
  times: readonly number[];
  window: BrushWindow;
  onChange(w: BrushWindow): void;
  label(ms: number): string;
  names: { start: string; end: string };
}) {
  const { x, y, width, height, times, window: w } = props;
  const n = times.length;
  const step = n > 1 ? width / (n - 1) : width;
  const at = (i: number) => x + i * step;
  const drag = useRef<{ which: "start" | "end" | "both"; fromX: number; from: BrushWindow } | null>(null);
  const [active, setActive] = useState(false);

  const down = (e: PointerEvent<SVGElement>) => {
    const which = e.currentTarget.dataset.part as "start" | "end" | "both";
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { which, fromX: e.clientX, from: w };
    setActive(true);
  };
  const move = (e: PointerEvent<SVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const delta = Math.round((e.clientX - d.fromX) / step);
    const next = moveBrush(d.from, n, d.which, delta);
    if (next.start !== w.start || next.end !== w.end) props.onChange(next);
  };
  const up = () => {
    drag.current = null;
    setActive(false);
  };
  const keys = (which: "start" | "end") => (e: KeyboardEvent<SVGElement>) => {
    const by = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -10, PageUp: 10 }[e.key];
    if (by === undefined) return;
    e.preventDefault();
    props.onChange(moveBrush(w, n, which, by));
  };
  const traveller = (which: "start" | "end", i: number) => (
    <g
      role="slider"
      tabIndex={0}
      aria-label={props.names[which]}
      aria-valuemin={0}
      aria-valuemax={n - 1}
      aria-valuenow={i}
      aria-valuetext={props.label(times[i] ?? 0)}
      className="cursor-ew-resize fill-slate-500 outline-none focus-visible:fill-sky-700"
      data-part={which}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={keys(which)}
      onFocus={() => setActive(true)}
      onBlur={() => setActive(false)}
    >
      <rect x={at(i) - TRAVELLER / 2} y={y} width={TRAVELLER} height={height} />
      <line x1={at(i) - 1.5} x2={at(i) + 1.5} y1={y + height / 2 - 2} y2={y + height / 2 - 2} stroke="#fff" />
      <line x1={at(i) - 1.5} x2={at(i) + 1.5} y1={y + height / 2 + 2} y2={y + height / 2 + 2} stroke="#fff" />
    </g>
  );

  return (
    <g onPointerEnter={() => setActive(true)} onPointerLeave={() => drag.current || setActive(false)}>
      <rect x={x} y={y} width={width} height={height} className="fill-white stroke-slate-400 dark:fill-slate-900" />
      <rect
        x={at(w.start)}
        y={y}
        width={Math.max(0, at(w.end) - at(w.start))}
        height={height}
        className="cursor-grab fill-slate-500/20"
        data-part="both"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      {traveller("start", w.start)}
      {traveller("end", w.end)}
      {active && (
        <g fontSize={11} className="pointer-events-none fill-slate-700 dark:fill-slate-200">
          {/* Outside the window where there is room, else inside it, so neither label leaves the chart. */}
          <text
            x={at(w.start) - x > ROOM ? at(w.start) - TRAVELLER : at(w.start) + TRAVELLER}
            y={y + height / 2 + 4}
            textAnchor={at(w.start) - x > ROOM ? "end" : "start"}
          >
            {props.label(times[w.start] ?? 0)}
          </text>
          <text
            x={x + width - at(w.end) > ROOM ? at(w.end) + TRAVELLER : at(w.end) - TRAVELLER}
            y={y + height / 2 + 4}
            textAnchor={x + width - at(w.end) > ROOM ? "start" : "end"}
          >
            {props.label(times[w.end] ?? 0)}
          </text>
        </g>
      )}
    </g>
  );
}

import type { ReactNode } from "react";

/**
 * Cell padding for the whole table, so rows stay aligned without a class on every cell: `roomy`
 * for short lists people scan, `normal` for long ones, `dense` for tables inside a panel.
 */
const DENSITY = {
  roomy: "[&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2",
  normal: "[&_td]:px-2 [&_td]:py-1.5 [&_th]:px-2 [&_th]:py-2",
  dense: "[&_td]:px-2 [&_td]:py-1 [&_th]:px-2 [&_th]:py-1",
} as const;

/** A data table; the caption is for screen readers (the heading above says it for the eye). */
export function Table({
  caption,
  density = "normal",
  className = "",
  children,
}: {
  caption?: string;
  density?: keyof typeof DENSITY;
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={`min-w-full text-sm [&_th]:text-left ${DENSITY[density]} ${className}`}>
      {caption && <caption className="sr-only">{caption}</caption>}
      {children}
    </table>
  );
}

/** The bordered, horizontally scrolling box a full-width table sits in. */
export function TableFrame({ children }: { children: ReactNode }) {
  return <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">{children}</div>;
}

export function TableHead({ sticky = false, children }: { sticky?: boolean; children: ReactNode }) {
  return <thead className={`bg-slate-100 dark:bg-slate-800 ${sticky ? "sticky top-0" : ""}`}>{children}</thead>;
}

/** A column header. */
export function Th({ children, className = "" }: { children?: ReactNode; className?: string }) {
  return (
    <th scope="col" className={className}>
      {children}
    </th>
  );
}

/** A body row, ruled off from the one above. */
export function Tr({ className = "", children }: { className?: string; children: ReactNode }) {
  return <tr className={`border-t border-slate-200 dark:border-slate-800 ${className}`}>{children}</tr>;
}

/** A column header that sorts by its column: a click sorts ascending, the next one descending. */
export function SortableTh<K extends string>({
  column,
  sort,
  onSort,
  children,
}: {
  column: K;
  sort: { key: K; dir: 1 | -1 };
  onSort(next: { key: K; dir: 1 | -1 }): void;
  children: ReactNode;
}) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === 1 ? "ascending" : "descending") : "none"}>
      <button
        type="button"
        className="inline-flex items-center gap-1 font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
        onClick={() => onSort({ key: column, dir: active ? (-sort.dir as 1 | -1) : 1 })}
      >
        {children}
        <span aria-hidden="true">{active ? (sort.dir === 1 ? "▲" : "▼") : "↕"}</span>
      </button>
    </th>
  );
}

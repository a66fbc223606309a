import type { HTMLAttributes } from "react";

/** A white card on the page: one part of a screen (the timeline, the picker, a list). */
export function Panel({ className = "", ...rest }: HTMLAttributes<HTMLElement>) {
  return (
    <section className={`rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 ${className}`} {...rest} />
  );
}

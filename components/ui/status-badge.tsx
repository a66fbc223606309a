import type { StatusTone } from "@/lib/api/schemas";

const TONE: Record<StatusTone, { cls: string; icon: string }> = {
  ok: { cls: "bg-emerald-100 text-emerald-900 ring-emerald-700/30 dark:bg-emerald-900/60 dark:text-emerald-100", icon: "●" },
  pending: { cls: "bg-amber-100 text-amber-900 ring-amber-700/30 dark:bg-amber-900/60 dark:text-amber-100", icon: "◐" },
  error: { cls: "bg-red-100 text-red-900 ring-red-700/30 dark:bg-red-900/60 dark:text-red-100", icon: "✕" },
  neutral: { cls: "bg-slate-100 text-slate-800 ring-slate-600/30 dark:bg-slate-800 dark:text-slate-100", icon: "○" },
};

/** Colour carries meaning, and the text and the icon carry it too (never colour alone). */
export function StatusBadge({ status, tone }: { status: string; tone: StatusTone }) {
  const t = TONE[tone];
  return (
    <span className={`inline-flex items-center gap-1 rounded px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${t.cls}`}>
      <span aria-hidden="true">{t.icon}</span>
      {status}
    </span>
  );
}

"use client";
import { useLocale, useTranslations } from "next-intl";
import type { PointVerdict } from "@/lib/recovery";
import { useExplanation } from "@/components/ui/use-domain-text";
import { formatIn, humanDuration } from "@/lib/ui/time";
import { Button } from "@/components/ui/button";

/** Whether the chosen point can be restored, and if not, why and where the nearest ones are. */
export function PointVerdictPanel({
  verdict,
  zone,
  onJump,
  stock,
}: {
  verdict: PointVerdict;
  zone: string;
  onJump(iso: string): void;
  stock: boolean;
}) {
  const t = useTranslations("verdict");
  const locale = useLocale();
  const explain = useExplanation("refusal");
  const at = (iso: string) => formatIn(iso, zone, locale);
  if (verdict.recoverable) {
    const base = verdict.base;
    return (
      <div
        role="status"
        className="rounded border border-emerald-400 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100"
      >
        <p className="font-semibold">✓ {t("ok")}</p>
        <p className="mt-1">
          {t.rich("base", {
            kind: base.kind,
            name: base.name,
            at: base.consistentTime ? at(base.consistentTime) : "—",
            chain: base.chain.length,
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
        </p>
        {!stock && verdict.point !== base.consistentTime && (
          <p>
            {t("replay", {
              timeline: String(verdict.window.timeline ?? "?"),
              from: base.consistentTime ? at(base.consistentTime) : t("theBackup"),
              lsn: base.consistentLsn ? ` (LSN ${base.consistentLsn})` : "",
              duration: humanDuration((Date.parse(verdict.point) - Date.parse(base.consistentTime ?? verdict.point)) / 1000),
            })}
          </p>
        )}
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="rounded border border-red-400 bg-red-50 p-3 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">✕ {t("refused")}</p>
      <p className="mt-1">{explain(verdict.code, verdict.reason)}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        {verdict.nearestBefore && (
          <Button variant="danger-outline" size="sm" onClick={() => onJump(verdict.nearestBefore!)}>
            ← {t("nearestBefore", { at: at(verdict.nearestBefore) })}
          </Button>
        )}
        {verdict.nearestAfter && (
          <Button variant="danger-outline" size="sm" onClick={() => onJump(verdict.nearestAfter!)}>
            {t("nearestAfter", { at: at(verdict.nearestAfter) })} →
          </Button>
        )}
      </div>
    </div>
  );
}

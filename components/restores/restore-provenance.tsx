"use client";
import { useLocale, useTranslations } from "next-intl";
import type { RestoredFrom } from "@/lib/api/schemas";
import { describeExcluded, describeLastCommit, describeOrigin, formatBoth } from "@/lib/ui/provenance";

/**
 * Where a restored or recovered instance's data came from and where it really ends, as the
 * backend read it from the restored database (trove-api.md, "Provenance of a restored or
 * recovered instance"): the proof that the restore did what was asked.
 */
export function RestoreProvenance({ instanceId, from, zone }: { instanceId: string; from: RestoredFrom; zone: string }) {
  const t = useTranslations("provenance");
  const locale = useLocale();
  const wording = { t, locale };
  return (
    <section
      aria-labelledby="provenance-heading"
      data-testid="restore-provenance"
      className="space-y-1 rounded border border-slate-200 bg-white p-3 text-sm text-slate-900 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="provenance-heading" className="font-semibold">
        {t("title")}
      </h2>
      <p>{describeOrigin(from, instanceId, zone, wording)}</p>
      <p>{describeLastCommit(from, zone, wording)}</p>
      {from.excluded && <p data-testid="provenance-excluded">{describeExcluded(from, zone, wording)}</p>}
      {(from.lastCommitLsn !== null || from.recoveredAt !== null) && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {from.lastCommitLsn !== null && <>{t("lastCommitLsn", { lsn: from.lastCommitLsn })} </>}
          {from.recoveredAt !== null && t("recoveryFinished", { at: formatBoth(from.recoveredAt, zone, locale) })}
        </p>
      )}
    </section>
  );
}

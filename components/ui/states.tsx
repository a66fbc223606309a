"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ApiFailure } from "@/lib/queries/api";
import { Button } from "./button";
import { useErrorMessage } from "./use-error-message";

/** What a page waits for or failed to read, each with its own sentence in the catalog. */
export type Subject = "instances" | "instance" | "timeline" | "backups" | "everyBackup" | "auditTrail" | "recoveryOverview";

export function Loading({ what }: { what: Subject }) {
  const t = useTranslations("states");
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center gap-3 rounded border border-slate-200 bg-white p-6 text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
    >
      <span className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-sky-700" aria-hidden="true" />
      {t(`loading.${what}`)}
    </div>
  );
}

export function ErrorState({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: Subject }) {
  const t = useTranslations("states");
  const message = useErrorMessage()(error);
  const retryable = !(error instanceof ApiFailure) || error.retryable || error.status === 0;
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">{t(`failed.${what}`)}</p>
      <p className="mt-1">{message}</p>
      {onRetry && retryable && (
        <Button variant="danger" onClick={onRetry} className="mt-3 text-sm">
          {t("retry")}
        </Button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <p className="font-semibold">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>}
    </div>
  );
}

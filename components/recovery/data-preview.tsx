"use client";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { PreviewResponse } from "@/lib/api/schemas";
import { usePreview } from "@/lib/queries/writes";
import { compareSingles, previewPoint } from "@/lib/ui/preview";
import { useErrorMessage } from "@/components/ui/use-error-message";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";

type Preview = PreviewResponse["preview"];

/**
 * A look at the data as it was at the chosen point ("were the orders still there at 14:03:10?"),
 * before restoring anything: the backend restores a scratch copy and runs the query read-only. The
 * last two answers stay side by side, so two points can be compared.
 */
export function DataPreview(props: {
  instanceId: string;
  point: string | null;
  lsn: string | null;
  suggestedQuery: string;
  canWrite: boolean;
  zone: string;
}) {
  const t = useTranslations("preview");
  const locale = useLocale();
  const wording = { t, locale };
  const errorMessage = useErrorMessage();
  const run = usePreview(props.instanceId);
  // The suggestion follows the chosen event until the user writes a query of their own.
  const [typed, setQuery] = useState<string | null>(null);
  const query = typed ?? props.suggestedQuery;
  const [database, setDatabase] = useState("postgres");
  const [answers, setAnswers] = useState<Preview[]>([]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!props.point) return;
    const { preview } = await run.mutateAsync({ point_in_time: props.point, ...(props.lsn ? { lsn: props.lsn } : {}), query, database });
    setAnswers((prev) => [...prev.slice(-1), preview]);
  };
  const comparison = answers.length === 2 ? compareSingles(answers[0]!, answers[1]!, props.zone, wording) : null;

  return (
    <Panel aria-labelledby="preview-heading" className="no-print">
      <h2 id="preview-heading" className="font-semibold">
        {t("title")}
      </h2>
      {!props.canWrite ? (
        <p className="mt-2 text-sm">{t("readerCannot")}</p>
      ) : (
        <form onSubmit={(e) => void submit(e).catch(() => undefined)} className="mt-2 space-y-2 text-sm">
          <label className="block font-medium">
            {t("query")}
            <Textarea mono value={query} onChange={(e) => setQuery(e.target.value)} rows={2} />
          </label>
          <label className="block font-medium">
            {t("database")}
            <Input mono value={database} onChange={(e) => setDatabase(e.target.value)} className="max-w-xs" />
          </label>
          <Button type="submit" variant="primary" disabled={!props.point || run.isPending || !query.trim()}>
            {run.isPending ? t("preparing") : t("run")}
          </Button>
          {!props.point && <p className="text-xs text-slate-600 dark:text-slate-400">{t("chooseFirst")}</p>}
          {run.isError && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {run.error ? errorMessage(run.error) : t("failed")}
            </p>
          )}
        </form>
      )}
      {comparison && (
        <p
          data-testid="preview-comparison"
          className="mt-3 rounded bg-amber-50 p-2 text-sm font-medium text-amber-950 dark:bg-amber-950 dark:text-amber-100"
        >
          {comparison}
        </p>
      )}
      {answers.length > 0 && (
        <div className="mt-3 grid gap-3 lg:grid-cols-2">
          {answers.map((a, i) => (
            <figure
              key={`${a.pointInTime}-${a.lsn ?? ""}-${i}`}
              data-testid="preview-result"
              className="overflow-x-auto rounded border border-slate-200 p-2 text-sm dark:border-slate-700"
            >
              <figcaption className="mb-1 text-xs text-slate-700 dark:text-slate-300">
                {previewPoint(a, props.zone, wording)} · <code>{a.query}</code> {t("onDatabase", { database: a.database })}
                {a.truncated && ` · ${t("firstRows", { rows: a.rowLimit })}`}
              </figcaption>
              <table className="min-w-full text-left">
                <thead>
                  <tr>
                    {a.columns.map((c, j) => (
                      <th key={j} scope="col" className="border-b border-slate-200 px-2 py-0.5 font-semibold dark:border-slate-700">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {a.rows.map((r, j) => (
                    <tr key={j}>
                      {r.map((v, k) => (
                        <td key={k} className="px-2 py-0.5 font-mono">
                          {v ?? "NULL"}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {a.rows.length === 0 && <p className="text-xs">{t("noRows")}</p>}
            </figure>
          ))}
        </div>
      )}
    </Panel>
  );
}

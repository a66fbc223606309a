"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { CSRF_HEADER, CSRF_VALUE } from "@/lib/api/csrf";
import type { Instance, LogEvent, RestoreRequest } from "@/lib/api/schemas";
import type { PointVerdict } from "@/lib/recovery";
import { ApiFailure } from "@/lib/queries/api";
import { useErrorMessage } from "@/components/ui/use-error-message";
import { useFlavors } from "@/lib/queries/instances";
import { useRestoreFacts } from "@/lib/queries/restore-estimate";
import { useCreateRestore } from "@/lib/queries/writes";
import { estimateRestore } from "@/lib/ui/restore-estimate";
import { newIdempotencyKey } from "@/lib/ui/idempotency-key";
import { formatIn } from "@/lib/ui/time";
import { NAME_MAX, restoredInstanceName } from "@/lib/domain/names";
import { justBeforeSentence, typedLsnSentence } from "@/lib/ui/log-events";
import { Button } from "@/components/ui/button";
import { Dialog, DialogCancel } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/field";

type Recoverable = Extract<PointVerdict, { recoverable: true }>;

/**
 * Restore into a new instance, or recover this one in place (guarded by typing its name). One
 * Idempotency-Key per opening: however often it is clicked, one restore is made.
 */
export function RestoreDialog(props: {
  instance: Instance;
  verdict: Recoverable;
  justBefore?: LogEvent | null;
  lsn?: string | null;
  pitr: boolean;
  localZone: string;
  onClose(): void;
}) {
  const { instance, verdict, pitr, localZone } = props;
  const t = useTranslations("dialog");
  const locale = useLocale();
  const estimateWording = { t: useTranslations("estimate"), locale };
  const logWording = { t: useTranslations("logEvents"), locale };
  const errorMessage = useErrorMessage();
  const [key] = useState(newIdempotencyKey);
  const router = useRouter();
  const flavors = useFlavors();
  const restore = useCreateRestore(instance.id);
  const facts = useRestoreFacts(instance.id, verdict.point);
  const estimate = facts.data ? estimateRestore(facts.data, estimateWording) : null;
  const [mode, setMode] = useState<"new" | "in-place">("new");
  const [name, setName] = useState(restoredInstanceName(instance.name, verdict.point));
  const [flavor, setFlavor] = useState(instance.flavorId ?? "");
  const [size, setSize] = useState(String(instance.volumeSize ?? 1));
  // Left alone, the server sizes the volume to fit the base backup (Trove refuses a smaller one).
  const [sizeTouched, setSizeTouched] = useState(false);
  const [confirm, setConfirm] = useState("");
  const [copied, setCopied] = useState(false);

  const stopAt = props.justBefore?.lsn ?? props.lsn ?? null;
  const lsn = stopAt && pitr ? { lsn: stopAt } : {};
  const body: RestoreRequest =
    mode === "new"
      ? {
          mode: "new",
          point_in_time: verdict.point,
          ...lsn,
          name: name.trim(),
          ...(flavor ? { flavorRef: flavor } : {}),
          ...(sizeTouched ? { volume: { size: Number(size) || 1 } } : {}),
        }
      : { mode: "in-place", point_in_time: verdict.point, ...lsn };
  const guardOk = mode === "new" ? name.trim().length > 0 && Number(size) >= 1 : confirm === instance.name;
  const busy = restore.isPending || restore.isSuccess;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const curl = `curl -b jar -H "Origin: ${origin}" -H "${CSRF_HEADER}: ${CSRF_VALUE}" -H "Content-Type: application/json" \\\n  -H "Idempotency-Key: ${key}" \\\n  -d '${JSON.stringify(body)}' \\\n  ${origin}/api/instances/${instance.id}/restores`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !guardOk) return;
    try {
      const { restore: r } = await restore.mutateAsync({ body, idempotencyKey: key });
      const q = new URLSearchParams({ mode: r.mode, at: r.pointInTime, source: instance.id, requested: r.requestedAt });
      // The tracker measures the elapsed time against the estimate the user saw here.
      if (estimate?.seconds != null && estimate.lateAfterSeconds !== null) {
        q.set("eta", String(estimate.seconds));
        q.set("late", String(estimate.lateAfterSeconds));
      }
      router.push(`/project/instances/${instance.id}/restores/${r.instanceId}?${q.toString()}`);
    } catch {
      // Shown below from restore.error; the same key is kept so a retry cannot make a second one.
    }
  };
  const failure = restore.error instanceof ApiFailure ? restore.error : null;

  return (
    <Dialog labelledBy="restore-title" onClose={props.onClose}>
      <form onSubmit={submit} className="space-y-4 p-5">
        <h2 id="restore-title" className="text-xl font-semibold">
          {t("title", { name: instance.name })}
        </h2>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">{t("whatToDo")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="mode" value="new" checked={mode === "new"} onChange={() => setMode("new")} /> {t("modeNew")}
          </label>
          {pitr ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value="in-place" checked={mode === "in-place"} onChange={() => setMode("in-place")} />{" "}
              {t("modeInPlace")}
            </label>
          ) : (
            <p className="text-xs text-slate-600 dark:text-slate-400">{t("noInPlace")}</p>
          )}
        </fieldset>

        {mode === "new" ? (
          <div className="grid gap-3 sm:grid-cols-3">
            <label className="text-sm font-medium sm:col-span-3">
              {t("name")}
              <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={NAME_MAX} />
            </label>
            <label className="text-sm font-medium sm:col-span-2">
              {t("flavor")}
              <Select value={flavor} onChange={(e) => setFlavor(e.target.value)}>
                {!flavors.data && <option value={flavor}>{flavor || t("sameAsSource")}</option>}
                {flavors.data?.flavors.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                    {f.ram ? ` (${f.ram} MB${f.vcpus ? `, ${f.vcpus} vCPU` : ""})` : ""}
                    {f.id === instance.flavorId ? ` — ${t("sameAsSource")}` : ""}
                  </option>
                ))}
              </Select>
            </label>
            <label className="text-sm font-medium">
              {t("volume")}
              <Input
                type="number"
                min={1}
                max={10000}
                value={size}
                onChange={(e) => {
                  setSize(e.target.value);
                  setSizeTouched(true);
                }}
                aria-describedby="volume-note"
              />
              <span id="volume-note" className="mt-1 block text-xs font-normal text-slate-600 dark:text-slate-400">
                {t("volumeNote")}
              </span>
            </label>
          </div>
        ) : (
          <div className="rounded border border-red-400 bg-red-50 p-3 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
            <p className="font-semibold">{t("inPlaceWarning", { name: instance.name })}</p>
            <p className="mt-1">{t("inPlaceNote")}</p>
            <label className="mt-2 block font-medium">
              {t.rich("confirm", {
                name: instance.name,
                code: (chunks) => <code className="rounded bg-white px-1 dark:bg-slate-800">{chunks}</code>,
              })}
              <Input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
            </label>
          </div>
        )}

        <section aria-labelledby="summary-title" className="rounded bg-slate-100 p-3 text-sm dark:bg-slate-800">
          <h3 id="summary-title" className="font-semibold">
            {t("summary")}
          </h3>
          <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
            <dt>{t("point")}</dt>
            <dd>
              <strong>{formatIn(verdict.point, localZone, locale)}</strong> = {formatIn(verdict.point, "UTC", locale)}
            </dd>
            {stopAt && pitr && (
              <>
                <dt>{t("stops")}</dt>
                <dd data-testid="dialog-just-before">
                  {props.justBefore ? justBeforeSentence(props.justBefore, logWording) : typedLsnSentence(stopAt, logWording)}
                </dd>
              </>
            )}
            <dt>{t("base")}</dt>
            <dd>
              {t.rich("baseValue", {
                kind: verdict.base.kind,
                name: verdict.base.name,
                id: verdict.base.backupId.slice(0, 8),
                chain: verdict.base.chain.length,
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
            </dd>
            <dt>{t("replay")}</dt>
            <dd>
              {!pitr || verdict.point === verdict.base.consistentTime
                ? t("replayNone")
                : t("replayRange", {
                    timeline: String(verdict.window.timeline ?? "?"),
                    lsn: verdict.base.consistentLsn ? `LSN ${verdict.base.consistentLsn} ` : "",
                    from: formatIn(verdict.base.consistentTime ?? verdict.point, "UTC", locale),
                    to: formatIn(verdict.point, "UTC", locale),
                  })}
            </dd>
            <dt>{t("estimateTerm")}</dt>
            <dd data-testid="restore-estimate">{estimate ? estimate.text : facts.isError ? t("estimateFailed") : t("estimating")}</dd>
          </dl>
          <details className="mt-2">
            <summary className="cursor-pointer">{t("apiCall")}</summary>
            <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid="api-call">
              {curl}
            </pre>
            <Button
              size="xs"
              onClick={() => {
                void navigator.clipboard?.writeText(curl).then(() => setCopied(true));
              }}
              className="mt-1"
            >
              {copied ? t("copied") : t("copy")}
            </Button>
          </details>
        </section>

        {restore.isError && (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
            {restore.error ? errorMessage(restore.error) : t("failed")}
            {failure?.status === 0 && ` ${t("retrySafe")}`}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <DialogCancel>{t("cancel")}</DialogCancel>
          <Button type="submit" variant={mode === "in-place" ? "danger" : "primary"} weight="semibold" disabled={busy || !guardOk}>
            {busy ? t("requesting") : mode === "new" ? t("submitNew") : t("submitInPlace")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

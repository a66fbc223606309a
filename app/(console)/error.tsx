"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
// A page that failed while rendering keeps the navigation around it and offers to render again;
// the failure's details stay in the server's log, under the digest shown here.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("consoleError");
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">{t("title")}</p>
      <p className="mt-1">{t("body", { digest: error.digest ?? t("noDigest") })}</p>
      <Button variant="danger" onClick={reset} className="mt-3 text-sm">
        {t("retry")}
      </Button>
    </div>
  );
}

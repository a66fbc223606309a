"use client";
import { useLocale, useTranslations } from "next-intl";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, isLocale } from "@/lib/i18n/locales";

/**
 * The dashboard's language, over the browser's choice: kept in a cookie for a year, and the page
 * is loaded again so that what the server drew is in the new language too.
 */
export function LanguageSwitch({ tone = "light" }: { tone?: "light" | "dark" }) {
  const locale = useLocale();
  const t = useTranslations("shell");
  const choose = (next: string) => {
    if (!isLocale(next) || next === locale) return;
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    window.location.reload();
  };
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className={tone === "dark" ? "sr-only" : ""}>{t("language")}</span>
      <select
        value={locale}
        onChange={(e) => choose(e.target.value)}
        aria-label={tone === "dark" ? t("language") : undefined}
        className={`rounded border px-1 py-0.5 focus-visible:outline-2 ${tone === "dark" ? "border-slate-500 bg-slate-900 text-white focus-visible:outline-white" : "border-slate-300 bg-white focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-950"}`}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

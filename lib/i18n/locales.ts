/**
 * Which languages the dashboard speaks and how it picks one for a request: the language chosen in
 * the dashboard (a cookie) first, else the browser's Accept-Language, else English. Pure: unit-tested.
 */

export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Set by the language switch; read by the server on every request. Not a secret and not the session. */
export const LOCALE_COOKIE = "tpd_locale";

/** Each language named in itself, as a switch lists them. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first language of an Accept-Language header the dashboard speaks, by quality then order:
 * "de-AT,de;q=0.9,en;q=0.8" → de; a region (de-AT) falls back to its language; "*" or nothing → null.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranges = acceptLanguage
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", quality: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.language !== "" && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const r of ranges) if (isLocale(r.language)) return r.language;
  return null;
}

/** The request's language: the cookie when it names one the dashboard speaks, else the browser's, else English. */
export function localeFor(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  return negotiateLocale(acceptLanguage) ?? DEFAULT_LOCALE;
}

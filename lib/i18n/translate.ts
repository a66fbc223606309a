/**
 * What a pure module (lib/ui) needs to word its sentences in the user's language: a function from
 * a catalog key (inside the module's namespace) and values to text. Components pass next-intl's
 * `useTranslations(namespace)`; tests pass `translator(locale, namespace)`, which throws on a key
 * missing from the catalog.
 */
import { createTranslator } from "next-intl";
import { catalogs } from "./catalogs";
import type { Locale } from "./locales";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function translator(locale: Locale, namespace: string): Translate {
  const t = createTranslator({
    locale,
    messages: catalogs[locale],
    onError: (error) => {
      throw error;
    },
  });
  return (key, values) => (t as unknown as Translate)(`${namespace}.${key}`, values);
}

/** A module's translator and the locale its numbers are written in. */
export interface Wording {
  t: Translate;
  locale: string;
}

/** English, for callers (tests, the server) that have no user's locale. */
export function englishWording(namespace: string): Wording {
  return { t: translator("en", namespace), locale: "en" };
}

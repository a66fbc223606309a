"use client";
import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";

/** The language the recovery core writes its explanations in. */
const CORE_LANGUAGE = "en";

/**
 * The recovery core explains in English sentences that name what they are about ("parent backup
 * 'inc-3' is FAILED") and tags each with a code. English readers get the sentence; other languages
 * the catalog's sentence for the code, or the core's when the catalog does not know the code.
 */
export function useExplanation(
  namespace: "baseReason" | "refusal" | "gapCause",
): (code: string | undefined, sentence: string | undefined) => string {
  const t = useTranslations(namespace);
  const locale = useLocale();
  // Stable across renders, so a list of explanations can be memoised on it.
  return useCallback(
    (code: string | undefined, sentence: string | undefined) =>
      locale !== CORE_LANGUAGE && code && t.has(code) ? t(code) : (sentence ?? ""),
    [t, locale],
  );
}

"use client";
import { useLocale, useTranslations } from "next-intl";
import { ApiFailure } from "@/lib/queries/api";

/** The language the server's own error messages are written in. */
const SERVER_LANGUAGE = "en";

/**
 * An error in the user's language. The server writes its messages in English, with details a
 * fixed sentence cannot carry (how long to wait, what size is needed), so English readers get its
 * text; other languages get the catalog's sentence for a code it knows, and the server's text for
 * one it does not (a new code must not show as a blank).
 */
export function useErrorMessage(): (error: unknown) => string {
  const t = useTranslations("errors");
  const locale = useLocale();
  return (error) => {
    if (error instanceof ApiFailure) return locale !== SERVER_LANGUAGE && t.has(error.code) ? t(error.code) : error.message;
    return error instanceof Error ? error.message : String(error);
  };
}

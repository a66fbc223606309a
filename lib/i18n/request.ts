/** next-intl's per-request configuration: the language (locales.ts decides) and its catalog. */
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { loadEnv } from "@/lib/env";
import { catalogs } from "./catalogs";
import { LOCALE_COOKIE, localeFor } from "./locales";
import { reportIntlError } from "./strict";

export default getRequestConfig(async () => {
  const locale = localeFor((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  const strict = loadEnv().I18N_STRICT;
  return {
    locale,
    messages: catalogs[locale],
    // Every time shown names its zone itself (lib/ui/time); this only silences next-intl's fallback warning.
    timeZone: "UTC",
    onError: (error) => reportIntlError(error, strict),
  };
});

"use client";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import type { ReactNode } from "react";
import { reportIntlError } from "@/lib/i18n/strict";

/**
 * The request's language and catalog for client components. A client wrapper because onError is a
 * function, which a server component cannot hand to the browser.
 */
export function IntlProvider({
  locale,
  messages,
  strict,
  children,
}: {
  locale: string;
  messages: AbstractIntlMessages;
  strict: boolean;
  children: ReactNode;
}) {
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="UTC" onError={(error) => reportIntlError(error, strict)}>
      {children}
    </NextIntlClientProvider>
  );
}

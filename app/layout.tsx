import type { Metadata } from "next";
import { headers } from "next/headers";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import "./globals.css";
import { IntlProvider } from "@/components/intl-provider";
import { Providers } from "@/components/providers";
import { loadEnv } from "@/lib/env";
import { appIconDataUrl } from "@/lib/ui/app-icon";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return {
    title: { default: t("title"), template: t("titleTemplate", { page: "%s" }) },
    description: t("description"),
    icons: { icon: appIconDataUrl },
  };
}

// The theme is applied before paint so dark-mode users never see a white flash.
const themeScript = `try{var t=localStorage.getItem("tpd-theme");if(!t){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}`;

/**
 * Read per request, which also keeps every page dynamically rendered: a page built ahead of time
 * would carry no nonce, and the CSP would block its scripts.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const locale = await getLocale();
  return (
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen antialiased">
        <IntlProvider locale={locale} messages={await getMessages()} strict={loadEnv().I18N_STRICT}>
          <Providers>{children}</Providers>
        </IntlProvider>
      </body>
    </html>
  );
}

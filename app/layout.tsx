import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";
import { appIconDataUrl } from "@/lib/ui/app-icon";

export const metadata: Metadata = {
  title: { default: "Database recovery", template: "%s · Database recovery" },
  description: "Point-in-time recovery for OpenStack Trove database instances",
  icons: { icon: appIconDataUrl },
};

// The theme is applied before paint so dark-mode users never see a white flash.
const themeScript = `try{var t=localStorage.getItem("tpd-theme");if(!t){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}`;

/**
 * Read per request, which also keeps every page dynamically rendered: a page built ahead of time
 * would carry no nonce, and the CSP would block its scripts.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

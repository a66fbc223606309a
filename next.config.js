import createNextIntlPlugin from "next-intl/plugin";

// Each request's language and catalog (lib/i18n): URLs carry no locale, so runbook links work in any language.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let two builds (e.g. integration and browser tests) run side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // better-sqlite3 belongs to the embedded backend only; keep it out of any bundle.
  serverExternalPackages: ["better-sqlite3"],
  // The admin screen's earlier addresses, kept for runbooks and scripts written against them.
  async redirects() {
    return [
      { source: "/admin/recovery", destination: "/admin/recovery-overview", permanent: true },
      { source: "/api/admin/overview", destination: "/api/admin/recovery-overview", permanent: true },
    ];
  },
};
export default withNextIntl(nextConfig);

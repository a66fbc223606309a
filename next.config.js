/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let two builds (e.g. integration and browser tests) run side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // better-sqlite3 belongs to the embedded backend only; keep it out of any bundle.
  serverExternalPackages: ["better-sqlite3"],
};
export default nextConfig;

import { defineConfig } from "@playwright/test";

import { browserUse } from "./e2e/support/openstack";

// Debian's chromium, never a downloaded browser; the embedded backend and the built dashboard run
// on their own ports (5100/8879/3100) so a developer's `npm start` on 3000/5000/8779 can stay up.

export default defineConfig({
  testDir: "e2e",
  testIgnore: ["**/real/**", "**/postgres/**"],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  outputDir: ".tmp/playwright-results",
  use: {
    baseURL: "http://127.0.0.1:3100",
    timezoneId: "Europe/Berlin",
    locale: "en-GB",
    ...browserUse,
  },
  webServer: [
    {
      command: "npx tsx lib/embedded/main.ts --reset --db .tmp/e2e.sqlite --keystone-port 5100 --trove-port 8879",
      url: "http://127.0.0.1:5100/v3",
      env: { EMBEDDED_RESTORE_SECONDS: "3", EMBEDDED_BACKUP_SECONDS: "2", EMBEDDED_BUILD_SECONDS: "1" },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // A fresh store each run: the audit trail and idempotency records start empty, like the backend.
      command: "rm -rf .tmp/e2e-dashboard && npx next start -H 127.0.0.1 -p 3100",
      url: "http://127.0.0.1:3100/login",
      env: {
        OS_AUTH_URL: "http://127.0.0.1:5100/v3",
        SESSION_SECRET: "e2e-only-secret-e2e-only-secret-0123456789",
        STATUS_POLL_MS: "500",
        NEXT_TELEMETRY_DISABLED: "1",
        DASHBOARD_DATA_DIR: ".tmp/e2e-dashboard",
        // A message missing from a catalog fails the page, and with it the test.
        I18N_STRICT: "1",
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});

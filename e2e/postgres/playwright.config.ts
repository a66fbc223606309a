import { defineConfig } from "@playwright/test";
import { browserUse } from "../support/openstack";

// The built dashboard on the embedded backend with the real PostgreSQL engine (--engine postgres):
// the demo world's postgresql instances are live clusters with a workload and a fast backup schedule.
// Ports 5300/9079/3300 and addresses 127.0.8.x keep clear of `npm start` and the other browser runs.

export default defineConfig({
  testDir: ".",
  // A journey restores live clusters and runs scratch restores for previews: minutes on a loaded 2-core machine.
  timeout: 480_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../../.tmp/playwright-postgres-results",
  use: {
    baseURL: "http://127.0.0.1:3300",
    timezoneId: "Europe/Berlin",
    locale: "en-GB",
    ...browserUse,
  },
  webServer: [
    {
      // One process (no npx or tsx wrapper), so the SIGTERM reaches the backend and it stops every cluster before exiting.
      command:
        "node --import tsx lib/embedded/main.ts --reset --db .tmp/e2e-postgres/embedded.sqlite --keystone-port 5300 --trove-port 9079 --engine postgres",
      cwd: "../..",
      url: "http://127.0.0.1:5300/v3",
      env: {
        EMBEDDED_PG_NETWORK: "127.0.8",
        EMBEDDED_PG_ARCHIVE_TIMEOUT: "2",
        EMBEDDED_SCHEDULE_FULL_SECONDS: "60",
        EMBEDDED_SCHEDULE_INCR_SECONDS: "15",
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    },
    {
      command: "npx next start -H 127.0.0.1 -p 3300",
      cwd: "../..",
      url: "http://127.0.0.1:3300/login",
      env: {
        OS_AUTH_URL: "http://127.0.0.1:5300/v3",
        SESSION_SECRET: "pg-e2e-only-secret-pg-e2e-only-secret-0123456789",
        STATUS_POLL_MS: "500",
        // The live clusters' backend decodes WAL and archives while it answers: on a loaded CI machine it
        // went quiet for over 10 s at a time, and the journey failed on reads, not on what it tests.
        UPSTREAM_TIMEOUT_MS: "60000",
        NEXT_TELEMETRY_DISABLED: "1",
        I18N_STRICT: "1",
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});

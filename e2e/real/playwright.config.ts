import { defineConfig } from "@playwright/test";
import { browserUse } from "../support/openstack";

// The built dashboard against the genuine Keystone 22 + Trove 18 that scripts/real-cloud.sh starts
// (their ports 5000/8779 are fixed by ../shared/real-trove). Port 3200 keeps clear of a developer's
// `npm start` (3000) and the embedded-backend e2e run (3100).

export default defineConfig({
  testDir: ".",
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../../.tmp/playwright-real-results",
  use: {
    baseURL: "http://127.0.0.1:3200",
    timezoneId: "UTC",
    locale: "en-GB",
    ...browserUse,
  },
  webServer: {
    command: "npx next start -H 127.0.0.1 -p 3200",
    cwd: "../..",
    url: "http://127.0.0.1:3200/login",
    env: {
      OS_AUTH_URL: process.env.REAL_OS_AUTH_URL ?? "http://127.0.0.1:5000/v3",
      SESSION_SECRET: "real-cloud-e2e-secret-real-cloud-e2e-secret-0123",
      STATUS_POLL_MS: "1000",
      UPSTREAM_TIMEOUT_MS: "20000",
      NEXT_TELEMETRY_DISABLED: "1",
      I18N_STRICT: "1",
    },
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
